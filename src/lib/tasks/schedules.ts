import type { Queue } from 'bullmq';

/** What a repeatable job must look like to belong to a loaded task. */
export interface RepeatSchedule {
  readonly name: string;
  /** Interval in ms, or null for a cron pattern. */
  readonly every: number | null;
  readonly pattern: string | null;
  readonly timezone: string | null;
}

/** A loaded task piece, as the scheduled-tasks store keeps it. */
interface RepeatedTaskPiece {
  readonly name: string;
  readonly interval: number | null;
  readonly pattern: string | null;
  readonly timezone: string;
}

export function schedulesOf(pieces: readonly RepeatedTaskPiece[]): RepeatSchedule[] {
  return pieces.map((piece) =>
    piece.interval
      ? { name: piece.name, every: piece.interval, pattern: null, timezone: null }
      : { name: piece.name, every: null, pattern: piece.pattern, timezone: piece.timezone },
  );
}

interface RepeatableJob {
  readonly key: string;
  readonly name: string;
  readonly every?: string | number | null;
  readonly pattern?: string | null;
  readonly tz?: string | null;
}

function matches(job: RepeatableJob, schedule: RepeatSchedule): boolean {
  if (job.name !== schedule.name) return false;
  if (schedule.every !== null) return job.every !== null && job.every !== undefined && Number(job.every) === schedule.every;
  return (job.pattern ?? null) === schedule.pattern && (job.tz ?? null) === schedule.timezone;
}

/**
 * Removes every repeatable job of the queue that no loaded task wants in that form
 * (an old period, a changed cron pattern, a task that no longer exists), together
 * with its next pending occurrence. The plugin only adds schedules; without this a
 * changed BACKUP_INTERVAL_SECONDS would leave the old period firing as well.
 * Returns what was removed, as `name every <ms> ms` / `name <pattern>`.
 */
export async function removeStaleRepeatables(queue: Queue, wanted: readonly RepeatSchedule[]): Promise<string[]> {
  const removed: string[] = [];
  for (const job of await queue.getRepeatableJobs()) {
    if (wanted.some((schedule) => matches(job, schedule))) continue;
    if (await queue.removeRepeatableByKey(job.key)) removed.push(describe(job));
  }
  return removed;
}

function describe(job: RepeatableJob): string {
  return job.every ? `${job.name} every ${job.every} ms` : `${job.name} ${job.pattern ?? '?'} (${job.tz ?? 'UTC'})`;
}
