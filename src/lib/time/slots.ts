/**
 * The days × times of a raid: the whole modal input checked at once, and the instant a
 * stored day label and time label stand for.
 */
import type { DateTime } from 'luxon';
import { LRUCache } from 'lru-cache';
import { dateOfDayLabel, formatDayLabel, readDay, resolveDay, type DaySpec } from './day';
import { localInstant, type CalendarDate } from './instant';
import { formatTimeLabel, parseTime, type TimeOfDay } from './time-of-day';

/** Why typed days and times were refused; `input` is the piece as the member typed it. */
export type TimeInputError =
  | { readonly code: 'dayUnreadable'; readonly input: string }
  | { readonly code: 'dateInvalid'; readonly input: string }
  | { readonly code: 'weekdayMismatch'; readonly input: string; readonly date: CalendarDate }
  | { readonly code: 'timeUnreadable'; readonly input: string }
  | {
      readonly code: 'slotInPast';
      readonly dayInput: string;
      readonly timeInput: string;
      readonly dayLabel: string;
      readonly timeLabel: string;
      readonly instant: DateTime;
    };

export type TimeInputErrorCode = TimeInputError['code'];

/** Canonical labels, duplicates (`Sa` and `26.12.` for the same day) dropped, typed order kept. */
export interface SlotLabels {
  readonly days: readonly string[];
  readonly times: readonly string[];
}

export type SlotValidation = { readonly ok: true; readonly value: SlotLabels } | { readonly ok: false; readonly error: TimeInputError };

export interface SlotContext {
  readonly now: Date;
  /** IANA zone of the server. */
  readonly zone: string;
}

/**
 * Reads the typed days and times (already split and trimmed, see `parseLabelList`) and
 * turns them into canonical labels, or names the first problem in the order a member
 * fixes them: an unreadable day, an unreadable time, a day that is not in the calendar
 * or whose weekday does not match its date, a slot (day × earliest time) not after `now`.
 */
export function validateSlotInput(dayInputs: readonly string[], timeInputs: readonly string[], context: SlotContext): SlotValidation {
  const specs: { input: string; spec: DaySpec }[] = [];
  for (const input of dayInputs) {
    const spec = readDay(input);
    if (spec === null) return { ok: false, error: { code: 'dayUnreadable', input } };
    specs.push({ input, spec });
  }
  const times: { input: string; time: TimeOfDay }[] = [];
  for (const input of timeInputs) {
    const time = parseTime(input);
    if (time === null) return { ok: false, error: { code: 'timeUnreadable', input } };
    times.push({ input, time });
  }
  const earliest = times.reduce<{ input: string; time: TimeOfDay } | undefined>(
    (first, other) => (first === undefined || minutesOf(other.time) < minutesOf(first.time) ? other : first),
    undefined,
  );

  const days: { input: string; date: CalendarDate }[] = [];
  for (const { input, spec } of specs) {
    const resolved = resolveDay(spec, { ...context, earliestTime: earliest?.time });
    if (!resolved.ok) {
      return { ok: false, error: resolved.code === 'dateInvalid' ? { code: 'dateInvalid', input } : { code: 'weekdayMismatch', input, date: resolved.date } };
    }
    days.push({ input, date: resolved.date });
  }

  if (earliest !== undefined) {
    for (const day of days) {
      const instant = localInstant(day.date, earliest.time, context.zone);
      if (instant.toMillis() > context.now.getTime()) continue;
      const error = { code: 'slotInPast', dayInput: day.input, timeInput: earliest.input, instant } as const;
      return { ok: false, error: { ...error, dayLabel: formatDayLabel(day.date), timeLabel: formatTimeLabel(earliest.time) } };
    }
  }
  return { ok: true, value: { days: unique(days.map((day) => formatDayLabel(day.date))), times: unique(times.map((entry) => formatTimeLabel(entry.time))) } };
}

function minutesOf(time: TimeOfDay): number {
  return time.hour * 60 + time.minute;
}

function unique(labels: readonly string[]): string[] {
  return [...new Set(labels)];
}

/**
 * The instant a stored slot stands for in `zone`, or null when a label does not name a
 * day or time by itself: then the raid (e.g. one created by the old bot, `Samstag` /
 * `abends`) keeps working with its labels as plain text, without timestamps.
 */
export function slotInstant(dayLabel: string, timeLabel: string, zone: string): DateTime | null {
  const key = `${zone}\u0000${dayLabel}\u0000${timeLabel}`;
  const known = slotInstants.get(key);
  if (known !== undefined) return known.instant;
  const date = dateOfDayLabel(dayLabel);
  const time = parseTime(timeLabel);
  // A zone the runtime does not know throws here, every time: nothing is remembered then.
  const instant = date === null || time === null ? null : localInstant(date, time, zone);
  slotInstants.set(key, { instant });
  return instant;
}

/**
 * Instants already worked out, by zone and labels: a slot's instant depends on nothing
 * else (Luxon's DateTime is immutable, so one can be shared), and every planner render
 * of a vote places all of the raid's slots — through Intl's zone offsets, the costliest
 * part of rendering.
 */
const slotInstants = new LRUCache<string, { readonly instant: DateTime | null }>({ max: 10_000 });
