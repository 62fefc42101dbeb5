/**
 * The raid services as one object per process: planner, participant lists, raid
 * role, raid list, the raid lock and the create, vote and close flows, sharing their coalescers so that every path
 * (votes, commands, workers, start-up) edits a message through the same queue.
 */
import { EventEmitter } from 'node:events';
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
import type { GuildPreferenceName } from '../../db/repositories/guild-preferences-repository';
import { EditLimits } from '../../discord/edit-limits';
import type { Redis } from 'ioredis';
import { VoiceAttendance } from '../../attendance/service';
import { shardOwnership, type ShardOwnership } from '../../sharding/ownership';

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
  /** At most one planner catch-up edit per raid per this interval (default 1 s). */
  readonly plannerCatchUpIntervalMs?: number;
  /** Voice-verified attendance's Redis (src/lib/attendance); without it every participant of a finish is present. */
  readonly voiceAttendance?: { readonly redis: () => Promise<Redis>; readonly prefix: string };
  /** The servers this process is responsible for (sharded bot); default every server. */
  readonly shards?: ShardOwnership;
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
  /** Which servers' per-server work (automatic close, owed clean-ups, reminders, scheduled events) is this process's. */
  public readonly shards: ShardOwnership;
  /** Voice presence in each qualified slot's window, judged at the finish; null when not configured. */
  public readonly attendance: VoiceAttendance | null;
  /** `timePreferencesChanged`: a server changed its zone, reminder lead or grace in /settings. */
  public readonly events = new EventEmitter<{ timePreferencesChanged: [guildId: string, changed: readonly GuildPreferenceName[]] }>();
  /** Edits Discord refused because a message is older than an hour (30046), shared by planner, lists and raid list. */
  public readonly editLimits: EditLimits;

  private readonly logger = createLogger('dmw.raids');

  public constructor(
    client: Client,
    private readonly repos: RaidServiceRepositories,
    options: RaidServicesOptions,
  ) {
    const { logger } = this;
    this.shards = options.shards ?? shardOwnership(null);
    this.time = new GuildTime(repos.guildPreferences, options.clock, options.defaultTimeZone);
    this.editLimits = new EditLimits({ clock: options.clock });
    this.locks = new RaidLocks();
    this.planner = new PlannerService(client, repos, logger, this.time, this.locks, {
      catchUpIntervalMs: options.plannerCatchUpIntervalMs,
      editLimits: this.editLimits,
      onReposted: (guildId) => this.raidList.scheduleRefresh(guildId),
    });
    this.roles = new RaidRoleService(client, repos, logger);
    this.slots = new SlotSyncService(client, repos, this.roles, logger, { ...options.slots, editLimits: this.editLimits }, this.time);
    this.raidList = new RaidListService(client, repos, logger, this.time, { ...options.raidList, editLimits: this.editLimits });
    this.votes = new VoteService({ repos, locks: this.locks, planner: this.planner, slots: this.slots, raidList: this.raidList, limiter: options.voteLimiter });
    const voice = options.voiceAttendance;
    this.attendance = voice === undefined ? null : new VoiceAttendance(voice.redis, voice.prefix, this.time, createLogger('dmw.attendance'), this.shards);
    this.closing = new RaidClosing(client, repos, this.planner, this.slots, this.roles, this.raidList, this.locks, logger, this.time, this.attendance, this.shards);
    this.creation = new RaidCreation({ repos, locks: this.locks, planner: this.planner, slots: this.slots, raidList: this.raidList, time: this.time, limits: options.raidLimits, logger });
  }

  /**
   * A server's time preferences changed (/settings): the one place where everything that
   * depends on them follows. Failures are logged, never thrown (the caller does not wait).
   */
  public async onTimePreferencesChanged(guildId: string, changed: readonly GuildPreferenceName[]): Promise<void> {
    // Votes read the new zone from now on (before anything waits: a vote may come any moment).
    if (changed.includes('timeZone')) this.votes.zoneChanged(guildId);
    // Listeners outside the raid services (reminders re-plan the server's raids) follow too.
    this.events.emit('timePreferencesChanged', guildId, changed);
    try {
      if (changed.includes('timeZone')) await this.redrawForNewZone(guildId);
    } catch (error) {
      this.logger.error(`guild ${guildId}: following the changed time preferences (${changed.join(', ')}) failed`, error);
    }
  }

  /**
   * A new zone moves every slot's instant: each open raid's planner and participant lists
   * and the server's raid list are drawn again. A message that fails is logged; its next
   * refresh repairs it anyway.
   */
  private async redrawForNewZone(guildId: string): Promise<void> {
    const raids = await this.repos.raids.openRaidsOfGuild(guildId);
    for (const raid of raids) {
      if (raid.messageId !== null) await this.locks.run(raid.id, (lock) => this.planner.refresh(lock)).catch((error: unknown) => this.logger.warn(`raid ${raid.id}: planner not redrawn for the new zone`, error));
      await this.slots.sync(raid.id).catch((error: unknown) => this.logger.warn(`raid ${raid.id}: participant lists not redrawn for the new zone`, error));
    }
    await this.raidList.refresh(guildId).catch((error: unknown) => this.logger.warn(`guild ${guildId}: raid list not redrawn for the new zone`, error));
    this.logger.info(`guild ${guildId}: ${raids.length} open raid(s) redrawn for a new time zone`);
  }

  /** Shutdown: drops pending debounced refreshes and waits for edits in progress. */
  public async dispose(): Promise<void> {
    this.editLimits.dispose();
    this.attendance?.dispose();
    await this.closing.dispose();
    await this.raidList.dispose();
    await Promise.all([this.slots.dispose(), this.planner.dispose()]);
    await this.roles.whenAllIdle();
  }
}

/** The bot's raid services, with the limits of its configuration and its flood guards. */
export function createRaidServices(
  client: Client,
  repos: RaidServiceRepositories,
  config: Pick<Config, 'limits' | 'defaultTimeZone'> & { readonly sharding?: Config['sharding'] },
  flood: FloodGuards,
  clock: Clock,
  voiceAttendance?: RaidServicesOptions['voiceAttendance'],
): RaidServices {
  return new RaidServices(client, repos, {
    slots: { listsPerRaid: config.limits.participantListsPerRaid, pings: flood.pings },
    voteLimiter: flood.votes,
    raidLimits: config.limits,
    clock,
    defaultTimeZone: config.defaultTimeZone,
    shards: shardOwnership(config.sharding ?? null),
    ...(voiceAttendance === undefined ? {} : { voiceAttendance }),
  });
}
