import { DateTime, FixedOffsetZone } from 'luxon';
import type { TimeOfDay } from './time-of-day';

/** A day of the Gregorian calendar, without a zone. */
export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Luxon's view of a calendar date (zone-free arithmetic: weekday, next day, validity). */
export function calendarDateTime(date: CalendarDate): DateTime {
  return DateTime.fromObject(date, { zone: 'UTC' });
}

/** Today's date on the wall clocks of `zone`. */
export function todayIn(now: Date, zone: string): CalendarDate {
  const local = DateTime.fromJSDate(now, { zone });
  return { year: local.year, month: local.month, day: local.day };
}

/**
 * The instant at which clocks in `zone` show `time` on `date`.
 *
 * Daylight saving makes some wall times special; the rule (also in docs/decisions.md,
 * *Raids know when they happen*) is: such a time is read with the offset that was in
 * force before the change. So
 * - a time that does not exist (clocks jump from 02:00 to 03:00, `02:30` in Berlin on
 *   2026-03-29) moves forward by the length of the gap: 03:30 summer time;
 * - a time that exists twice (clocks go back from 03:00 to 02:00, `02:30` in Berlin on
 *   2026-10-25) is the first of the two: 02:30 summer time (+02:00).
 * This is the rule of RFC 5545 and of Temporal's default (`compatible`) disambiguation.
 * Luxon alone picks the second occurrence for some zones and the first for others, so
 * the choice is made here.
 *
 * Throws a RangeError for an invalid date or zone: callers validate both first.
 */
export function localInstant(date: CalendarDate, time: TimeOfDay, zone: string): DateTime {
  const wallTime = { ...date, hour: time.hour, minute: time.minute, second: 0, millisecond: 0 };
  const guess = DateTime.fromObject(wallTime, { zone });
  if (!guess.isValid) throw new RangeError(`no instant for ${JSON.stringify(wallTime)} in ${zone}: ${guess.invalidExplanation ?? guess.invalidReason}`);
  const occurrences = guess.getPossibleOffsets().filter((candidate) => candidate.hour === time.hour && candidate.minute === time.minute);
  if (occurrences.length > 0) return occurrences.reduce((first, other) => (other.toMillis() < first.toMillis() ? other : first));
  // The wall time falls into a gap: read it with the offset in force a day earlier
  // (no zone changes its offset twice within a day), i.e. the offset before the gap.
  const offsetBefore = guess.minus({ hours: 24 }).offset;
  return DateTime.fromObject(wallTime, { zone: FixedOffsetZone.instance(offsetBefore) }).setZone(zone);
}
