/**
 * Trailing throttle per key: a request runs its task as soon as the key's previous run
 * started at least `intervalMs` ago and is over; requests meanwhile share one later run
 * (the latest task wins). Used for the planner's catch-up edits, so a raid costs at most
 * one such edit per interval however many votes ask for one.
 */

type Task = () => Promise<void>;

interface KeyState {
  lastStartAt: number;
  /** The task of the next run, when one was requested. */
  task: Task | null;
  running: Promise<void> | null;
  /** Starts the next run, or forgets the key once its interval is over. */
  timer: NodeJS.Timeout | null;
}

export interface ThrottleOptions {
  readonly intervalMs: number;
  /** Called once per failed run. */
  readonly onError?: (key: string, error: unknown) => void;
  /** The clock (default Date.now). */
  readonly now?: () => number;
}

export class KeyedThrottle {
  private readonly states = new Map<string, KeyState>();
  private disposed = false;

  public constructor(private readonly options: ThrottleOptions) {}

  /** Asks for one run of `task` for `key`, now or once the interval allows. */
  public request(key: string, task: Task): void {
    if (this.disposed) return;
    let state = this.states.get(key);
    if (state === undefined) {
      state = { lastStartAt: Number.NEGATIVE_INFINITY, task: null, running: null, timer: null };
      this.states.set(key, state);
    }
    state.task = task;
    this.arm(key, state);
  }

  /** True while a run of `key` is in progress or waiting. */
  public isPending(key: string): boolean {
    const state = this.states.get(key);
    return state !== undefined && (state.running !== null || state.task !== null);
  }

  /** Resolves once no run is in progress or waiting for any key (tests, shutdown). */
  public async whenAllIdle(): Promise<void> {
    for (;;) {
      const busy = [...this.states.values()].filter((state) => state.running !== null || state.task !== null);
      if (busy.length === 0) return;
      await Promise.all(busy.map((state) => state.running ?? new Promise((resolve) => setTimeout(resolve, 10))));
    }
  }

  /** Drops waiting runs and waits for those in progress. */
  public async dispose(): Promise<void> {
    this.disposed = true;
    for (const state of this.states.values()) {
      if (state.timer !== null) clearTimeout(state.timer);
      state.timer = null;
      state.task = null;
    }
    await Promise.all([...this.states.values()].map((state) => state.running));
    this.states.clear();
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** One timer per idle key: at the end of its interval it starts the waiting run, or forgets the key. */
  private arm(key: string, state: KeyState): void {
    if (this.disposed || state.running !== null || state.timer !== null) return;
    const delay = Math.max(0, state.lastStartAt + this.options.intervalMs - this.now());
    state.timer = setTimeout(() => {
      state.timer = null;
      if (state.task !== null) this.start(key, state);
      else if (state.running === null && this.states.get(key) === state) this.states.delete(key);
    }, delay);
    state.timer.unref?.();
  }

  private start(key: string, state: KeyState): void {
    const task = state.task!;
    state.task = null;
    state.lastStartAt = this.now();
    state.running = (async () => {
      try {
        await task();
      } catch (error) {
        this.options.onError?.(key, error);
      }
    })().finally(() => {
      state.running = null;
      this.arm(key, state);
    });
  }
}
