/**
 * The range of a PostgreSQL INTEGER, which every internal id (raids.id, dungeons.id,
 * raid_options.id) and every display id is stored in, and the reading of such an id
 * from text that anyone can send (custom ids, select values).
 */
export const MAX_INTEGER_COLUMN = 2_147_483_647;
export const MIN_INTEGER_COLUMN = -2_147_483_648;

/** Decimal, no sign, no leading zero, at most ten digits. */
const SERIAL_ID_TEXT = /^[1-9]\d{0,9}$/;

/** True when the text is written like a serial id (its value may still be out of range). */
export function looksLikeSerialId(text: string): boolean {
  return SERIAL_ID_TEXT.test(text);
}

/** The serial id the text names, or null for anything that is not one (out of range included). */
export function parseSerialId(text: string | undefined): number | null {
  if (text === undefined || !looksLikeSerialId(text)) return null;
  const value = Number(text);
  return value <= MAX_INTEGER_COLUMN ? value : null;
}
