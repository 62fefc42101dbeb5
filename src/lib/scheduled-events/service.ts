/**
 * Keeps each server's Discord scheduled events in line with its qualified slots. It
 * follows the raids as the reminders do: a server is planned from the database after
 * each participant-list sync (votes), when a raid closes, when the server's preferences
 * change, at its next slot's start (a timer on the bot's clock) and for every server at
 * start-up. A plan is idempotent: it compares the events the qualified slots should have
 * with the events stored (scheduled-events-repository.ts) and makes only the calls that
 * differ (plan.ts), one server at a time.
 *
 * Discord's limits: plans are coalesced per server (a burst of votes costs one plan and
 * its calls run one after another), a 429 is waited out by discord.js's REST queue
 * (which reads Discord's retry-after), and no event is created beyond the 100
 * uncompleted ones a server may have (logged once). Without Manage Events nothing is
 * called and one line is logged until the permission is back, as the raid role does
 * without Manage Roles.
 */
import { ChannelType, GuildScheduledEventStatus, RESTJSONErrorCodes, Routes, type APIGuildScheduledEvent, type Client } from 'discord.js';
import type { ScheduledEventsRepository } from '../db/repositories/scheduled-events-repository';
import { KeyedCoalescer } from '../concurrency/coalescer';
import { isDiscordError, isForbidden } from '../discord/errors';
import { OnceReporter } from '../discord/once-reporter';
import { botCanManageEvents } from '../discord/permissions';
import type { Logger } from '../logging';
import type { GuildTime } from '../raids/services/guild-time';
import { cachedGuild, guildLocale, type RaidServiceRepositories } from '../raids/services/context';
import { closeRecordsAttendance, type ClosedRaidReason, type RaidState } from '../raids/types';
import type { GuildPreferences } from '../db/repositories/guild-preferences-repository';
import { nextStartAt, planEventActions, wantedEvents, type EventAction, type RaidEnding, type StoredEvent } from './plan';
import type { EventPlace } from './render';
import { shardOwnership, type ShardOwnership } from '../sharding/ownership';

const AUDIT_REASON = 'DMW Raid: qualified slot';
/** Longest real wait of a start timer; a longer one is re-armed by the plan it triggers. */
const MAX_TIMER_MS = 3_600_000;

export type ScheduledEventRepositories = Pick<RaidServiceRepositories, 'raids'> & { readonly scheduledEvents: ScheduledEventsRepository };

/** Stop the server's pass: Discord refused (permission) or the limit is reached. */
class PassStopped extends Error {}

export class ScheduledEventService {
  private readonly coalescer: KeyedCoalescer;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** How raids closed by this process ended (the 'closed' event); the database tells for others. */
  private readonly endings = new Map<number, RaidEnding>();
  private readonly problems = new OnceReporter();
  private disposed = false;

  public constructor(
    private readonly client: Client,
    private readonly repos: ScheduledEventRepositories,
    private readonly time: GuildTime,
    private readonly logger: Logger,
    /** Sharded bot: only this process's servers are planned (their events, cache and timers are here). */
    private readonly shards: Pick<ShardOwnership, 'ownsGuild'> = shardOwnership(null),
  ) {
    this.coalescer = new KeyedCoalescer({ onError: (guildId, error) => this.logger.warn(`scheduled events of guild ${guildId}: plan failed; tried again at the next change`, error) });
  }

  /** A raid changed or closed: its server is planned soon (fire and forget). */
  public scheduleRaid(raidId: number, reason?: ClosedRaidReason): void {
    if (reason !== undefined) this.endings.set(raidId, closeRecordsAttendance(reason) ? 'finished' : 'cancelled');
    void this.repos.scheduledEvents
      .guildOfRaid(raidId)
      .then((guildId) => (guildId === null ? undefined : this.sync(guildId)))
      .catch((error: unknown) => this.logger.warn(`scheduled events: raid ${raidId} not planned`, error));
  }

  /** Fire and forget. */
  public schedule(guildId: string): void {
    void this.sync(guildId).catch(() => undefined);
  }

  /** Brings the server's events in line (another process's server: nothing); resolves when a plan started after this call is done. */
  public sync(guildId: string): Promise<void> {
    if (this.disposed || !this.shards.ownsGuild(guildId)) return Promise.resolve();
    return this.coalescer.run(guildId, () => this.syncGuild(guildId));
  }

  /** Every server of this process with an open raid or an event of the bot (start-up); returns how many. */
  public async syncAll(): Promise<number> {
    const all = [...(await this.repos.raids.openRaids()).map((raid) => raid.guildId), ...(await this.repos.scheduledEvents.guilds())];
    const guilds = new Set(all.filter((guildId) => this.shards.ownsGuild(guildId)));
    for (const guildId of guilds) await this.sync(guildId).catch(() => undefined);
    return guilds.size;
  }

  /** Resolves when no plan is running or queued (tests). */
  public whenIdle(): Promise<void> {
    return this.coalescer.whenAllIdle();
  }

  public async dispose(): Promise<void> {
    this.disposed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await this.coalescer.whenAllIdle().catch(() => undefined);
  }

