import { PlannerFreshness } from '../../../src/lib/raids/services/planner-freshness';

function tracker(): { freshness: PlannerFreshness; stale: number[] } {
  const stale: number[] = [];
  return { freshness: new PlannerFreshness((raidId) => stale.push(raidId)), stale };
}

describe('PlannerFreshness', () => {
  test('one vote at a time: each response shows the latest commit, nothing to catch up, the raid is forgotten', () => {
    const { freshness, stale } = tracker();
    for (let round = 0; round < 3; round++) {
      const write = freshness.begin(7, freshness.commit(7));
      expect(freshness.busy(7)).toBe(true);
      freshness.end(write, true);
    }
    expect(stale).toEqual([]);
    expect(freshness.isExact(7)).toBe(true);
    expect(freshness.size).toBe(0);
  });

  test('overlapping responses of different commits: one catch-up, asked only when the last of them ended', () => {
    const { freshness, stale } = tracker();
    const first = freshness.begin(7, freshness.commit(7));
    const second = freshness.begin(7, freshness.commit(7));
    freshness.end(second, true);
    expect(stale).toEqual([]);
    freshness.end(first, true); // may have landed after the newer one
    expect(stale).toEqual([7]);
    expect(freshness.isExact(7)).toBe(false);
  });

  test('overlapping responses ending in commit order still ask: Discord may have applied them in either order', () => {
    const { freshness, stale } = tracker();
    const first = freshness.begin(7, freshness.commit(7));
    const second = freshness.begin(7, freshness.commit(7));
    freshness.end(first, true);
    freshness.end(second, true);
    expect(stale).toEqual([7]);
  });

  test('overlapping responses that all show the same commit need no catch-up', () => {
    const { freshness, stale } = tracker();
    const version = freshness.commit(7);
    freshness.end(freshness.begin(7, version), true);
    const unchangedA = freshness.begin(7, freshness.version(7));
    const unchangedB = freshness.begin(7, freshness.version(7));
    freshness.end(unchangedB, true);
    freshness.end(unchangedA, true);
    expect(stale).toEqual([]);
    expect(freshness.isExact(7)).toBe(true);
  });

  test('a failed response asks for a catch-up even alone', () => {
    const { freshness, stale } = tracker();
    freshness.end(freshness.begin(7, freshness.commit(7)), false);
    expect(stale).toEqual([7]);
  });

  test('a catch-up edit that begins after the round ended and shows the latest commit settles the raid', () => {
    const { freshness, stale } = tracker();
    const first = freshness.begin(7, freshness.commit(7));
    const second = freshness.begin(7, freshness.commit(7));
    freshness.end(first, true);
    freshness.end(second, true);
    expect(stale).toEqual([7]);
    freshness.end(freshness.begin(7, freshness.version(7)), true);
    expect(stale).toEqual([7]);
    expect(freshness.isExact(7)).toBe(true);
  });

  test('a vote committed while the catch-up edit is on its way makes another round to catch up', () => {
    const { freshness, stale } = tracker();
    freshness.end(freshness.begin(7, freshness.commit(7)), false);
    const edit = freshness.begin(7, freshness.version(7));
    const response = freshness.begin(7, freshness.commit(7));
    freshness.end(response, true);
    freshness.end(edit, true);
    expect(stale).toEqual([7, 7]);
  });

  test('raids are independent', () => {
    const { freshness, stale } = tracker();
    const a = freshness.begin(1, freshness.commit(1));
    const b = freshness.begin(2, freshness.commit(2));
    const c = freshness.begin(2, freshness.commit(2));
    freshness.end(a, true);
    freshness.end(b, true);
    freshness.end(c, true);
    expect(stale).toEqual([2]);
    expect(freshness.isExact(1)).toBe(true);
  });

  test('settled waits for the writes on their way; forget ends the tracking and ignores their ends', async () => {
    const { freshness, stale } = tracker();
    const write = freshness.begin(7, freshness.commit(7));
    let settled = false;
    const waiting = freshness.settled(7).then(() => {
      settled = true;
    });
    await Promise.resolve();
    expect(settled).toBe(false);
    freshness.end(write, true);
    await waiting;
    expect(settled).toBe(true);
    await expect(freshness.settled(7)).resolves.toBeUndefined();

    const late = freshness.begin(8, freshness.commit(8));
    const other = freshness.begin(8, freshness.commit(8));
    freshness.forget(8);
    freshness.end(late, true);
    freshness.end(other, false);
    expect(stale).toEqual([]);
    expect(freshness.isExact(8)).toBe(true);
  });

  test('ending a write twice counts once', () => {
    const { freshness, stale } = tracker();
    const first = freshness.begin(7, freshness.commit(7));
    const second = freshness.begin(7, freshness.commit(7));
    freshness.end(first, true);
    freshness.end(first, true);
    expect(stale).toEqual([]);
    expect(freshness.busy(7)).toBe(true);
    freshness.end(second, true);
    expect(stale).toEqual([7]);
  });
});
