/**
 * The planner message of a raid (embed with vote tallies, two vote selects and the
 * finish button) in the guild's planner channel. Votes update it through the
 * interaction response (`startResponse`, outside the raid's lock); this service posts
 * it, repairs it (start-up, deleted message), closes it when the raid ends — the last
 * two only with the raid's lock — and, when responses may have reached Discord out of
 * order, edits it once more from the database (planner-freshness.ts; at most one such
 * catch-up edit per raid per CATCH_UP_INTERVAL_MS).
 */
import type { AttendanceOutcome } from '../../attendance/render';
import type { Client, Guild } from 'discord.js';
import type { Logger } from '../../logging';
import { KeyedCoalescer } from '../../concurrency/coalescer';
import { KeyedThrottle } from '../../concurrency/throttle';
import { isOldMessageEditLimit, type EditLimits } from '../../discord/edit-limits';
import { knownDisplayName } from '../../discord/cache-policy';
import { ChannelUnavailableError } from '../../discord/errors';
import { MessagePublisher } from '../../discord/message-publisher';
import { deleteMessage, editMessage, postMessage, type MessagePayload, type UpsertOptions } from '../../discord/tracked-message';
import { renderClosedPlanner, renderPlannerMessage, type ClosedRaidReason } from '../render/planner';
import { fullyVotedUserIds } from '../slots';
import type { Raid, RaidState } from '../types';
import { cachedGuild, guildLocale, type RaidServiceRepositories } from './context';
import type { GuildTime } from './guild-time';
import { PlannerFreshness, type PlannerWrite } from './planner-freshness';
import type { HeldRaidLock, RaidLocks } from './raid-lock';

export interface PlannerServiceOptions {
  /** Minimum time between two catch-up edits of one raid (default one second). */
  readonly catchUpIntervalMs?: number;
  /** Shared back-off for edits Discord refused for the message's age (30046). */
  readonly editLimits?: EditLimits;
  /** A planner too old to edit was replaced under a new id: the raid list links it (the raid services refresh it). */
  readonly onReposted?: (guildId: string) => void;
}

/** Members fetched per refresh at most, to name voters the cache does not know (start-up). */
const MAX_NAME_FETCHES = 30;

/** At most one catch-up edit per raid per this interval. */
export const CATCH_UP_INTERVAL_MS = 1000;

/** A planner write registered under the raid's lock: what to show, and `done` once Discord answered. */
export interface PlannerResponse {
  readonly payload: MessagePayload;
  /** `applied`: Discord accepted the write. Call exactly once, whatever happened. */
  done(applied: boolean): void;
}

export class PlannerService {
  private readonly coalescer: KeyedCoalescer;
  private readonly publisher: MessagePublisher;
  private readonly freshness = new PlannerFreshness((raidId) => this.requestCatchUp(raidId));
  private readonly catchUps: KeyedThrottle;

  public constructor(
    private readonly client: Client,
    private readonly repos: RaidServiceRepositories,
    private readonly logger: Logger,
    private readonly time: GuildTime,
    private readonly locks: RaidLocks,
    private readonly options: PlannerServiceOptions = {},
  ) {
    this.publisher = new MessagePublisher(
      client.rest,
      (error) => this.logger.warn(`planner channel ${error.channelId} is unavailable (${error.reason}): its planners move to the planner channel of /settings when one is set`),
      options.editLimits,
    );
    this.coalescer = new KeyedCoalescer({
      // A channel that cannot be used was reported once by the publisher.
      onError: (key, error) => {
        if (!(error instanceof ChannelUnavailableError)) this.logger.error(`planner refresh of raid ${key} failed`, error);
      },
    });
    this.catchUps = new KeyedThrottle({
      intervalMs: options.catchUpIntervalMs ?? CATCH_UP_INTERVAL_MS,
      onError: (key, error) => this.logger.error(`planner catch-up of raid ${key} failed`, error),
    });
  }

  /**
   * The planner as it should look now, voters named from the member cache (no REST call:
   * votes wait on this) and slots placed in the server's zone (`knownZone`, else one
   * database read).
   */
  public async render(state: RaidState, knownZone?: string): Promise<MessagePayload> {
    const guild = cachedGuild(this.client, state.raid.guildId);
    const zone = knownZone ?? (await this.zoneOf(state.raid.guildId));
    return renderPlannerMessage(state, { names: this.cachedNames(guild, fullyVotedUserIds(state)), locale: guildLocale(guild), zone });
  }

  /** The server's zone, as the planner places slots in it (a vote reads it before the lock). */
  public zoneOf(guildId: string): Promise<string> {
    return this.time.zoneOf(guildId);
  }