  private async syncGuild(guildId: string): Promise<void> {
    const preferences = await this.time.of(guildId);
    const stored = await this.repos.scheduledEvents.ofGuild(guildId);
    if (!preferences.scheduledEvents && stored.length === 0) return;
    const guild = cachedGuild(this.client, guildId);
    if (guild === null) return; // not (yet) in the cache: planned again by the next change or start
    if (botCanManageEvents(guild) === false) {
      this.problems.report(`${guildId}:permission`, () => this.logger.warn(`guild ${guildId}: no Discord scheduled events for raids, the bot lacks Manage Events`));
      return;
    }
    const open = await this.repos.raids.openRaidsOfGuild(guildId);
    const openIds = new Set(open.map((raid) => raid.id));
    const states: RaidState[] = [];
    if (preferences.scheduledEvents) {
      for (const raid of open) {
        const state = await this.repos.raids.loadRaidState(raid.id);
        if (state !== null) states.push(state);
      }
    }
    const endings = new Map<number, RaidEnding>();
    for (const raidId of new Set(stored.map((event) => event.raidId))) {
      if (!openIds.has(raidId)) endings.set(raidId, this.endings.get(raidId) ?? endingOf(await this.repos.scheduledEvents.raidStatus(raidId)));
    }
    const wanted = wantedEvents(states, preferences, guildLocale(guild), placeOf(this.client, preferences));
    const now = this.time.now();
    const actions = planEventActions(stored, wanted, openIds, endings, now);
    try {
      for (const action of actions) await this.apply(guildId, action);
      this.problems.clear(`${guildId}:permission`);
    } catch (error) {
      if (!(error instanceof PassStopped)) throw error;
    } finally {
      for (const raidId of endings.keys()) this.endings.delete(raidId);
    }
    this.armTimer(guildId, nextStartAt(wanted, now));
  }

  private async apply(guildId: string, action: EventAction): Promise<void> {
    const events = this.repos.scheduledEvents;
    try {
      switch (action.kind) {
        case 'create': {
          const created = (await this.client.rest.post(Routes.guildScheduledEvents(guildId), { body: action.wanted.payload, reason: AUDIT_REASON })) as APIGuildScheduledEvent;
          const { key, raidId, hash } = action.wanted;
          await events.save({ key, guildId, raidId, eventId: created.id, status: GuildScheduledEventStatus.Scheduled, hash });
          this.logger.info(`raid ${raidId}: scheduled event ${created.id} created`);
          return;
        }
        case 'update':
          await this.patch(guildId, action.stored, action.wanted.payload);
          await events.save({ ...action.stored, guildId, hash: action.wanted.hash });
          return;
        case 'start':
          await this.patch(guildId, action.stored, { status: GuildScheduledEventStatus.Active });
          await events.save({ ...action.stored, guildId, status: GuildScheduledEventStatus.Active });
          return;
        case 'complete':
          if (action.stored.status === GuildScheduledEventStatus.Scheduled) await this.patch(guildId, action.stored, { status: GuildScheduledEventStatus.Active });
          await this.patch(guildId, action.stored, { status: GuildScheduledEventStatus.Completed });
          await events.remove(action.stored.key);
          return;
        case 'delete':
          await this.client.rest.delete(Routes.guildScheduledEvent(guildId, action.stored.eventId), { reason: AUDIT_REASON });
          await events.remove(action.stored.key);
          return;
        case 'overLimit':
          this.problems.report(`${guildId}:limit`, () => this.logger.warn(`guild ${guildId}: 100 uncompleted scheduled events reached; slot events beyond are skipped`));
          return;
      }
    } catch (error) {
      if ('stored' in action && isDiscordError(error, RESTJSONErrorCodes.UnknownGuildScheduledEvent)) {
        // Deleted by hand (or ended) on Discord: forgotten; a slot that still qualifies gets a new one next time.
        await events.remove(action.stored.key);
        return;
      }
      if (isDiscordError(error, RESTJSONErrorCodes.MaximumNumberOfUncompletedGuildScheduledEventsReached)) {
        this.problems.report(`${guildId}:limit`, () => this.logger.warn(`guild ${guildId}: Discord refused a scheduled event, 100 uncompleted events reached`));
        throw new PassStopped();
      }
      if (isForbidden(error)) {
        this.problems.report(`${guildId}:permission`, () => this.logger.warn(`guild ${guildId}: Discord refused a scheduled event (${(error as Error).message}); check Manage Events`));
        throw new PassStopped();
      }
      throw error;
    }
  }

  private async patch(guildId: string, stored: StoredEvent, body: object): Promise<void> {
    await this.client.rest.patch(Routes.guildScheduledEvent(guildId, stored.eventId), { body, reason: AUDIT_REASON });
  }

  /** The server is planned again when its next slot starts (its event is started then). */
  private armTimer(guildId: string, at: Date | null): void {
    const previous = this.timers.get(guildId);
    if (previous !== undefined) clearTimeout(previous);
    this.timers.delete(guildId);
    if (at === null || this.disposed) return;
    const timer = setTimeout(() => {
      this.timers.delete(guildId);
      this.schedule(guildId);
    }, Math.min(MAX_TIMER_MS, this.time.clock.realMsUntil(at) + 50));
    timer.unref();
    this.timers.set(guildId, timer);
  }
}

/**
 * Where the server's slot events take place: in the raid voice channel an admin set in
 * /settings (`raid_voice_channel`, also what voice attendance counts), as a voice event;
 * otherwise — none set, the channel gone, or a stage channel (whose events are stage
 * instances) — an external event located at the planner. A change of the channel moves
 * the existing events in one PATCH each (their interested members stay).
 */
function placeOf(client: Client, preferences: GuildPreferences): EventPlace {
  const channelId = preferences.raidVoiceChannelId;
  if (channelId === null) return { kind: 'external' };
  return client.channels.cache.get(channelId)?.type === ChannelType.GuildVoice ? { kind: 'voice', channelId } : { kind: 'external' };
}

function endingOf(status: string | null): RaidEnding {
  if (status === 'finished' || status === 'auto-finished') return 'finished';
  if (status === null) return 'unknown';
  return 'cancelled';
}
