/**
 * Voice-verified attendance, the pure part: voice intervals clipped to a slot's window,
 * summed, and the present / absent decision per participant (issue 13.1). No I/O.
 *
 * Rules:
 * - A slot's window is [start, start + window], cut at "now" when the raid is finished
 *   earlier; the minimum is then at most the part of the window that elapsed.
 * - A slot whose window has not begun (no date, finished before its start), whose voice
 *   data is unavailable (Redis down) or that the bot watched for less than the minimum
 *   (it was not running) falls back to the old rule: its members count as present.
 * - A member is present when seen long enough in any of their slots, or when one of
 *   their slots fell back; absent otherwise. One attendance row per member and raid.
 */

/** A stretch of time a member spent in one voice channel (ms since epoch). */
export interface VoiceInterval {
  readonly start: number;
  readonly end: number;
  readonly channelId: string;
}

export interface AttendanceRules {
  /** Length of the window from a slot's start. */
  readonly windowMs: number;
  /** Time in voice within the window needed to be present. */
  readonly minimumMs: number;
  /** Only this channel counts when set (the raid voice channel); any channel otherwise. */
  readonly channelId: string | null;
}

export interface SlotToJudge {
  /** The slot's start, or null when its labels name no instant. */
  readonly start: number | null;
  readonly members: readonly string[];
}

export type AttendanceStatus = 'present' | 'absent';

/** `voice`: every slot judged by voice; `fallback`: none could be; `mixed`: some slots fell back. */
export type AttendanceMode = 'voice' | 'fallback' | 'mixed';

export interface AttendanceDecision {
  readonly statuses: ReadonlyMap<string, AttendanceStatus>;
  readonly mode: AttendanceMode;
}

/** Milliseconds of `intervals` inside [from, to], counting overlapping intervals once. */
export function msWithin(intervals: readonly VoiceInterval[], from: number, to: number, channelId: string | null = null): number {
  const clipped = intervals
    .filter((interval) => channelId === null || interval.channelId === channelId)
    .map((interval) => [Math.max(interval.start, from), Math.min(interval.end, to)] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let coveredUntil = -Infinity;
  for (const [start, end] of clipped) {
    const from = Math.max(start, coveredUntil);
    if (end > from) total += end - from;
    coveredUntil = Math.max(coveredUntil, end);
  }
  return total;
}

/** The part of a slot's window that has elapsed at `now`, or null when it has not begun. */
export function elapsedWindow(start: number | null, now: number, windowMs: number): { from: number; to: number } | null {
  if (start === null || now <= start) return null;
  return { from: start, to: Math.min(start + windowMs, now) };
}

/**
 * The decision for a raid's qualified slots. `intervalsOf` is null when voice tracking is
 * unavailable (every slot falls back); a member without intervals was never seen.
 */
export function judgeAttendance(
  slots: readonly SlotToJudge[],
  now: number,
  rules: AttendanceRules,
  intervalsOf: ReadonlyMap<string, readonly VoiceInterval[]> | null,
  /** When the bot was following voice states; null: always (no such record). */
  watched: readonly VoiceInterval[] | null = null,
): AttendanceDecision {
  const statuses = new Map<string, AttendanceStatus>();
  let judged = 0;
  let fellBack = 0;
  for (const slot of slots) {
    let window = intervalsOf === null ? null : elapsedWindow(slot.start, now, rules.windowMs);
    // A window the bot did not watch long enough says nothing about who was there.
    if (window !== null && watched !== null && msWithin(watched, window.from, window.to) < Math.min(rules.minimumMs, window.to - window.from)) window = null;
    if (window === null) fellBack += 1;
    else judged += 1;
    for (const member of slot.members) {
      if (statuses.get(member) === 'present') continue;
      if (window === null) {
        statuses.set(member, 'present');
        continue;
      }
      const needed = Math.min(rules.minimumMs, window.to - window.from);
      const seen = msWithin(intervalsOf!.get(member) ?? [], window.from, window.to, rules.channelId);
      statuses.set(member, seen >= needed ? 'present' : 'absent');
    }
  }
  const mode: AttendanceMode = fellBack === 0 ? 'voice' : judged === 0 ? 'fallback' : 'mixed';
  return { statuses, mode };
}
