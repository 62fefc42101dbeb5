/**
 * Guild scheduled events as Discord keeps them: per guild, with the members who marked
 * "interested" (set by the driver, kept across every PATCH), the status transitions
 * Discord allows (scheduled → active | canceled, active → completed; completed and
 * canceled events are final) and the 100 uncompleted events a guild may have. The REST
 * side is rest/routes/scheduled-events.ts; this module holds the records and the rules.
 *
 * Time: Discord refuses a start in the past. The emulator judges that on `now()`, the
 * real clock unless a test points it at the bot's test clock (`setClock`).
 */
import { GuildScheduledEventEntityType, GuildScheduledEventPrivacyLevel, GuildScheduledEventStatus, RESTJSONErrorCodes } from 'discord-api-types/v10';
import type { APIGuildScheduledEvent } from 'discord-api-types/v10';
import { DiscordHttpError } from './errors';
import type { EmulatorState } from './state';

export const MAX_UNCOMPLETED_EVENTS = 100;

export interface ScheduledEventRecord {
  id: string;
  guildId: string;
  creatorId: string;
  name: string;
  description: string | null;
  scheduledStart: string;
  scheduledEnd: string | null;
  privacyLevel: GuildScheduledEventPrivacyLevel;
  status: GuildScheduledEventStatus;
  entityType: GuildScheduledEventEntityType;
  channelId: string | null;
  location: string | null;
  /** User ids of members who marked the event "interested". */
  interested: Set<string>;
  /** Every change the bot made, in order (tests read how an event was reached). */
  history: string[];
}

/** Which status changes Discord accepts. */
const TRANSITIONS: Readonly<Record<number, readonly GuildScheduledEventStatus[]>> = {
  [GuildScheduledEventStatus.Scheduled]: [GuildScheduledEventStatus.Active, GuildScheduledEventStatus.Canceled],
  [GuildScheduledEventStatus.Active]: [GuildScheduledEventStatus.Completed],
  [GuildScheduledEventStatus.Completed]: [],
  [GuildScheduledEventStatus.Canceled]: [],
};

export function canTransition(from: GuildScheduledEventStatus, to: GuildScheduledEventStatus): boolean {
  return from === to ? from === GuildScheduledEventStatus.Scheduled || from === GuildScheduledEventStatus.Active : TRANSITIONS[from]!.includes(to);
}

export function isUncompleted(event: ScheduledEventRecord): boolean {
  return event.status === GuildScheduledEventStatus.Scheduled || event.status === GuildScheduledEventStatus.Active;
}

export const scheduledEventErrors = {
  unknown: () => new DiscordHttpError(404, { code: RESTJSONErrorCodes.UnknownGuildScheduledEvent, message: 'Unknown Guild Scheduled Event' }),
  tooMany: () =>
    new DiscordHttpError(400, {
      code: RESTJSONErrorCodes.MaximumNumberOfUncompletedGuildScheduledEventsReached,
      message: `Maximum number of uncompleted guild scheduled events reached (${MAX_UNCOMPLETED_EVENTS})`,
    }),
};

export class ScheduledEventStore {
  private readonly events = new Map<string, ScheduledEventRecord>();
  private clock: () => number = () => Date.now();

  /** Points "now" (for the start-in-the-past check) at another clock, e.g. the bot's test clock. */
  public setClock(clock: () => number): void {
    this.clock = clock;
  }

  public now(): number {
    return this.clock();
  }

  public add(event: ScheduledEventRecord): void {
    this.events.set(event.id, event);
  }

  public remove(id: string): void {
    this.events.delete(id);
  }

  public get(guildId: string, id: string): ScheduledEventRecord {
    const event = this.events.get(id);
    if (event === undefined || event.guildId !== guildId) throw scheduledEventErrors.unknown();
    return event;
  }

  /** The guild's events, oldest first (as Discord lists them; final ones included until removed). */
  public ofGuild(guildId: string): ScheduledEventRecord[] {
    return [...this.events.values()].filter((event) => event.guildId === guildId);
  }

  public uncompletedCount(guildId: string): number {
    return this.ofGuild(guildId).filter(isUncompleted).length;
  }

  /** Driver: members mark (or unmark) the event "interested". */
  public setInterested(guildId: string, id: string, userIds: readonly string[]): void {
    this.get(guildId, id).interested = new Set(userIds);
  }
}

const stores = new WeakMap<EmulatorState, ScheduledEventStore>();

/** The emulator's scheduled events (one store per emulator state). */
export function scheduledEventsOf(state: EmulatorState): ScheduledEventStore {
  let store = stores.get(state);
  if (store === undefined) {
    store = new ScheduledEventStore();
    stores.set(state, store);
  }
  return store;
}

export function apiScheduledEvent(event: ScheduledEventRecord, withUserCount: boolean): APIGuildScheduledEvent {
  return {
    id: event.id,
    guild_id: event.guildId,
    channel_id: event.channelId,
    creator_id: event.creatorId,
    name: event.name,
    description: event.description,
    scheduled_start_time: event.scheduledStart,
    scheduled_end_time: event.scheduledEnd,
    privacy_level: event.privacyLevel,
    status: event.status,
    entity_type: event.entityType,
    entity_id: null,
    entity_metadata: event.location === null ? null : { location: event.location },
    ...(withUserCount ? { user_count: event.interested.size } : {}),
  } as APIGuildScheduledEvent;
}
