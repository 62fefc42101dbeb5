/**
 * The bot's test clock (TEST_CLOCK_START, TEST_CLOCK_SPEED) as seen from the test: the
 * bot logs "Test clock: starts at …" right after creating its clock, so the moment this
 * process read that line bounds when the clock started. `at(realMs)` is then a lower
 * bound of what the bot's clock read at that real moment — short of it by at most the
 * line's way through the pipe, times the speed.
 */
import type { BotProcess } from './bot-process';

export interface BotClock {
  readonly start: Date;
  readonly speed: number;
  /** Real time (Date.now()) at which this process read the clock's start line. */
  readonly startedBy: number;
  /** The bot's clock at a real moment (a lower bound, see above). */
  at(realMs: number): Date;
  /** The real moment at which the bot's clock reads `instant` (an upper bound). */
  realAt(instant: Date): number;
}

export function botClock(bot: BotProcess, env: { readonly TEST_CLOCK_START?: string; readonly TEST_CLOCK_SPEED?: string }): BotClock {
  const line = bot.lines.find((candidate) => candidate.text.includes('Test clock: starts at'));
  if (line === undefined || env.TEST_CLOCK_START === undefined) throw new Error('the bot runs without a test clock (TEST_CLOCK_START)');
  const start = new Date(env.TEST_CLOCK_START);
  const speed = Number(env.TEST_CLOCK_SPEED ?? '1');
  const startedBy = line.receivedAt;
  return {
    start,
    speed,
    startedBy,
    at: (realMs) => new Date(start.getTime() + (realMs - startedBy) * speed),
    realAt: (instant) => startedBy + (instant.getTime() - start.getTime()) / speed,
  };
}
