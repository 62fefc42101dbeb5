import type { Redis } from 'ioredis';
import { withRedisLock } from './redis-lock';

/** Renewed every third while the task runs; a crashed process frees its tasks after this. */
const TASK_LOCK_TTL_MS = 30_000;

export type ExclusiveRun<T> = { readonly ran: true; readonly value: T } | { readonly ran: false };

export interface ExclusiveOptions {
  /** The deployment's `RedisKeys.taskLockPrefix`; the lock key is `<prefix><task name>`. */
  readonly keyPrefix: string;
  readonly ttlMs?: number;
  readonly onLost?: (key: string) => void;
}

/**
 * Runs a scheduled task's work unless the same task is running already, in this
 * process or another one on the same Redis (a slow run overlapping the next
 * period, or two bot processes sharing the queue). A busy task is skipped, not
 * queued: the next period runs it again anyway.
 */
export async function runExclusive<T>(redis: Redis, taskName: string, work: () => Promise<T>, options: ExclusiveOptions): Promise<ExclusiveRun<T>> {
  const run = await withRedisLock(redis, `${options.keyPrefix}${taskName}`, work, {
    ttlMs: options.ttlMs ?? TASK_LOCK_TTL_MS,
    waitMs: 0,
    onLost: options.onLost,
  });
  return run.acquired ? { ran: true, value: run.value } : { ran: false };
}