  /**
   * The planner for the interaction responses of `count` votes, as of their commit (votes
   * toggled together share one): called holding the raid's lock right after the
   * transaction (`changed`: it committed a change), so the writes are registered in
   * commit order; the responses themselves are sent after the lock is released. Responses
   * that may have reached Discord out of order are followed by one catch-up edit.
   * `zone`: the server's zone as read before the lock.
   */
  public async startResponses(lock: HeldRaidLock, state: RaidState, changed: boolean, count: number, zone?: string): Promise<PlannerResponse[]> {
    const raidId = state.raid.id;
    lock.assertHolds(raidId);
    const version = changed ? this.freshness.commit(raidId) : this.freshness.version(raidId);
    // One write per response (votes toggled together all show the same commit), one render for all.
    const writes = Array.from({ length: count }, () => this.freshness.begin(raidId, version));
    try {
      const payload = await this.render(state, zone);
      return writes.map((write) => ({ payload, done: (applied: boolean) => this.freshness.end(write, applied) }));
    } catch (error) {
      for (const write of writes) this.freshness.end(write, false); // not shown: the catch-up edit follows from the database
      throw error;
    }
  }

  /** Posts a new planner message for a just-created raid; ChannelUnavailableError when the channel cannot be used. */
  public async post(state: RaidState): Promise<string> {
    return (await this.publisher.publish(state.raid.channelId, null, await this.render(state))).messageId;
  }

  /**
   * Edits the planner message in place, or posts it again (and stores the new id) when
   * it was deleted. Used at start-up and whenever the message must be repaired. Takes
   * the raid's held lock, so a vote answered meanwhile is never overwritten by an
   * older state.
   */
  public refresh(lock: HeldRaidLock, options: UpsertOptions = {}): Promise<void> {
    const { raidId } = lock;
    lock.assertHolds(raidId);
    return this.coalescer.run(String(raidId), async () => {
      const state = await this.repos.raids.loadRaidState(raidId);
      if (state === null || state.days.length === 0 || state.times.length === 0) return;
      await this.fetchMissingNames(cachedGuild(this.client, state.raid.guildId), fullyVotedUserIds(state));
      const payload = await this.render(state);
      const write = this.freshness.begin(raidId, this.freshness.version(raidId));
      let result;
      try {
        // Always written (or read back): votes change the planner through interaction
        // responses, so this process's memory of it is never the whole story.
        result = await this.publisher.publish(state.raid.channelId, state.raid.messageId, payload, { ...options, force: true, retry: this.retryOf(raidId) });
      } catch (error) {
        this.freshness.end(write, false);
        if (!(error instanceof ChannelUnavailableError)) throw error;
        await this.moveToSettingsChannel(state.raid, payload, error);
        return;
      }
      // Deferred (30046) counts as written here: the publisher's retry (retryOf) writes the
      // state as it is then, so no catch-up edit must chase it every second meanwhile.
      this.freshness.end(write, true);
      if (result.deferred === true) this.logger.info(`raid ${raidId}: Discord refused to edit the planner (older than an hour, 30046); tried again later`);
      if (result.posted) {
        const why = result.replaced === undefined ? '' : ` (Discord refused edits of ${result.replaced}, older than an hour)`;
        this.logger.info(`raid ${raidId}: planner message posted again as ${result.messageId}${why}`);
        await this.repos.raids.setPlannerMessage(raidId, result.messageId);
        // Replaced a minute after restoration or a vote: nothing else will bring the raid list's link along.
        if (result.replaced !== undefined) this.options.onReposted?.(state.raid.guildId);
      }
    });
  }

  /**
   * The raid's planner channel is gone or closed to the bot: when /settings names another
   * planner channel, the planner is posted there and the raid follows it; otherwise the
   * error stands (reported once per channel).
   */
  private async moveToSettingsChannel(raid: Raid, payload: MessagePayload, unavailable: ChannelUnavailableError): Promise<void> {
    const plannerChannelId = (await this.repos.settings.get(raid.guildId))?.plannerChannelId ?? null;
    if (plannerChannelId === null || plannerChannelId === raid.channelId) throw unavailable;
    const messageId = await postMessage(this.client.rest, plannerChannelId, payload);
    this.logger.info(`raid ${raid.id}: planner channel ${raid.channelId} is unavailable (${unavailable.reason}); planner moved to ${plannerChannelId} as ${messageId}`);
    if (!(await this.repos.raids.movePlanner(raid.id, plannerChannelId, messageId))) {
      await deleteMessage(this.client.rest, plannerChannelId, messageId).catch(() => undefined); // the raid ended meanwhile
    }
  }

