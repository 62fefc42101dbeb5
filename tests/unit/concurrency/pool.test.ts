import { setTimeout as sleep } from 'node:timers/promises';
import { forEachConcurrently, groupBy } from '../../../src/lib/concurrency/pool';

describe('forEachConcurrently', () => {
  it('never runs more than the limit at once, and runs every item', async () => {
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await forEachConcurrently(Array.from({ length: 20 }, (_, i) => i), 4, async (item) => {
      running += 1;
      peak = Math.max(peak, running);
      await sleep(2 + (item % 3));
      done.push(item);
      running -= 1;
    });
    expect(peak).toBe(4);
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('keeps going after a failure and returns the failed items with their errors', async () => {
    const done: number[] = [];
    const failures = await forEachConcurrently([1, 2, 3, 4], 2, async (item) => {
      if (item % 2 === 0) throw new Error(`no ${item}`);
      done.push(item);
    });
    expect(done.sort()).toEqual([1, 3]);
    expect(failures.map(({ item, error }) => [item, (error as Error).message])).toEqual([
      [2, 'no 2'],
      [4, 'no 4'],
    ]);
  });

  it('handles no items', async () => {
    await expect(forEachConcurrently([], 4, async () => undefined)).resolves.toEqual([]);
  });
});

describe('groupBy', () => {
  it('groups by key, each group in item order, groups in order of first appearance', () => {
    const items = ['a1', 'b1', 'a2', 'c1', 'a3', 'c2'];
    expect(groupBy(items, (item) => item[0]!)).toEqual([['a1', 'a2', 'a3'], ['b1'], ['c1', 'c2']]);
  });
});
