import type { DateTime } from 'luxon';

/**
 * Discord's timestamp styles: t 20:00, T 20:00:00, d 26/12/2026, D 26 December 2026,
 * f 26 December 2026 20:00, F Saturday, 26 December 2026 20:00, R "in 3 days".
 * Each member's client shows them in their own zone and language.
 */
export type TimestampStyle = 't' | 'T' | 'd' | 'D' | 'f' | 'F' | 'R';

/** `<t:UNIX:STYLE>` for an instant (whole seconds, rounded down). */
export function discordTimestamp(instant: DateTime | Date, style: TimestampStyle): string {
  const millis = instant instanceof Date ? instant.getTime() : instant.toMillis();
  return `<t:${Math.floor(millis / 1000)}:${style}>`;
}

/** A slot as the planner and lists show it: full date and time, then how far away (`<t:…:F> (<t:…:R>)`). */
export function slotTimestamp(instant: DateTime | Date): string {
  return `${discordTimestamp(instant, 'F')} (${discordTimestamp(instant, 'R')})`;
}
