/**
 * Times of day as members type them (`20`, `20:00`, `20.30`, `8pm`, `8:30 p.m.`,
 * `20 Uhr`, `20h`) and their one stored form, `HH:MM` on the 24-hour clock.
 */

export interface TimeOfDay {
  /** 0–23. */
  readonly hour: number;
  /** 0–59. */
  readonly minute: number;
}

// Hour, optional minutes after ':' or '.', optional suffix: Uhr / h (24-hour) or am / pm.
const TIME_PATTERN = /^(\d{1,2})(?:[:.](\d{2}))?(?:\s*(uhr|h|am|pm|a\.m\.|p\.m\.))?$/;

/**
 * The time a member typed, or null when it cannot be read. With am/pm the hour is
 * 1–12 (12 am is midnight, 12 pm noon); otherwise 0–23. `24:00` is refused: a slot
 * belongs to the day it was typed for.
 */
export function parseTime(text: string): TimeOfDay | null {
  const match = TIME_PATTERN.exec(text.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' '));
  if (match === null) return null;
  const hour = Number(match[1]);
  const minute = match[2] === undefined ? 0 : Number(match[2]);
  const suffix = match[3]?.replaceAll('.', '');
  if (minute > 59) return null;
  if (suffix === 'am' || suffix === 'pm') {
    if (hour < 1 || hour > 12) return null;
    return { hour: (hour % 12) + (suffix === 'pm' ? 12 : 0), minute };
  }
  if (hour > 23) return null;
  return { hour, minute };
}

/** The stored form: `20:00`, `08:30`. */
export function formatTimeLabel(time: TimeOfDay): string {
  return `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
}
