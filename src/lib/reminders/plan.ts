/**
 * Which reminders a raid should have, and what a firing job does: pure functions of the
 * raid's state, the server's preferences and the present.
 *
 * Per qualified slot with an instant (old-bot labels have none) there are two posts:
 * the reminder `reminderMinutesBefore` before the start (pinging the slot's members),
 * and "starting now" at the start (no ping). Each has a deterministic identity per
 * raid, slot and kind: the BullMQ job id, the claim row that records it was sent, and
 * the nonce Discord deduplicates a retried post by.
 */
import { createHash } from 'node:crypto';
import { instantOfSlot } from '../raids/schedule';
import { qualifiedSlots } from '../raids/slots';
import type { RaidState } from '../raids/types';

export type ReminderKind = 'reminder' | 'start';
export const REMINDER_KINDS: readonly ReminderKind[] = ['reminder', 'start'];

/**
 * How late a post may still go out. A reminder is useful until its slot starts: one
 * that is late (the bot was down, Redis emptied) is posted while the slot has not begun,
 * never after. "Starting now" is posted up to this long after the start, never later.
 */
export const LATE_START_GRACE_MS = 10 * 60_000;

/** A job firing this much before its time (clocks of two processes, rounding) still posts. */
export const EARLY_TOLERANCE_MS = 1_000;

/** One reminder or start post a raid should have. */
export interface PlannedReminder {
  readonly raidId: number;
  readonly guildId: string;
  readonly kind: ReminderKind;
  readonly day: string;
  readonly time: string;
  /** When the slot starts. */
  readonly slotAt: Date;
  /** When the post is due: `slotAt` less the lead for a reminder, `slotAt` for the start. */
  readonly dueAt: Date;
  readonly jobId: string;
  readonly claimKey: string;
}

/** What a reminder job carries; everything else is read again from the database when it fires. */
export interface ReminderJobData {
  readonly raidId: number;
  readonly guildId: string;
  readonly kind: ReminderKind;
  readonly day: string;
  readonly time: string;
  /** ISO instant the post was planned for (the dashboard shows it; the worker recomputes it). */
  readonly dueAt: string;
}

/** 16 hex digits of SHA-256 over the slot's labels: bounded, whatever the labels' length. */
export function slotHash(day: string, time: string): string {
  return createHash('sha256').update(JSON.stringify([day, time])).digest('hex').slice(0, 16);
}

/** BullMQ job id (`:` is not allowed in custom ids): `reminder-<raid>-<slot hash>-<kind>`. */
export function reminderJobId(raidId: number, day: string, time: string, kind: ReminderKind): string {
  return `reminder-${raidId}-${slotHash(day, time)}-${kind}`;
}

/** Key of the claim row in `debug_mirror_cache`: `reminder:<raid>:<kind>:<slot hash>` (≤ 55 characters). */
export function reminderClaimKey(raidId: number, day: string, time: string, kind: ReminderKind): string {
  return `reminder:${raidId}:${kind}:${slotHash(day, time)}`;
}

/** Discord's message nonce (≤ 25 characters), the same for every attempt at one post. */
export function reminderNonce(claimKey: string): string {
  return createHash('sha256').update(claimKey).digest('hex').slice(0, 25);
}

/** When a post of `kind` is due for a slot starting at `slotAt`. */
export function dueAtOf(kind: ReminderKind, slotAt: Date, minutesBefore: number): Date {
  return kind === 'start' ? slotAt : new Date(slotAt.getTime() - minutesBefore * 60_000);
}

/** The latest moment a post of `kind` may still go out (exclusive). */
export function lastMomentOf(kind: ReminderKind, slotAt: Date): Date {
  return kind === 'start' ? new Date(slotAt.getTime() + LATE_START_GRACE_MS) : slotAt;
}

export interface ReminderPreferences {
  readonly timeZone: string;
  /** null: the server switched reminders off (neither reminder nor start post). */
  readonly reminderMinutesBefore: number | null;
}

/**
 * The posts a raid should still get, slot order, reminder before start: every qualified
 * slot with an instant whose post is not too late for `now` (see `lastMomentOf`). Posts
 * already sent are the caller's to leave out (they are recorded in the database).
 */
export function plannedReminders(state: RaidState, preferences: ReminderPreferences, now: Date): PlannedReminder[] {
  const minutesBefore = preferences.reminderMinutesBefore;
  if (minutesBefore === null) return [];
  const planned: PlannedReminder[] = [];
  const { raid } = state;
  for (const slot of qualifiedSlots(state)) {
    const slotAt = instantOfSlot(slot.day, slot.time, preferences.timeZone);
    if (slotAt === null) continue;
    for (const kind of REMINDER_KINDS) {
      if (now.getTime() < lastMomentOf(kind, slotAt).getTime()) planned.push(plannedReminder(raid, { kind, day: slot.day, time: slot.time }, slotAt, minutesBefore));
    }
  }
  return planned;
}

export type FiringDecision =
  /** Post now. */
  | { readonly kind: 'post'; readonly planned: PlannedReminder; readonly userIds: readonly string[] }
  /** Fired before its time (the zone or lead changed, another process's clock): wait until `dueAt`. */
  | { readonly kind: 'early'; readonly dueAt: Date }
  /** Nothing to post: reminders off, the slot no longer qualifies or has no instant, or it is too late. */
  | { readonly kind: 'skip'; readonly reason: 'off' | 'notQualified' | 'tooLate' };

/** What a job firing at `now` does, judged on the raid as it is now (the job's own data may be outdated). */
export function decideFiring(state: RaidState, job: Pick<ReminderJobData, 'kind' | 'day' | 'time'>, preferences: ReminderPreferences, now: Date): FiringDecision {
  if (preferences.reminderMinutesBefore === null) return { kind: 'skip', reason: 'off' };
  const slot = qualifiedSlots(state).find((candidate) => candidate.day === job.day && candidate.time === job.time);
  const slotAt = slot === undefined ? null : instantOfSlot(job.day, job.time, preferences.timeZone);
  if (slot === undefined || slotAt === null) return { kind: 'skip', reason: 'notQualified' };
  const dueAt = dueAtOf(job.kind, slotAt, preferences.reminderMinutesBefore);
  if (now.getTime() >= lastMomentOf(job.kind, slotAt).getTime()) return { kind: 'skip', reason: 'tooLate' };
  if (dueAt.getTime() - now.getTime() > EARLY_TOLERANCE_MS) return { kind: 'early', dueAt };
  return { kind: 'post', userIds: slot.userIds, planned: plannedReminder(state.raid, job, slotAt, preferences.reminderMinutesBefore) };
}

function plannedReminder(
  raid: RaidState['raid'],
  post: Pick<ReminderJobData, 'kind' | 'day' | 'time'>,
  slotAt: Date,
  minutesBefore: number,
): PlannedReminder {
  const { kind, day, time } = post;
  return {
    raidId: raid.id,
    guildId: raid.guildId,
    kind,
    day,
    time,
    slotAt,
    dueAt: dueAtOf(kind, slotAt, minutesBefore),
    jobId: reminderJobId(raid.id, day, time, kind),
    claimKey: reminderClaimKey(raid.id, day, time, kind),
  };
}
