/**
 * Days as members type them and their one stored form.
 *
 * Accepted (German and English on every server, any letter case):
 * - dates: `24.12.`, `24.12`, `24.12.2026`, `24.12.26`, `24/12`, `24/12/2026`, `2026-12-24`;
 * - weekdays: `Mo`, `Montag`, `Mon`, `Monday`, `Sa.`, … (see words.ts);
 * - `heute`, `morgen`, `today`, `tomorrow`;
 * - a weekday followed by a date (`Sa 26.12.`, `Sat, 2026-12-26`): the canonical label
 *   is of this kind, and the weekday must match the date.
 *
 * The canonical label is `<Mon|Tue|…|Sun> <YYYY-MM-DD>`, e.g. `Sat 2026-12-26`: one form
 * for both languages (ISO dates read the same in German and English, while `05.06.`
 * and `05/06` do not), still readable, free of commas (the modal splits on them) and
 * absolute, so a stored label always means the same day.
 */
import { calendarDateTime, localInstant, todayIn, type CalendarDate } from './instant';
import type { TimeOfDay } from './time-of-day';
import { CANONICAL_WEEKDAY, daysFromTodayOfWord, weekdayOfWord, type Weekday } from './words';

/** What a typed day says, before it is placed in the calendar. */
export type DaySpec =
  | { readonly kind: 'date'; readonly day: number; readonly month: number; readonly year: number | null; readonly weekday: Weekday | null }
  | { readonly kind: 'weekday'; readonly weekday: Weekday }
  | { readonly kind: 'relative'; readonly daysFromToday: number };

