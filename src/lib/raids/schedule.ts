/**
 * When a raid happens, as far as its labels say: the instant of each day × time in the
 * server's zone (canonical labels such as `Sat 2026-12-26` / `20:00`; the old bot's
 * free-text labels have none), the next slot the raid list and `/status` show, and
 * whether the stale-raids task should close the raid. Pure functions of a raid's labels,
 * votes, the zone and "now".
 */
import { slotInstant } from '../time';
import { qualifiedSlots } from './slots';
import type { Raid, RaidOption, RaidState } from './types';

/** The instant a day × time label pair stands for in `zone`, or null when a label names no day or time by itself. */
export function instantOfSlot(day: string, time: string, zone: string): Date | null {
  try {
    return slotInstant(day, time, zone)?.toJSDate() ?? null;
  } catch {
    // An invalid zone or calendar date: the labels are shown as text, as for the old bot.
    return null;
  }
}

function labelsOf(options: readonly (RaidOption | string)[]): string[] {
  return options.map((option) => (typeof option === 'string' ? option : option.label));
}

/**
 * The latest day × time of a raid, or null when the raid carries no dates: when any of
 * its labels names no day or time by itself (the old bot's `Samstag` / `abends`), nobody
 * can say when its last slot is, so it is none of the automatic closing's business.
 */
export function lastSlotInstant(days: readonly (RaidOption | string)[], times: readonly (RaidOption | string)[], zone: string): Date | null {
  let last: Date | null = null;
  for (const day of labelsOf(days)) {
    for (const time of labelsOf(times)) {
      const instant = instantOfSlot(day, time, zone);
      if (instant === null) return null;
      if (last === null || instant > last) last = instant;
    }
  }
  return last;
}

/**
 * What the raid list says about when a raid happens:
 * - `next`: the earliest slot still ahead — a qualified one if any (`qualified`), else
 *   the earliest option still ahead;
 * - `over`: every slot has begun; the instant is the last one (the raid closes itself
 *   after the server's grace period).
 */
export type RaidWhen = { readonly kind: 'next'; readonly instant: Date; readonly qualified: boolean } | { readonly kind: 'over'; readonly instant: Date };

function earliestFrom(slots: readonly { day: string; time: string }[], zone: string, now: Date): Date | null {
  let earliest: Date | null = null;
  for (const { day, time } of slots) {
    const instant = instantOfSlot(day, time, zone);
    if (instant === null || instant < now) continue;
    if (earliest === null || instant < earliest) earliest = instant;
  }
  return earliest;
}

/** When a raid happens (see RaidWhen); null when it carries no dates (old-bot labels). */
export function raidWhen(state: RaidState, zone: string, now: Date): RaidWhen | null {
  const last = lastSlotInstant(state.days, state.times, zone);
  if (last === null) return null;
  const qualified = earliestFrom(qualifiedSlots(state), zone, now);
  if (qualified !== null) return { kind: 'next', instant: qualified, qualified: true };
  const options = state.days.flatMap((day) => state.times.map((time) => ({ day: day.label, time: time.label })));
  const next = earliestFrom(options, zone, now);
  return next === null ? { kind: 'over', instant: last } : { kind: 'next', instant: next, qualified: false };
}

/** The server's next qualified slot still ahead, over all its open raids (for `/status`); null when there is none. */
export function nextQualifiedSlot(states: readonly RaidState[], zone: string, now: Date): { readonly raid: Raid; readonly instant: Date } | null {
  let next: { raid: Raid; instant: Date } | null = null;
  for (const state of states) {
    const instant = earliestFrom(qualifiedSlots(state), zone, now);
    if (instant !== null && (next === null || instant < next.instant)) next = { raid: state.raid, instant };
  }
  return next;
}

/** Raids without dates (the old bot's labels) open this long are closed by the stale-raids task. */
export const STALE_RAID_AGE_MS = 7 * 24 * 60 * 60 * 1000;

/** Why the stale-raids task closes a raid: its last slot is over (`past`), or it carries no dates and is old (`stale`). */
export type RaidExpiry = 'past' | 'stale';

export interface ExpiryRules {
  readonly now: Date;
  /** The server's zone. */
  readonly zone: string;
  /** Hours after the last slot began that a dated raid is closed. */
  readonly graceHours: number;
  /** Age at which a raid without dates is closed (seven days). */
  readonly maxAgeMs: number;
}

/**
 * Whether a raid is over: a dated raid once its last slot began more than the grace
 * period ago (however old the raid), a raid without dates once it is `maxAgeMs` old.
 * Null while it stays open.
 */
export function raidExpiry(
  raid: Pick<Raid, 'createdAt'>,
  days: readonly (RaidOption | string)[],
  times: readonly (RaidOption | string)[],
  { now, zone, graceHours, maxAgeMs }: ExpiryRules,
): RaidExpiry | null {
  const last = lastSlotInstant(days, times, zone);
  if (last !== null) return now.getTime() - last.getTime() > graceHours * 3_600_000 ? 'past' : null;
  return now.getTime() - raid.createdAt.getTime() >= maxAgeMs ? 'stale' : null;
}
