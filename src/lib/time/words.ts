/**
 * The words a member may type for a day, in German and English. Both languages are
 * read on every server, whatever the member's or the server's language: a German
 * server has English-speaking members and the other way round. No German word means
 * another day in English (Mo, Fr and Sa mean the same day in both).
 */

/** ISO weekday numbers as Luxon uses them: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** The weekday part of a canonical day label (`Sat 2026-12-26`). */
export const CANONICAL_WEEKDAY: Readonly<Record<Weekday, string>> = Object.freeze({
  1: 'Mon',
  2: 'Tue',
  3: 'Wed',
  4: 'Thu',
  5: 'Fri',
  6: 'Sat',
  7: 'Sun',
});

const WEEKDAY_WORDS: Readonly<Record<Weekday, readonly string[]>> = {
  1: ['mo', 'mon', 'montag', 'monday'],
  2: ['di', 'dienstag', 'tu', 'tue', 'tues', 'tuesday'],
  3: ['mi', 'mittwoch', 'we', 'wed', 'wednesday'],
  4: ['do', 'donnerstag', 'th', 'thu', 'thur', 'thurs', 'thursday'],
  5: ['fr', 'freitag', 'fri', 'friday'],
  6: ['sa', 'samstag', 'sonnabend', 'sat', 'saturday'],
  7: ['so', 'sonntag', 'su', 'sun', 'sunday'],
};

const WEEKDAY_BY_WORD: ReadonlyMap<string, Weekday> = new Map(
  Object.entries(WEEKDAY_WORDS).flatMap(([weekday, words]) => words.map((word) => [word, Number(weekday) as Weekday] as const)),
);

/** Days from today that a relative word means. */
const RELATIVE_DAY_WORDS: ReadonlyMap<string, number> = new Map([
  ['heute', 0],
  ['today', 0],
  ['morgen', 1],
  ['tomorrow', 1],
]);

/** The weekday a lower-case word names (`sa`, `samstag`, `sat`, `saturday`), or null. */
export function weekdayOfWord(word: string): Weekday | null {
  return WEEKDAY_BY_WORD.get(word) ?? null;
}

/** 0 for heute/today, 1 for morgen/tomorrow, null for anything else (lower-case input). */
export function daysFromTodayOfWord(word: string): number | null {
  return RELATIVE_DAY_WORDS.get(word) ?? null;
}