const DATE_PATTERNS: readonly { readonly pattern: RegExp; readonly order: 'dmy' | 'ymd' }[] = [
  { pattern: /^(\d{1,2})\.(\d{1,2})(?:\.(\d{4}|\d{2})?)?$/, order: 'dmy' },
  { pattern: /^(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?$/, order: 'dmy' },
  { pattern: /^(\d{4})-(\d{2})-(\d{2})$/, order: 'ymd' },
];

function readDate(text: string): { day: number; month: number; year: number | null } | null {
  for (const { pattern, order } of DATE_PATTERNS) {
    const match = pattern.exec(text);
    if (match === null) continue;
    if (order === 'ymd') return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
    const year = match[3] === undefined ? null : match[3].length === 2 ? 2000 + Number(match[3]) : Number(match[3]);
    return { day: Number(match[1]), month: Number(match[2]), year };
  }
  return null;
}

/** What `text` says as a day, or null when it cannot be read. Needs no clock. */
export function readDay(text: string): DaySpec | null {
  const normalised = text.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
  const date = readDate(normalised);
  if (date !== null) return { kind: 'date', ...date, weekday: null };
  const word = /^(\p{L}+)\.?$/u.exec(normalised)?.[1];
  if (word !== undefined) {
    const weekday = weekdayOfWord(word);
    if (weekday !== null) return { kind: 'weekday', weekday };
    const daysFromToday = daysFromTodayOfWord(word);
    return daysFromToday === null ? null : { kind: 'relative', daysFromToday };
  }
  const withWeekday = /^(\p{L}+)\.?,? ?(\S+)$/u.exec(normalised);
  if (withWeekday === null) return null;
  const weekday = weekdayOfWord(withWeekday[1]!);
  const datePart = readDate(withWeekday[2]!);
  return weekday === null || datePart === null ? null : { kind: 'date', ...datePart, weekday };
}

export type DayResolution =
  | { readonly ok: true; readonly date: CalendarDate }
  | { readonly ok: false; readonly code: 'dateInvalid' }
  | { readonly ok: false; readonly code: 'weekdayMismatch'; readonly date: CalendarDate };

export interface DayContext {
  readonly now: Date;
  /** IANA zone of the server: "today" is today there. */
  readonly zone: string;
  /** The earliest time the day is planned with; decides whether today's weekday means today. */
  readonly earliestTime?: TimeOfDay;
}

/** How far to look for a date typed without a year (29.02. needs up to 4, 8 covers a skipped leap year). */
const YEARS_AHEAD = 8;

/**
 * Places a typed day in the calendar of the server's zone:
 * - `heute`/`morgen` are today and tomorrow there;
 * - a weekday is the next such day from today on; today's own weekday means today while
 *   the earliest planned time is still ahead, and the same weekday next week once it
 *   has passed (so `Sa` typed on Saturday evening for 18:00 plans next Saturday, not a
 *   raid in the past);
 * - a date without a year is the next such date from today on (today included: a slot
 *   already past today is refused rather than silently moved a year ahead); `24.12.`
 *   typed on 27 December or on 10 January both mean the coming Christmas Eve.
 */
export function resolveDay(spec: DaySpec, context: DayContext): DayResolution {
  const today = calendarDateTime(todayIn(context.now, context.zone));
  switch (spec.kind) {
    case 'relative':
      return { ok: true, date: toCalendarDate(today.plus({ days: spec.daysFromToday })) };
    case 'weekday': {
      let ahead = (spec.weekday - today.weekday + 7) % 7;
      if (ahead === 0 && context.earliestTime !== undefined) {
        const firstSlot = localInstant(toCalendarDate(today), context.earliestTime, context.zone);
        if (firstSlot.toMillis() <= context.now.getTime()) ahead = 7;
      }
      return { ok: true, date: toCalendarDate(today.plus({ days: ahead })) };
    }
    case 'date': {
      const date = spec.year === null ? nextDateWithoutYear(spec, today) : validDate({ year: spec.year, month: spec.month, day: spec.day });
      if (date === null) return { ok: false, code: 'dateInvalid' };
      if (spec.weekday !== null && calendarDateTime(date).weekday !== spec.weekday) return { ok: false, code: 'weekdayMismatch', date };
      return { ok: true, date };
    }
  }
}

function nextDateWithoutYear(spec: { day: number; month: number }, today: ReturnType<typeof calendarDateTime>): CalendarDate | null {
  for (let year = today.year; year <= today.year + YEARS_AHEAD; year += 1) {
    const date = validDate({ year, month: spec.month, day: spec.day });
    if (date !== null && calendarDateTime(date) >= today) return date;
  }
  return null;
}

function validDate(date: CalendarDate): CalendarDate | null {
  return calendarDateTime(date).isValid ? date : null;
}

function toCalendarDate(value: ReturnType<typeof calendarDateTime>): CalendarDate {
  return { year: value.year, month: value.month, day: value.day };
}

/** The canonical label: `Sat 2026-12-26`. */
export function formatDayLabel(date: CalendarDate): string {
  const value = calendarDateTime(date);
  return `${CANONICAL_WEEKDAY[value.weekday as Weekday]} ${value.toFormat('yyyy-MM-dd')}`;
}

/**
 * The date a stored label names when it names one by itself: a date with its year,
 * with or without a (matching) weekday. Null for everything that needs "today" to be
 * understood (`Sa`, `morgen`, `24.12.`), for a weekday that does not match, and for
 * the free-text labels of the old bot.
 */
export function dateOfDayLabel(label: string): CalendarDate | null {
  const spec = readDay(label);
  if (spec === null || spec.kind !== 'date' || spec.year === null) return null;
  const date = validDate({ year: spec.year, month: spec.month, day: spec.day });
  if (date === null) return null;
  return spec.weekday === null || calendarDateTime(date).weekday === spec.weekday ? date : null;
}

/**
 * What an auto template should prefill for a stored day label: the weekday of a
 * canonical label (`Sat 2026-12-26` → `Sat`), so next week's form plans next week's
 * Saturday instead of a day in the past; any other label unchanged.
 */
export function templateDayInput(label: string): string {
  const date = dateOfDayLabel(label);
  return date !== null && formatDayLabel(date) === label ? CANONICAL_WEEKDAY[calendarDateTime(date).weekday as Weekday] : label;
}
