/**
 * The raid services as one object per process: planner, participant lists, raid
 * role, raid list, the raid lock and the create, vote and close flows, sharing their coalescers so that every path
 * (votes, commands, workers, start-up) edits a message through the same queue.
 */
import type { Client } from 'discord.js';
import { createLogger } from '../../logging';
import type { RaidServiceRepositories } from './context';
import { RaidClosing } from './close-raid';
import { PlannerService } from './planner';
import { RaidListService, type RaidListOptions } from './raid-list';
import { RaidRoleService } from './raid-role';
import { SlotSyncService, type SlotSyncOptions } from './slot-sync';
import type { Config } from '../../../config';
import type { FloodGuards, OpenRaidLimits, VoteRateLimiter } from '../../flood';
import { RaidCreation } from './create-raid';
import { RaidLocks } from './raid-lock';
import { VoteService } from './votes';
import { GuildTime } from './guild-time';
import type { Clock } from '../../time';
import { EditLimits } from '../../discord/edit-limits';

export { mayFinish, type FinishActor, type FinishOutcome } from './close-raid';
export { raidRoleName } from './raid-role';
export { GuildTime } from './guild-time';

export interface RaidServicesOptions {
  readonly slots: SlotSyncOptions;
  /** Vote changes per member and window; null limits nothing. */
  readonly voteLimiter: VoteRateLimiter | null;
  /** Open-raid caps per member and server; null caps nothing. */
  readonly raidLimits: OpenRaidLimits | null;
  readonly raidList?: RaidListOptions;
  /** The bot's clock (tests: a fixed or test clock); default the system clock. */
  readonly clock?: Clock;
  /** Zone of servers that chose none (DEFAULT_TIMEZONE); default Europe/Berlin. */
  readonly defaultTimeZone?: string;
}

export class RaidServices {
  public readonly planner: PlannerService;
  public readonly roles: RaidRoleService;
  public readonly slots: SlotSyncService;
  public readonly raidList: RaidListService;
  public readonly closing: RaidClosing;
  public readonly creation: RaidCreation;
  public readonly locks: RaidLocks;
  public readonly votes: VoteService;
  /** The clock and each server's zone and time preferences. */
  public readonly time: GuildTime;
  /** Edits Discord refused because a message is older than an hour (30046), shared by planner, lists and raid list. */
  public readonly editLimits: EditLimits;

  public constructor(client: Client, repos: RaidServiceRepositories, options: RaidServicesOptions) {
    const logger = createLogger('dmw.raids');
    this.time = new GuildTime(repos.guildPreferences, options.clock, options.defaultTimeZone);
    this.editLimits = new EditLimits({ clock: options.clock });
    this.locks = new RaidLocks();
    this.planner = new PlannerService(client, repos, logger, {
      locks: this.locks,
      editLimits: this.editLimits,
      onReposted: (guildId) => this.raidList.scheduleRefresh(guildId),
    });
    this.roles = new RaidRoleService(client, repos, logger);
    this.slots = new SlotSyncService(client, repos, this.roles, logger, { ...options.slots, editLimits: this.editLimits });
    this.raidList = new RaidListService(client, repos, logger, { ...options.raidList, editLimits: this.editLimits });
    this.votes = new VoteService({ repos, locks: this.locks, planner: this.planner, slots: this.slots, raidList: this.raidList, limiter: options.voteLimiter });
    this.closing = new RaidClosing(client, repos, this.planner, this.slots, this.roles, this.raidList, this.locks, logger);
    this.creation = new RaidCreation({ repos, locks: this.locks, planner: this.planner, slots: this.slots, raidList: this.raidList, limits: options.raidLimits, logger });
  }

  /** Shutdown: drops pending debounced refreshes and waits for edits in progress. */
  public async dispose(): Promise<void> {
    this.editLimits.dispose();
    await this.closing.dispose();
    await this.raidList.dispose();
    await Promise.all([this.slots.whenAllIdle(), this.planner.whenAllIdle()]);
    await this.roles.whenAllIdle();
  }
}

/** The bot's raid services, with the limits of its configuration and its flood guards. */
export function createRaidServices(client: Client, repos: RaidServiceRepositories, config: Pick<Config, 'limits' | 'defaultTimeZone'>, flood: FloodGuards, clock: Clock): RaidServices {
  return new RaidServices(client, repos, {
    slots: { listsPerRaid: config.limits.participantListsPerRaid, pings: flood.pings },
    voteLimiter: flood.votes,
    raidLimits: config.limits,
    clock,
    defaultTimeZone: config.defaultTimeZone,
  });
}
