/**
 * Where "now" comes from. Everything that compares with the present (is a slot in the
 * past, which Saturday does "Sa" mean, when is a reminder due) takes a `Clock` instead
 * of calling `Date.now()`, so tests can place the bot at a chosen moment, e.g. just
 * before a daylight-saving change.
 */
export interface Clock {
  now(): Date;
}

/** The machine's clock: what the bot uses in production. */
export const systemClock: Clock = Object.freeze({ now: () => new Date() });

/**
 * A clock that reads `start` at the moment it is created and then runs on at the speed
 * of `base`. Test-only: this is what a variable such as `TEST_CLOCK_START` (an ISO 8601
 * instant with offset, read by `src/config.ts` like every variable) will drive once the
 * bot takes its clock from the configuration, so an e2e test can start the built bot
 * "on 2026-03-28 at 23:00 in Berlin" and still see timers and timeouts advance normally.
 * Not wired into the bot yet.
 */
export function clockStartingAt(start: Date, base: Clock = systemClock): Clock {
  const offsetMs = start.getTime() - base.now().getTime();
  return Object.freeze({ now: () => new Date(base.now().getTime() + offsetMs) });
}

/** A clock that always reads `instant`: for unit tests of pure functions. */
export function fixedClock(instant: Date): Clock {
  const frozen = instant.getTime();
  return Object.freeze({ now: () => new Date(frozen) });
}
