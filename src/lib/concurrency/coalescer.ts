/**
 * Coalescing per key, for work that reads fresh state on every run (the messages that
 * change because of votes): many requests for one key need only one run after the
 * latest of them, so a burst of N requests costs at most two runs per key at any
 * moment (the running one and one follow-up), never a queue of N.
 */

type Task = () => Promise<void>;

interface Waiter {
  readonly promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function createWaiter(): Waiter {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A fire-and-forget caller must not turn a failed run into an unhandled rejection;
  // the coalescer's onError hook reports it.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

interface KeyState {
  running: Promise<void>;
  /** The one follow-up run that requests made during the current run share. */
  followUp: { waiter: Waiter; task: Task } | null;
}

export interface CoalescerOptions {
  /** Called once per failed run (the run's waiters also see the rejection). */
  readonly onError?: (key: string, error: unknown) => void;
}

export class KeyedCoalescer {
  private readonly states = new Map<string, KeyState>();

  public constructor(private readonly options: CoalescerOptions = {}) {}

  /**
   * Runs `task` for `key` now, or, if a run for that key is in progress, once after it
   * (joining any follow-up already waiting; the latest task wins). Resolves when a run
   * that started after this call has finished, i.e. when the caller's change is
   * reflected; rejects if that run failed.
   */
  public run(key: string, task: Task): Promise<void> {
    const state = this.states.get(key);
    if (state === undefined) return this.start(key, task);
    if (state.followUp === null) state.followUp = { waiter: createWaiter(), task };
    else state.followUp.task = task;
    return state.followUp.waiter.promise;
  }

  /** True while a run for `key` is in progress or queued. */
  public isBusy(key: string): boolean {
    return this.states.has(key);
  }

  /** Resolves once no run for `key` is in progress or queued (failures included). */
  public async whenIdle(key: string): Promise<void> {
    for (let state = this.states.get(key); state !== undefined; state = this.states.get(key)) {
      await state.running.catch(() => undefined);
      if (state.followUp !== null) await state.followUp.waiter.promise.catch(() => undefined);
    }
  }

  /** Resolves once every key is idle: used at shutdown so no edit is cut off half-way. */
  public async whenAllIdle(): Promise<void> {
    while (this.states.size > 0) await Promise.all([...this.states.keys()].map((key) => this.whenIdle(key)));
  }

  private start(key: string, task: Task, waiter: Waiter = createWaiter()): Promise<void> {
    const state: KeyState = { running: Promise.resolve(), followUp: null };
    this.states.set(key, state);
    state.running = this.execute(key, task, waiter).finally(() => {
      const next = state.followUp;
      this.states.delete(key);
      if (next !== null) void this.start(key, next.task, next.waiter);
    });
    return waiter.promise;
  }

  private async execute(key: string, task: Task, waiter: Waiter): Promise<void> {
    try {
      await task();
      waiter.resolve();
    } catch (error) {
      this.options.onError?.(key, error);
      waiter.reject(error);
    }
  }
}

export interface DebouncerOptions extends CoalescerOptions {
  /** Quiet time after the latest request before the run starts. */
  readonly delayMs: number;
  /** Upper bound on how long a steady stream of requests can postpone a run. */
  readonly maxWaitMs: number;
}

interface PendingRun {
  timer: NodeJS.Timeout;
  readonly firstRequestAt: number;
  task: Task;
  readonly waiter: Waiter;
  /** Fell due while the key was held: runs when the last hold is released. */
  due: boolean;
}

/**
 * Trailing debounce per key, with runs serialised through a KeyedCoalescer. Used for
 * the raid list after votes: votes rarely change it, so one refresh after a quiet
 * moment is enough. `flush` runs at once (forced refreshes after create/finish).
 *
 * Quiet is judged after the event loop had its turn at I/O (a run that falls due is
 * checked again after the poll phase), and `hold` marks work still on its way for a key
 * (a vote read from the gateway but not yet committed): a run that falls due while the
 * key is held waits for the last release and a fresh quiet time — so a bot that is
 * behind on a burst does not mistake its own backlog for quiet. The maximum wait bounds
 * both.
 */
export class KeyedDebouncer {
  private readonly pending = new Map<string, PendingRun>();
  private readonly holds = new Map<string, number>();
  private readonly coalescer: KeyedCoalescer;
  private disposed = false;

  public constructor(private readonly options: DebouncerOptions) {
    this.coalescer = new KeyedCoalescer(options);
  }

  /** Schedules `task` for `key` after the quiet time; resolves when that run has finished. */
  public schedule(key: string, task: Task): Promise<void> {
    if (this.disposed) return Promise.resolve();
    const now = Date.now();
    const existing = this.pending.get(key);
    if (existing !== undefined) {
      clearTimeout(existing.timer);
      existing.task = task;
      existing.timer = this.arm(key, existing, now);
      return existing.waiter.promise;
    }
    const run: PendingRun = { timer: undefined as unknown as NodeJS.Timeout, firstRequestAt: now, task, waiter: createWaiter(), due: false };
    run.timer = this.arm(key, run, now);
    this.pending.set(key, run);
    return run.waiter.promise;
  }

  /** Runs `task` now (after a run in progress), replacing a scheduled run of this key. */
  public flush(key: string, task: Task): Promise<void> {
    const existing = this.pending.get(key);
    if (existing !== undefined) {
      clearTimeout(existing.timer);
      this.pending.delete(key);
    }
    const result = this.coalescer.run(key, task);
    if (existing !== undefined) result.then(existing.waiter.resolve, existing.waiter.reject);
    return result;
  }

  /** Marks work on its way for `key` until the returned release is called (once; later calls do nothing). */
  public hold(key: string): () => void {
    this.holds.set(key, (this.holds.get(key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.holds.get(key) ?? 1) - 1;
      if (left > 0) {
        this.holds.set(key, left);
        return;
      }
      this.holds.delete(key);
      const run = this.pending.get(key);
      if (run?.due === true) {
        run.due = false;
        clearTimeout(run.timer);
        run.timer = this.arm(key, run, Date.now());
      }
    };
  }

  public hasPending(key: string): boolean {
    return this.pending.has(key);
  }

  /** Cancels scheduled runs (their promises resolve) and waits for runs in progress. */
  public async dispose(): Promise<void> {
    this.disposed = true;
    for (const run of this.pending.values()) {
      clearTimeout(run.timer);
      run.waiter.resolve();
    }
    this.pending.clear();
    await this.coalescer.whenAllIdle();
  }

  private arm(key: string, run: PendingRun, now: number): NodeJS.Timeout {
    const delay = Math.max(0, Math.min(this.options.delayMs, run.firstRequestAt + this.options.maxWaitMs - now));
    return setTimeout(() => {
      // After the poll phase: requests that were waiting in sockets have been seen.
      setImmediate(() => {
        if (this.pending.get(key) !== run) return;
        if (this.holds.has(key) && Date.now() - run.firstRequestAt < this.options.maxWaitMs) {
          // Looked at again after another quiet time (the maximum wait still applies), or at the last release.
          run.due = true;
          run.timer = this.arm(key, run, Date.now());
          return;
        }
        this.pending.delete(key);
        this.coalescer.run(key, run.task).then(run.waiter.resolve, run.waiter.reject);
      });
    }, delay);
  }
}
