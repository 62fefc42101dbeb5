/**
 * What a server's scheduled events should be, and the Discord calls that get them there:
 * pure functions of the open raids, the events the bot made (their stored ids, status
 * and payload hash), how each ended raid ended, and the present.
 *
 * Identity: one event per raid and slot (`eventKey`, the slot's labels hashed as the
 * reminders do). A slot that changes keeps its event (PATCH), so members' "interested"
 * marks survive; an event is deleted only when its slot stops qualifying or its raid is
 * cancelled, and completed (after starting it, as Discord allows only
 * scheduled → active → completed) when its raid is finished.
 */
import { GuildScheduledEventStatus } from 'discord.js';
import { qualifiedSlots } from '../raids/slots';
import { instantOfSlot } from '../raids/schedule';
import type { RaidState } from '../raids/types';
import { slotHash } from '../reminders/plan';
import { eventPayloadHash, renderSlotEvent, SCHEDULED_EVENT_LIMITS, type EventPlace, type SlotEventPayload } from './render';

/** `schedevent:<raid id>:<slot hash>` (≤ 48 characters): the key of the event's row. */
export function eventKey(raidId: number, day: string, time: string): string {
  return `schedevent:${raidId}:${slotHash(day, time)}`;
}

/** An event the bot made, as stored. */
export interface StoredEvent {
  readonly key: string;
  readonly raidId: number;
  readonly eventId: string;
  /** Scheduled or active: completed and deleted events are no longer stored. */
  readonly status: GuildScheduledEventStatus.Scheduled | GuildScheduledEventStatus.Active;
  readonly hash: string;
}

/** An event a qualified slot should have. */
export interface WantedEvent {
  readonly key: string;
  readonly raidId: number;
  readonly slotAt: Date;
  readonly payload: SlotEventPayload;
  readonly hash: string;
}

/** How a raid that is no longer open ended, for its events: `unknown` when its row is gone. */
export type RaidEnding = 'finished' | 'cancelled' | 'unknown';

export type EventAction =
  | { readonly kind: 'create'; readonly wanted: WantedEvent }
  | { readonly kind: 'update'; readonly stored: StoredEvent; readonly wanted: WantedEvent }
  | { readonly kind: 'start'; readonly stored: StoredEvent }
  /** Start first when still scheduled, then complete. */
  | { readonly kind: 'complete'; readonly stored: StoredEvent }
  | { readonly kind: 'delete'; readonly stored: StoredEvent }
  /** Over the 100 uncompleted events Discord allows per server: not created (logged). */
  | { readonly kind: 'overLimit'; readonly wanted: WantedEvent };

export interface ServerEventPreferences {
  readonly timeZone: string;
  readonly scheduledEvents: boolean;
  readonly scheduledEventHours: number;
}

/** The events the open raids' qualified slots should have (none when the switch is off). */
export function wantedEvents(states: readonly RaidState[], preferences: ServerEventPreferences, locale: string, place: EventPlace = { kind: 'external' }): WantedEvent[] {
  if (!preferences.scheduledEvents) return [];
  const wanted: WantedEvent[] = [];
  for (const state of states) {
    for (const slot of qualifiedSlots(state)) {
      const slotAt = instantOfSlot(slot.day, slot.time, preferences.timeZone);
      if (slotAt === null) continue;
      const payload = renderSlotEvent({
        raid: state.raid,
        day: slot.day,
        time: slot.time,
        slotAt,
        hours: preferences.scheduledEventHours,
        memberCount: slot.userIds.length,
        locale,
        place,
      });
      wanted.push({ key: eventKey(state.raid.id, slot.day, slot.time), raidId: state.raid.id, slotAt, payload, hash: eventPayloadHash(payload) });
    }
  }
  return wanted.sort((a, b) => a.slotAt.getTime() - b.slotAt.getTime() || a.key.localeCompare(b.key));
}

/**
 * The calls that bring the server's events in line, in order: endings and deletions
 * first (they free room under the limit), then updates and starts, then creations,
 * earliest slot first. `openRaidIds` are the raids still open; an event of any other
 * raid ends by `endings` (a finished raid's events complete, a cancelled one's are
 * deleted; when nobody knows, an active event completes and a scheduled one goes).
 * `otherEvents` counts uncompleted events in the server the bot did not make, when known.
 */
export function planEventActions(
  stored: readonly StoredEvent[],
  wanted: readonly WantedEvent[],
  openRaidIds: ReadonlySet<number>,
  endings: ReadonlyMap<number, RaidEnding>,
  now: Date,
  otherEvents = 0,
): EventAction[] {
  const wantedByKey = new Map(wanted.map((event) => [event.key, event]));
  const storedByKey = new Map(stored.map((event) => [event.key, event]));
  const ends: EventAction[] = [];
  const changes: EventAction[] = [];
  for (const event of stored) {
    const target = wantedByKey.get(event.key);
    if (target === undefined) {
      const ending = openRaidIds.has(event.raidId) ? 'cancelled' : (endings.get(event.raidId) ?? 'unknown');
      const complete = ending === 'finished' || (ending === 'unknown' && event.status === GuildScheduledEventStatus.Active);
      ends.push({ kind: complete ? 'complete' : 'delete', stored: event });
      continue;
    }
    if (event.status !== GuildScheduledEventStatus.Scheduled) continue;
    // An event cannot be edited into the past: once its slot began it is started as it is.
    if (target.slotAt.getTime() <= now.getTime()) changes.push({ kind: 'start', stored: event });
    else if (target.hash !== event.hash) changes.push({ kind: 'update', stored: event, wanted: target });
  }
  let uncompleted = otherEvents + stored.length - ends.length;
  const creations: EventAction[] = [];
  for (const event of wanted) {
    // Discord refuses a start in the past; a slot that began without an event gets none.
    if (storedByKey.has(event.key) || event.slotAt.getTime() <= now.getTime()) continue;
    if (uncompleted >= SCHEDULED_EVENT_LIMITS.uncompletedPerGuild) {
      creations.push({ kind: 'overLimit', wanted: event });
      continue;
    }
    uncompleted += 1;
    creations.push({ kind: 'create', wanted: event });
  }
  return [...ends, ...changes, ...creations];
}

/** When the next stored-or-wanted scheduled event should be started (null: none ahead). */
export function nextStartAt(wanted: readonly WantedEvent[], now: Date): Date | null {
  const ahead = wanted.filter((event) => event.slotAt.getTime() > now.getTime());
  return ahead.length === 0 ? null : ahead[0]!.slotAt;
}