  /**
   * Turns the planner into the red "closed" notice without components. Failures are
   * logged, not thrown; false when it is worth trying again (not when the message or
   * the channel is gone or closed to the bot). Takes the raid's held lock, so no vote's
   * update response can show the raid open again afterwards.
   */
  public async close(lock: HeldRaidLock, raid: Raid, reason: ClosedRaidReason, attendanceRows?: number, attendance?: AttendanceOutcome): Promise<boolean> {
    lock.assertHolds(raid.id);
    // Vote responses already on their way land first; no catch-up follows the notice.
    await this.freshness.settled(raid.id);
    this.freshness.forget(raid.id);
    if (raid.messageId === null) return true;
    const guild = cachedGuild(this.client, raid.guildId);
    const payload = renderClosedPlanner(raid, { reason, attendanceRows, locale: guildLocale(guild), ...(attendance === undefined ? {} : { attendance }) });
    try {
      await editMessage(this.client.rest, raid.channelId, raid.messageId, payload);
      return true;
    } catch (error) {
      if (error instanceof ChannelUnavailableError) {
        this.logger.warn(`raid ${raid.id}: planner not closed, ${error.message}`);
        return true;
      }
      // Too old to edit (30046): the closed notice replaces the planner, which is never edited again.
      if (isOldMessageEditLimit(error)) return this.replaceWithClosedNotice(raid, raid.messageId, payload);
      this.logger.error(`raid ${raid.id}: closing the planner message failed`, error);
      return false;
    }
  }

  /** A refused edit's retry: the refresh again, under the raid's lock, from the database as it is then. */
  private retryOf(raidId: number): () => void {
    return () => void this.locks.run(raidId, (lock) => this.refresh(lock)).catch(() => undefined); // failures logged by the coalescer
  }

  private async replaceWithClosedNotice(raid: Raid, messageId: string, payload: MessagePayload): Promise<boolean> {
    let notice: string;
    try {
      notice = await postMessage(this.client.rest, raid.channelId, payload);
    } catch (error) {
      if (error instanceof ChannelUnavailableError) return true;
      this.logger.error(`raid ${raid.id}: posting the closed notice in place of the planner failed`, error);
      return false;
    }
    // Once the notice is out, the close is done: a failed delete must not post a second notice.
    await deleteMessage(this.client.rest, raid.channelId, messageId).catch((error: unknown) => this.logger.warn(`raid ${raid.id}: the old planner ${messageId} could not be deleted`, error));
    this.logger.info(`raid ${raid.id}: Discord refused to edit the planner (older than an hour); the closed notice was posted as ${notice} in its place`);
    return true;
  }

  public async whenAllIdle(): Promise<void> {
    await this.catchUps.whenAllIdle();
    await this.coalescer.whenAllIdle();
  }

  /** Shutdown: no more catch-up edits; waits for one in progress. */
  public async dispose(): Promise<void> {
    await this.catchUps.dispose();
    await this.coalescer.whenAllIdle();
  }

  private requestCatchUp(raidId: number): void {
    this.catchUps.request(String(raidId), () => this.catchUp(raidId));
  }

  /**
   * Edits the planner to the latest committed state: read and rendered holding the lock
   * (so the edit is registered in order with vote responses), sent without it. A write
   * still on its way ends its round later and asks again. When the message is gone or
   * the edit fails, one repair (`refresh`, which posts again or moves the planner)
   * follows and the raid is not chased further until its next write.
   */
  private async catchUp(raidId: number): Promise<void> {
    const prepared = await this.locks.run(raidId, async () => {
      if (this.freshness.isExact(raidId) || this.freshness.busy(raidId)) return null;
      const state = await this.repos.raids.loadRaidState(raidId);
      if (state === null || state.raid.messageId === null || state.days.length === 0 || state.times.length === 0) {
        this.freshness.forget(raidId);
        return null;
      }
      const payload = await this.render(state); // before the write is registered: a failed render leaves none open
      const write: PlannerWrite = this.freshness.begin(raidId, this.freshness.version(raidId));
      return { write, raid: state.raid, messageId: state.raid.messageId, payload };
    });
    if (prepared === null) return;
    let applied = false;
    try {
      applied = await editMessage(this.client.rest, prepared.raid.channelId, prepared.messageId, prepared.payload);
    } catch (error) {
      if (!(error instanceof ChannelUnavailableError)) this.logger.warn(`raid ${raidId}: catch-up edit of the planner failed`, error);
    } finally {
      this.freshness.end(prepared.write, applied);
    }
    if (applied) return;
    // Also after 30046: the refresh goes through the publisher, which backs off and retries.
    await this.locks.run(raidId, (lock) => this.refresh(lock)).catch(() => undefined); // logged by the coalescer
    this.freshness.forget(raidId);
  }

  private cachedNames(guild: Guild | null, userIds: readonly string[]): Map<string, string> {
    const names = new Map<string, string>();
    for (const userId of userIds) {
      const user = this.client.users.cache.get(userId);
      const name = (guild === null ? undefined : knownDisplayName(this.client, guild.id, userId)) ?? user?.globalName ?? user?.username;
      if (name !== undefined && name.trim() !== '') names.set(userId, name);
    }
    return names;
  }

  private async fetchMissingNames(guild: Guild | null, userIds: readonly string[]): Promise<void> {
    if (guild === null) return;
    const missing = userIds.filter((userId) => knownDisplayName(this.client, guild.id, userId) === undefined).slice(0, MAX_NAME_FETCHES);
    for (const userId of missing) {
      // Caches the member; a member who left simply stays unnamed ("User <id>").
      await guild.members.fetch(userId).catch(() => undefined);
    }
  }
}
