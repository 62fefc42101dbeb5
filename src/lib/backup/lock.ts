import type { Redis } from 'ioredis';
import { withRedisLock, type HeldLock } from '../tasks/redis-lock';

const BACKUP_LOCK_TTL_MS = 60_000;
/** A large backup takes seconds to minutes; a caller waits this long for the one before it. */
const BACKUP_LOCK_WAIT_MS = 15 * 60_000;

export class BackupBusyError extends Error {
  public constructor(waitedMs: number) {
    super(`Another backup is still running after ${Math.round(waitedMs / 1000)} s of waiting`);
    this.name = 'BackupBusyError';
  }
}

export interface BackupLockOptions {
  /**
   * Key of the lock, shared by the backup worker and `/backup_db` of one deployment
   * (`redisKeys(namespace).backupLock`; tests use their own).
   */
  readonly key: string;
  readonly waitMs?: number;
  /** Lifetime of the lock key, renewed every third of it (tests shorten it). */
  readonly ttlMs?: number;
  readonly onLost?: (key: string) => void;
}

/**
 * Runs `work` when no other backup runs, waiting for a running one to finish, so
 * two exports never write at once. Throws `BackupBusyError` when the wait runs out.
 * `work` gets the held lock: pass it to `exportBackup`, which then stops (and
 * replaces nothing) once the lock is lost, since another run may hold it by then.
 */
export async function withBackupLock<T>(redis: Redis, work: (lock: HeldLock) => Promise<T>, options: BackupLockOptions): Promise<T> {
  const waitMs = options.waitMs ?? BACKUP_LOCK_WAIT_MS;
  const run = await withRedisLock(redis, options.key, work, {
    ttlMs: options.ttlMs ?? BACKUP_LOCK_TTL_MS,
    waitMs,
    retryDelayMs: 250,
    onLost: options.onLost,
  });
  if (!run.acquired) throw new BackupBusyError(waitMs);
  return run.value;
}
