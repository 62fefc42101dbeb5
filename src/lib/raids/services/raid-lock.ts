/**
 * The raid lock: everything that changes what a raid's planner shows (a vote's
 * transaction and rendering, a close and the closed notice, a repair at start-up) runs
 * one at a time per raid, in arrival order. A vote's update response is sent after the
 * lock is released (it is registered with the planner service under the lock, which
 * edits the planner once more when responses may have landed out of order, and which
 * lets a close wait for them before its notice).
 * Methods that write the planner take a `HeldRaidLock`, which only `RaidLocks.run`
 * hands out and which stops working when the run ends: holding the lock is checked by
 * the code, not remembered by the caller.
 */
import { KeyedMutex } from '../../concurrency/mutex';

const issue = Symbol('raid lock');

export class HeldRaidLock {
  #held = true;

  public constructor(
    token: typeof issue,
    public readonly raidId: number,
  ) {
    if (token !== issue) throw new Error('a raid lock is only handed out by RaidLocks.run');
  }

  /** Throws unless this is the held lock of `raidId`. */
  public assertHolds(raidId: number): void {
    if (!this.#held) throw new Error(`the lock of raid ${this.raidId} was used after it was released`);
    if (this.raidId !== raidId) throw new Error(`the lock of raid ${this.raidId} does not cover raid ${raidId}`);
  }

  /** Internal: called by RaidLocks when the run ends. */
  public [issue](): void {
    this.#held = false;
  }
}

export class RaidLocks {
  private readonly mutex = new KeyedMutex();

  /** Runs `fn` holding the raid's lock; the lock handed to it is valid until `fn` settles. */
  public run<T>(raidId: number, fn: (lock: HeldRaidLock) => Promise<T>): Promise<T> {
    return this.mutex.runExclusive(String(raidId), async () => {
      const lock = new HeldRaidLock(issue, raidId);
      try {
        return await fn(lock);
      } finally {
        lock[issue]();
      }
    });
  }
}
