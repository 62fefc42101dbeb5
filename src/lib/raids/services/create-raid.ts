/**
 * Creating a raid, all or nothing: the raid is written (under the guild's creation
 * lock, within the open-raid caps), its planner posted and the message id attached
 * with the guild's auto template; if the post fails the raid is deleted again, and a
 * raid cancelled in the moment between create and attach gets its planner taken down.
 * Then participant lists (and the raid role) and the raid list follow.
 */
import type { Guild } from 'discord.js';
import type { Logger } from '../../logging';
import { recordRaidCreated } from '../../metrics/raids';
import { ChannelUnavailableError } from '../../discord/errors';
import { channelProblemForBot, type ChannelProblem } from '../../discord/permissions';
import { OpenRaidLimitError, type OpenRaidLimitHit, type OpenRaidLimits } from '../../flood/open-raids';
import type { NewRaid, Raid } from '../types';
import type { RaidServiceRepositories } from './context';
import type { PlannerService } from './planner';
import type { RaidListService } from './raid-list';
import { validateSlotInput, type SlotValidation } from '../../time';
import { daysInDateOrder, timesInClockOrder } from '../slot-grid';
import type { GuildTime } from './guild-time';
import type { RaidLocks } from './raid-lock';
import type { SlotSyncService } from './slot-sync';

export interface RaidRequest extends Pick<NewRaid, 'creatorId' | 'days' | 'times' | 'minPlayers'> {
  /** The server, as the interaction's cached guild: channel permissions are checked on it. */
  readonly guild: Guild;
  readonly dungeonId: number;
}

export type CreateOutcome =
  | { readonly kind: 'created'; readonly raid: Raid; readonly dungeon: string; readonly plannerChannelId: string; readonly messageId: string }
  | { readonly kind: 'unknownDungeon'; readonly dungeonId: number }
  | { readonly kind: 'channelsNotConfigured' }
  | { readonly kind: 'channelProblem'; readonly problem: ChannelProblem }
  | { readonly kind: 'limit'; readonly hit: OpenRaidLimitHit }
  /** Nothing was created; `unavailable` says why when the channel is gone or closed to the bot. */
  | { readonly kind: 'plannerPostFailed'; readonly unavailable: ChannelUnavailableError | null }
  /** Cancelled (cancel-all) in the moment between create and attach; its planner was taken down. */
  | { readonly kind: 'closedMeanwhile' };

export interface RaidCreationParts {
  readonly repos: RaidServiceRepositories;
  readonly locks: RaidLocks;
  readonly planner: PlannerService;
  readonly slots: SlotSyncService;
  readonly raidList: RaidListService;
  /** The clock and the server's zone the typed days and times are read in. */
  readonly time: GuildTime;
  /** Open-raid caps; null (tests of other parts) caps nothing. */
  readonly limits: OpenRaidLimits | null;
  readonly logger: Logger;
}

export class RaidCreation {
  public constructor(private readonly parts: RaidCreationParts) {}

  /**
   * The days and times a member typed (split and trimmed), read in the server's zone
   * against the bot's clock: canonical labels in date and clock order, or the first
   * piece that cannot be read or lies in the past. Nothing is written.
   */
  public async readSlots(guildId: string, days: readonly string[], times: readonly string[]): Promise<SlotValidation> {
    const { time } = this.parts;
    const read = validateSlotInput(days, times, { now: time.now(), zone: await time.zoneOf(guildId) });
    return read.ok ? { ok: true, value: { days: daysInDateOrder(read.value.days), times: timesInClockOrder(read.value.times) } } : read;
  }

  public async create(request: RaidRequest): Promise<CreateOutcome> {
    const { repos, planner, logger } = this.parts;
    const { guild } = request;
    const dungeon = await repos.dungeons.findActiveById(request.dungeonId);
    if (dungeon === null) return { kind: 'unknownDungeon', dungeonId: request.dungeonId };
    // Settings may have changed since the form was opened.
    const settings = await repos.settings.ensureGuild(guild.id, guild.name);
    if (settings.plannerChannelId === null || settings.participantsChannelId === null) return { kind: 'channelsNotConfigured' };
    const problem = channelProblemForBot(guild, settings.plannerChannelId);
    if (problem !== null) return { kind: 'channelProblem', problem };

    const { days, times, minPlayers } = request;
    let state;
    try {
      state = await repos.raids.createRaid(
        { guildId: guild.id, channelId: settings.plannerChannelId, creatorId: request.creatorId, dungeon: dungeon.name, days, times, minPlayers },
        this.parts.limits ?? undefined,
      );
    } catch (error) {
      // Another form of the member (or the server) got the last free place since /raidplan checked.
      if (error instanceof OpenRaidLimitError) return { kind: 'limit', hit: error.hit };
      throw error;
    }
    const raidId = state.raid.id;

    let messageId: string;
    try {
      messageId = await planner.post(state);
    } catch (error) {
      await repos.raids.deleteRaid(raidId);
      if (error instanceof ChannelUnavailableError) return { kind: 'plannerPostFailed', unavailable: error };
      logger.error(`raid ${raidId}: planner post failed`, error);
      return { kind: 'plannerPostFailed', unavailable: null };
    }
    const template = settings.templatesEnabled ? { guildId: guild.id, dungeonId: dungeon.id, defaults: { days, times, minPlayers } } : null;
    if (!(await repos.raids.attachPlannerMessage(raidId, messageId, template))) {
      // Cancelled in the moment between create and attach: take the orphan planner down again.
      await this.parts.locks.run(raidId, (lock) => planner.close(lock, { ...state.raid, messageId }, 'cancelled'));
      return { kind: 'closedMeanwhile' };
    }

    recordRaidCreated();
    await this.parts.slots.sync(raidId).catch(() => undefined);
    await this.parts.raidList.refresh(guild.id).catch(() => undefined);
    return { kind: 'created', raid: { ...state.raid, messageId }, dungeon: dungeon.name, plannerChannelId: settings.plannerChannelId, messageId };
  }
}
