import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';

/**
 * A lock in Redis that several bot processes respect: `SET key token NX PX ttl`,
 * renewed while the holder works, released only by the holder (compare-and-delete),
 * so a holder whose lock expired can never delete the next holder's lock.
 */

/** Deletes the key only when it still holds our token. */
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
/** Pushes the expiry out only when the key still holds our token. */
const EXTEND_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export interface RedisLock {
  readonly key: string;
  readonly token: string;
  /** False when the lock had already expired (or was taken by someone else). */
  release(): Promise<boolean>;
  extend(ttlMs: number): Promise<boolean>;
}

export async function tryAcquireLock(redis: Redis, key: string, ttlMs: number): Promise<RedisLock | null> {
  const token = randomUUID();
  const answer = await redis.set(key, token, 'PX', ttlMs, 'NX');
  if (answer !== 'OK') return null;
  return {
    key,
    token,
    release: async () => (await redis.eval(RELEASE_SCRIPT, 1, key, token)) === 1,
    extend: async (newTtlMs) => (await redis.eval(EXTEND_SCRIPT, 1, key, token, String(newTtlMs))) === 1,
  };
}

export interface LockOptions {
  /** Lifetime of the key; renewed every third of it while the work runs. A crashed holder frees the lock after this. */
  readonly ttlMs: number;
  /** How long to wait for a busy lock; 0 = give up at once. */
  readonly waitMs?: number;
  /** Pause between attempts while waiting. */
  readonly retryDelayMs?: number;
  /** Told once when a renewal (or `confirm`) finds the lock gone (Redis flushed, the process stalled past the TTL, another holder took it). */
  readonly onLost?: (key: string) => void;
}

export type LockedRun<T> = { readonly acquired: true; readonly value: T } | { readonly acquired: false };

/** The lock was found gone (expired, flushed, or taken by another holder) while its work ran. */
export class LockLostError extends Error {
  public constructor(public readonly key: string) {
    super(`The lock ${key} was lost while its work was running`);
    this.name = 'LockLostError';
  }
}

/** What the work run by `withRedisLock` knows of its lock. */
export interface HeldLock {
  readonly key: string;
  /** Unique to this holding of the lock. */
  readonly token: string;
  /** Aborted with a `LockLostError` as soon as a renewal finds the lock gone. */
  readonly signal: AbortSignal;
  /** Renews the lock now and throws `LockLostError` when it is no longer ours: for the moment before a step that cannot be undone. */
  confirm(): Promise<void>;
}

/**
 * Runs `work` while holding the lock. Returns `{ acquired: false }` without running
 * it when the lock stays busy for `waitMs`; errors of `work` propagate after the
 * lock is released. Work that must not go on without the lock watches `held.signal`
 * and calls `held.confirm()` before its final step.
 */
export async function withRedisLock<T>(
  redis: Redis,
  key: string,
  work: (held: HeldLock) => Promise<T>,
  options: LockOptions,
): Promise<LockedRun<T>> {
  const lock = await acquireWaiting(redis, key, options);
  if (!lock) return { acquired: false };
  const lost = new AbortController();
  const markLost = (): LockLostError => {
    const error = new LockLostError(key);
    if (!lost.signal.aborted) {
      lost.abort(error);
      clearInterval(renewal);
      options.onLost?.(key);
    }
    return error;
  };
  let renewing = false;
  const renewal = setInterval(
    () => {
      if (renewing) return;
      renewing = true;
      lock
        .extend(options.ttlMs)
        .then((held) => {
          if (!held) markLost();
        })
        .catch(() => undefined) // Redis briefly away: the next renewal tries again.
        .finally(() => {
          renewing = false;
        });
    },
    Math.max(10, Math.floor(options.ttlMs / 3)),
  );
  renewal.unref();
  const held: HeldLock = {
    key,
    token: lock.token,
    signal: lost.signal,
    confirm: async () => {
      if (lost.signal.aborted || !(await lock.extend(options.ttlMs))) throw markLost();
    },
  };
  try {
    return { acquired: true, value: await work(held) };
  } finally {
    clearInterval(renewal);
    await lock.release().catch(() => undefined); // an unreleased lock expires by itself
  }
}

async function acquireWaiting(redis: Redis, key: string, options: LockOptions): Promise<RedisLock | null> {
  const deadline = Date.now() + (options.waitMs ?? 0);
  const retryDelayMs = options.retryDelayMs ?? 200;
  for (;;) {
    const lock = await tryAcquireLock(redis, key, options.ttlMs);
    if (lock) return lock;
    const remaining = deadline - Date.now();
    if (remaining <= 0) return null;
    await sleep(Math.min(retryDelayMs, remaining));
  }
}
