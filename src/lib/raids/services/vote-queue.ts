/**
 * Group commit for a raid's votes. A raid's votes take its lock one at a time; votes that
 * arrive while the lock is busy wait here together, and the next holder handles all of
 * them (up to a batch's size) at once: one round trip and one transaction for their
 * toggles, one render of the planner as of that commit. Under a light load every batch
 * is one vote, as before; under a burst the cost per vote falls as the queue grows, so
 * the bot keeps up instead of falling further behind.
 *
 * Each submitted vote asks for one run under the lock; a run takes everything waiting,
 * so runs that find the queue empty end at once.
 */
import type { HeldRaidLock, RaidLocks } from './raid-lock';

interface Waiting<T, R> {
  readonly item: T;
  resolve(value: R): void;
  reject(error: unknown): void;
}

export class RaidBatchQueue<T, R> {
  private readonly waiting = new Map<number, Array<Waiting<T, R>>>();

  public constructor(
    private readonly locks: RaidLocks,
    private readonly maxBatch: number,
    /** Handles a batch holding the raid's lock: one result per item, in order (a rejection fails that item alone). */
    private readonly handle: (lock: HeldRaidLock, items: readonly T[]) => Promise<ReadonlyArray<PromiseSettledResult<R>>>,
  ) {}

  public submit(raidId: number, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      let queue = this.waiting.get(raidId);
      if (queue === undefined) {
        queue = [];
        this.waiting.set(raidId, queue);
      }
      queue.push({ item, resolve, reject });
      // Failures reach each item through its own promise.
      void this.locks.run(raidId, (lock) => this.drain(lock, raidId));
    });
  }

  private async drain(lock: HeldRaidLock, raidId: number): Promise<void> {
    const queue = this.waiting.get(raidId);
    if (queue === undefined) return;
    const batch = queue.splice(0, this.maxBatch);
    if (queue.length === 0) this.waiting.delete(raidId);
    let results: ReadonlyArray<PromiseSettledResult<R>>;
    try {
      results = await this.handle(lock, batch.map((waiting) => waiting.item));
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
      return;
    }
    batch.forEach((waiting, index) => {
      const result = results[index];
      if (result === undefined) waiting.reject(new Error('a batch returned fewer results than items'));
      else if (result.status === 'fulfilled') waiting.resolve(result.value);
      else waiting.reject(result.reason);
    });
  }
}
