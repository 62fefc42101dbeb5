/**
 * Where "now" comes from. Everything that compares with the present (is a slot in the
 * past, which Saturday does "Sa" mean, when is a reminder due, is a raid over) takes a
 * `Clock` instead of calling `Date.now()`, so tests can place the bot at a chosen moment,
 * e.g. just before a daylight-saving change, and let time run faster than real time.
 */
export interface Clock {
  now(): Date;
  /**
   * Real milliseconds until this clock reads `instant` (0 when it already has): what a
   * timer or a BullMQ delay must wait. Equal to the clock difference unless the clock
   * runs faster than real time (tests).
   */
  realMsUntil(instant: Date): number;
}

/** The machine's clock: what the bot uses in production. */
export const systemClock: Clock = Object.freeze({
  now: () => new Date(),
  realMsUntil: (instant: Date) => Math.max(0, instant.getTime() - Date.now()),
});

/**
 * A clock that reads `start` at the moment it is created and then runs on at `speed`
 * times the speed of `base`. Test-only: the bot builds it from `TEST_CLOCK_START` (and
 * `TEST_CLOCK_SPEED`, default 1) — see `src/config.ts` — so an e2e test can start the
 * built bot "on 2026-03-28 at 23:00 in Berlin" and see a reminder due in 15 minutes
 * fire after 15 s at speed 60. Production never sets these variables.
 */
export function clockStartingAt(start: Date, base: Clock = systemClock, speed = 1): Clock {
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`clock speed must be a positive number, got ${speed}`);
  const baseStart = base.now().getTime();
  const startMs = start.getTime();
  const now = (): Date => new Date(startMs + (base.now().getTime() - baseStart) * speed);
  return Object.freeze({
    now,
    realMsUntil: (instant: Date) => Math.max(0, Math.ceil((instant.getTime() - now().getTime()) / speed)),
  });
}

/** A clock that always reads `instant`: for unit tests of pure functions. */
export function fixedClock(instant: Date): Clock {
  const frozen = instant.getTime();
  return Object.freeze({
    now: () => new Date(frozen),
    realMsUntil: (target: Date) => Math.max(0, target.getTime() - frozen),
  });
}

/** The bot's clock: the system clock, or the test clock TEST_CLOCK_START/TEST_CLOCK_SPEED describe. */
export function clockFor(testClock: { readonly start: Date; readonly speed: number } | null): Clock {
  return testClock === null ? systemClock : clockStartingAt(testClock.start, systemClock, testClock.speed);
}
