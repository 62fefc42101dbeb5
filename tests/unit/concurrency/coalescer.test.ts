import { KeyedCoalescer, KeyedDebouncer } from '../../../src/lib/concurrency/coalescer';
import { KeyedMutex } from '../../../src/lib/concurrency/mutex';

/** A promise the test resolves by hand, to hold a run open. */
function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('KeyedCoalescer', () => {
  test('a burst of requests during a run collapses into exactly one follow-up run', async () => {
    const coalescer = new KeyedCoalescer();
    const firstRun = gate();
    const runs: string[] = [];
    let value = 'v0';

    const first = coalescer.run('raid:1', async () => {
      runs.push(`start ${value}`);
      await firstRun.promise;
    });
    const burst = Array.from({ length: 20 }, (_, index) => {
      value = `v${index + 1}`;
      return coalescer.run('raid:1', async () => {
        runs.push(`follow-up reads ${value}`);
      });
    });

    firstRun.open();
    await Promise.all([first, ...burst]);
    expect(runs).toEqual(['start v0', 'follow-up reads v20']);
    expect(coalescer.isBusy('raid:1')).toBe(false);
  });

  test('never runs two tasks of one key at the same time', async () => {
    const coalescer = new KeyedCoalescer();
    let concurrent = 0;
    let maxConcurrent = 0;
    const task = async () => {
      concurrent += 1;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      await tick();
      concurrent -= 1;
    };
    const requests: Promise<void>[] = [];
    for (let index = 0; index < 10; index += 1) {
      requests.push(coalescer.run('k', task));
      await tick();
    }
    await Promise.all(requests);
    expect(maxConcurrent).toBe(1);
  });

  test('different keys run independently', async () => {
    const coalescer = new KeyedCoalescer();
    const blockA = gate();
    const order: string[] = [];
    const a = coalescer.run('a', async () => {
      await blockA.promise;
      order.push('a');
    });
    await coalescer.run('b', async () => {
      order.push('b');
    });
    blockA.open();
    await a;
    expect(order).toEqual(['b', 'a']);
  });

  test('a request made during a run resolves only after a run that started later has finished', async () => {
    const coalescer = new KeyedCoalescer();
    const firstRun = gate();
    let runsFinished = 0;
    const task = async () => {
      await firstRun.promise;
      runsFinished += 1;
    };
    void coalescer.run('k', task);
    const second = coalescer.run('k', task);
    firstRun.open();
    await second;
    expect(runsFinished).toBe(2);
  });

  test('a failed run rejects its waiters, reports once, and does not block later runs', async () => {
    const errors: unknown[] = [];
    const coalescer = new KeyedCoalescer({ onError: (key, error) => errors.push([key, (error as Error).message]) });
    await expect(coalescer.run('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(errors).toEqual([['k', 'boom']]);
    let ran = false;
    await coalescer.run('k', async () => {
      ran = true;
    });
    expect(ran).toBe(true);
  });

  test('whenIdle waits for the running and the follow-up run', async () => {
    const coalescer = new KeyedCoalescer();
    const firstRun = gate();
    const finished: number[] = [];
    void coalescer.run('k', async () => {
      await firstRun.promise;
      finished.push(1);
    });
    void coalescer.run('k', async () => {
      finished.push(2);
    });
    const idle = coalescer.whenIdle('k').then(() => [...finished]);
    firstRun.open();
    expect(await idle).toEqual([1, 2]);
  });
});

describe('KeyedDebouncer', () => {
  // A run that falls due is checked again after the poll phase: setImmediate stays real.
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate'] }));
  const pollPhase = () => new Promise((resolve) => setImmediate(resolve));
  afterEach(() => jest.useRealTimers());

  test('three requests inside the quiet time cause one run; a forced flush causes a second', async () => {
    const debouncer = new KeyedDebouncer({ delayMs: 1500, maxWaitMs: 10_000 });
    let runs = 0;
    const task = async () => {
      runs += 1;
    };
    const waits = [debouncer.schedule('g', task)];
    jest.advanceTimersByTime(500);
    waits.push(debouncer.schedule('g', task));
    jest.advanceTimersByTime(500);
    waits.push(debouncer.schedule('g', task));
    jest.advanceTimersByTime(1499);
    expect(runs).toBe(0);
    jest.advanceTimersByTime(1);
    await Promise.all(waits);
    expect(runs).toBe(1);

    await debouncer.flush('g', task);
    expect(runs).toBe(2);
    await debouncer.dispose();
  });

  test('a steady stream of requests still runs once the maximum wait is reached', async () => {
    const debouncer = new KeyedDebouncer({ delayMs: 1000, maxWaitMs: 3000 });
    let runs = 0;
    const task = async () => {
      runs += 1;
    };
    for (let elapsed = 0; elapsed < 3000; elapsed += 500) {
      void debouncer.schedule('g', task);
      jest.advanceTimersByTime(500);
    }
    await pollPhase();
    expect(runs).toBe(1);
    await debouncer.dispose();
  });

  test('a flush replaces the scheduled run and settles its waiters', async () => {
    const debouncer = new KeyedDebouncer({ delayMs: 1000, maxWaitMs: 5000 });
    let runs = 0;
    const task = async () => {
      runs += 1;
    };
    const scheduled = debouncer.schedule('g', task);
    await debouncer.flush('g', task);
    await scheduled;
    jest.advanceTimersByTime(5000);
    expect(runs).toBe(1);
    expect(debouncer.hasPending('g')).toBe(false);
    await debouncer.dispose();
  });

  test('a run that falls due while its key is held waits for the last release, then for a fresh quiet time', async () => {
    const debouncer = new KeyedDebouncer({ delayMs: 150, maxWaitMs: 3000 });
    let runs = 0;
    const task = async () => {
      runs += 1;
    };
    const first = debouncer.hold('raid');
    const second = debouncer.hold('raid');
    void debouncer.schedule('raid', task);
    void debouncer.schedule('other', task);
    jest.advanceTimersByTime(150);
    await pollPhase();
    expect(runs).toBe(1); // 'other' is not held
    first();
    first(); // a second call of one release does nothing
    jest.advanceTimersByTime(1000);
    await pollPhase();
    expect(runs).toBe(1);
    second();
    jest.advanceTimersByTime(149);
    await pollPhase();
    expect(runs).toBe(1);
    jest.advanceTimersByTime(1);
    await pollPhase();
    expect(runs).toBe(2);
    await debouncer.dispose();
  });

  test('the maximum wait bounds a hold: a key held for ever still runs', async () => {
    const debouncer = new KeyedDebouncer({ delayMs: 150, maxWaitMs: 1000 });
    let runs = 0;
    debouncer.hold('raid');
    const scheduled = debouncer.schedule('raid', async () => {
      runs += 1;
    });
    for (let elapsed = 0; elapsed < 900; elapsed += 150) {
      jest.advanceTimersByTime(150);
      await pollPhase();
    }
    expect(runs).toBe(0);
    jest.advanceTimersByTime(150);
    await pollPhase();
    await scheduled;
    expect(runs).toBe(1);
    await debouncer.dispose();
  });

  test('dispose cancels scheduled runs without running them', async () => {
    const debouncer = new KeyedDebouncer({ delayMs: 1000, maxWaitMs: 5000 });
    let runs = 0;
    const scheduled = debouncer.schedule('g', async () => {
      runs += 1;
    });
    await debouncer.dispose();
    await scheduled;
    jest.advanceTimersByTime(5000);
    expect(runs).toBe(0);
  });
});

describe('KeyedMutex', () => {
  test('holders of one key run one after another in arrival order', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const holder = (name: string, steps: number) =>
      mutex.runExclusive('raid:1', async () => {
        log.push(`${name} in`);
        for (let step = 0; step < steps; step += 1) await tick();
        log.push(`${name} out`);
        return name;
      });
    const results = await Promise.all([holder('a', 3), holder('b', 1), holder('c', 2)]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['a in', 'a out', 'b in', 'b out', 'c in', 'c out']);
    expect(mutex.isLocked('raid:1')).toBe(false);
  });

  test('a failing holder releases the key', async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.runExclusive('k', async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(mutex.runExclusive('k', async () => 42)).resolves.toBe(42);
  });
});
