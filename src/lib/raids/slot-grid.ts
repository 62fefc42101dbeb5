/**
 * The planner's view of a raid's slots: every day × time with how many members share
 * it, days in date order and times in clock order, each slot's instant in the server's
 * zone (null for labels of the old bot that name no day or time by themselves), and
 * the slots ranked best first. Pure: a loaded RaidState and a zone in, data out.
 */
import { LRUCache } from 'lru-cache';
import type { DateTime } from 'luxon';
import { dateOfDayLabel, parseTime, slotInstant } from '../time';
import { calendarDateTime } from '../time/instant';
import { NO_VOTERS, slotThreshold, votersByLabel } from './slots';
import type { RaidOption, RaidState } from './types';

export interface GridSlot {
  readonly day: string;
  readonly time: string;
  /** Members who voted both the day and the time. */
  readonly count: number;
  /** Enough members share it for a participant list. */
  readonly qualified: boolean;
  /** When it happens, or null when a label names no day or time by itself. */
  readonly instant: DateTime | null;
}

export interface SlotGrid {
  /** Days in date order, each with its times in clock order. */
  readonly days: readonly { readonly label: string; readonly slots: readonly GridSlot[] }[];
  /** Every slot, best first: most members, then the earliest (grid order when there are no instants). */
  readonly ranked: readonly GridSlot[];
}

/**
 * Items in the order of their keys (a date, a time of day) when every item has one;
 * otherwise, as for raids of the old bot with free-text labels, in the order given.
 */
function inKeyOrder<T>(items: readonly T[], keyOf: (item: T) => number | null): T[] {
  const keyed = items.map((item, index) => ({ item, index, key: keyOf(item) }));
  if (keyed.some((entry) => entry.key === null)) return [...items];
  return keyed.sort((a, b) => (a.key as number) - (b.key as number) || a.index - b.index).map((entry) => entry.item);
}

/** Day labels (or options) in date order; unchanged when one of them names no date. */
export function daysInDateOrder<T extends string | RaidOption>(days: readonly T[]): T[] {
  return inKeyOrder(days, (day) => dateKeyOf(typeof day === 'string' ? day : day.label));
}

/** A day label's date as a sort key, remembered: every render of a vote orders the same labels again. */
function dateKeyOf(label: string): number | null {
  const known = dateKeys.get(label);
  if (known !== undefined) return known.key;
  const date = dateOfDayLabel(label);
  const key = date === null ? null : calendarDateTime(date).toMillis();
  dateKeys.set(label, { key });
  return key;
}

const dateKeys = new LRUCache<string, { readonly key: number | null }>({ max: 10_000 });

/** Time labels (or options) in clock order; unchanged when one of them names no time. */
export function timesInClockOrder<T extends string | RaidOption>(times: readonly T[]): T[] {
  return inKeyOrder(times, (time) => {
    const parsed = parseTime(typeof time === 'string' ? time : time.label);
    return parsed === null ? null : parsed.hour * 60 + parsed.minute;
  });
}

/** The raid with its day and time options in date and clock order (what the planner shows and offers). */
export function inSlotOrder(state: RaidState): RaidState {
  return { ...state, days: daysInDateOrder(state.days), times: timesInClockOrder(state.times) };
}

/** The grid of a raid in `zone` (the server's IANA zone). */
export function slotGrid(state: RaidState, zone: string): SlotGrid {
  const ordered = inSlotOrder(state);
  const threshold = slotThreshold(state.raid.minPlayers);
  const dayVoters = votersByLabel(ordered, 'day');
  const timeVoters = votersByLabel(ordered, 'time');
  const instantOf = (day: string, time: string): DateTime | null => {
    try {
      return slotInstant(day, time, zone);
    } catch {
      return null; // a zone the runtime no longer knows: plain labels rather than no planner
    }
  };
  const days = ordered.days.map((day) => {
    const onDay = dayVoters.get(day.label) ?? NO_VOTERS;
    const slots = ordered.times.map((time): GridSlot => {
      const onTime = timeVoters.get(time.label) ?? NO_VOTERS;
      let count = 0;
      for (const userId of onDay) if (onTime.has(userId)) count += 1;
      return { day: day.label, time: time.label, count, qualified: count >= threshold, instant: instantOf(day.label, time.label) };
    });
    return { label: day.label, slots };
  });
  const ranked = days
    .flatMap((day) => day.slots)
    .map((slot, index) => ({ slot, index }))
    .sort((a, b) => b.slot.count - a.slot.count || compareInstants(a.slot.instant, b.slot.instant) || a.index - b.index)
    .map(({ slot }) => slot);
  return { days, ranked };
}

function compareInstants(a: DateTime | null, b: DateTime | null): number {
  if (a === null || b === null) return 0;
  return a.toMillis() - b.toMillis();
}
