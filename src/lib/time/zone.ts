import { IANAZone } from 'luxon';

/** The zone of a server that chose none and of a deployment that sets no DEFAULT_TIMEZONE. */
export const FALLBACK_TIME_ZONE = 'Europe/Berlin';

/**
 * An IANA time zone name (`Europe/Berlin`, `America/New_York`, `UTC`) as the runtime's
 * time-zone database knows it. Fixed offsets such as `UTC+1` are not IANA names and are
 * refused: they would ignore daylight saving.
 */
export function isValidTimeZone(name: string): boolean {
  return name.trim() === name && name !== '' && IANAZone.isValidZone(name);
}

/**
 * A valid zone name in its usual spelling (`europe/berlin` → `Europe/Berlin`), or null.
 * Only the letter case is changed: an alias (`CET`, `Asia/Calcutta`) stays as typed,
 * so an administrator sees the name they chose.
 */
export function normaliseTimeZone(name: string): string | null {
  const text = name.trim();
  if (!isValidTimeZone(text)) return null;
  const resolved = new Intl.DateTimeFormat('en-US', { timeZone: text }).resolvedOptions().timeZone;
  return resolved.toLowerCase() === text.toLowerCase() ? resolved : text;
}
