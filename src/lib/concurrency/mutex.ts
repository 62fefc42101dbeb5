/**
 * One holder per key at a time, FIFO. The raid lock (raids/services/raid-lock.ts) is
 * built on it: votes of one raid commit and render one at a time, in arrival order.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  public async runExclusive<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Holders waiting or running for `key` (diagnostics and tests). */
  public isLocked(key: string): boolean {
    return this.tails.has(key);
  }
}
