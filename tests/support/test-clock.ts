/**
 * A fixed "now" for e2e tests that plan raids by weekday and then look at labels: the
 * form stores dated labels (`Sat` → `Sat 2026-03-28`), so such a test starts the bot
 * with `env: PINNED_CLOCK` and names the days through `DAY`.
 *
 * Thursday 2026-03-26, 13:00 in Berlin: every weekday means the date below (Thursday
 * itself only for times after 13:00).
 */
export const PINNED_CLOCK: Readonly<Record<string, string>> = Object.freeze({ TEST_CLOCK_START: '2026-03-26T12:00:00Z' });

/** The canonical label each weekday typed under PINNED_CLOCK becomes. */
export const DAY = Object.freeze({
  Thu: 'Thu 2026-03-26',
  Fri: 'Fri 2026-03-27',
  Sat: 'Sat 2026-03-28',
  Sun: 'Sun 2026-03-29',
  Mon: 'Mon 2026-03-30',
  Tue: 'Tue 2026-03-31',
  Wed: 'Wed 2026-04-01',
});
