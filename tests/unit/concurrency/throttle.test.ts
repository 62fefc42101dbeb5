import { KeyedThrottle } from '../../../src/lib/concurrency/throttle';

/** A promise the test resolves by hand, to hold a run open. */
function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Lets timers and promise callbacks that are due run (fake timers). */
async function advance(ms: number): Promise<void> {
  await jest.advanceTimersByTimeAsync(ms);
}

describe('KeyedThrottle', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test('an idle key runs at once; requests within the interval share one trailing run with the latest task', async () => {
    const throttle = new KeyedThrottle({ intervalMs: 1000 });
    const runs: string[] = [];
    throttle.request('raid:1', async () => void runs.push('first'));
    await advance(0);
    expect(runs).toEqual(['first']);
    for (let index = 0; index < 10; index++) {
      throttle.request('raid:1', async () => void runs.push(`trailing ${index}`));
      await advance(50);
    }
    expect(runs).toEqual(['first']);
    await advance(500);
    expect(runs).toEqual(['first', 'trailing 9']);
    await advance(5000);
    expect(runs).toEqual(['first', 'trailing 9']);
    expect(throttle.isPending('raid:1')).toBe(false);
  });

  test('never more than one run per interval, however many requests', async () => {
    const throttle = new KeyedThrottle({ intervalMs: 1000 });
    const startedAt: number[] = [];
    for (let tick = 0; tick < 100; tick++) {
      throttle.request('raid:1', async () => void startedAt.push(Date.now()));
      await advance(100);
    }
    await advance(2000);
    const gaps = startedAt.slice(1).map((at, index) => at - startedAt[index]!);
    expect(startedAt.length).toBeGreaterThanOrEqual(10);
    expect(startedAt.length).toBeLessThanOrEqual(11);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(1000);
  });

  test('a run in progress is never joined by a second; the request during it runs after it', async () => {
    const throttle = new KeyedThrottle({ intervalMs: 100 });
    const running = gate();
    const runs: string[] = [];
    throttle.request('k', async () => {
      runs.push('slow start');
      await running.promise;
      runs.push('slow end');
    });
    await advance(0);
    throttle.request('k', async () => void runs.push('next'));
    await advance(1000);
    expect(runs).toEqual(['slow start']);
    running.open();
    await advance(0);
    expect(runs).toEqual(['slow start', 'slow end', 'next']);
  });

  test('keys are independent, a failure is reported and does not stop later runs', async () => {
    const failures: string[] = [];
    const throttle = new KeyedThrottle({ intervalMs: 1000, onError: (key) => failures.push(key) });
    const runs: string[] = [];
    throttle.request('a', async () => {
      throw new Error('edit failed');
    });
    throttle.request('b', async () => void runs.push('b'));
    await advance(0);
    expect(failures).toEqual(['a']);
    expect(runs).toEqual(['b']);
    throttle.request('a', async () => void runs.push('a again'));
    await advance(1000);
    expect(runs).toEqual(['b', 'a again']);
  });

  test('dispose drops waiting runs and waits for the one in progress', async () => {
    const throttle = new KeyedThrottle({ intervalMs: 1000 });
    const running = gate();
    const runs: string[] = [];
    throttle.request('k', async () => {
      await running.promise;
      runs.push('finished');
    });
    await advance(0);
    throttle.request('k', async () => void runs.push('dropped'));
    let disposed = false;
    const disposing = throttle.dispose().then(() => {
      disposed = true;
    });
    await advance(0);
    expect(disposed).toBe(false);
    running.open();
    await disposing;
    await advance(5000);
    expect(runs).toEqual(['finished']);
    throttle.request('k', async () => void runs.push('after dispose'));
    await advance(5000);
    expect(runs).toEqual(['finished']);
  });
});
