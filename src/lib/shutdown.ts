import type { Logger } from './logging';

/** Exit codes of the bot process (the supervisor reads them). */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
/** Another instance holds the database's singleton lock: do not restart in a loop. */
export const EXIT_ALREADY_RUNNING = 3;
/**
 * Stopped because an operator asked for a restart (/restart, the log channel's `restart`):
 * the supervisor starts the bot again at once and never counts it as a failure, so no
 * number of requested restarts can make it give up.
 */
export const EXIT_RESTART_REQUESTED = 4;

/** Everything that is closed on SIGTERM/SIGINT must finish within this time. */
export const SHUTDOWN_TIMEOUT_MS = 10_000;

interface CloseStep {
  readonly name: string;
  readonly close: () => unknown;
}

export interface ShutdownOptions {
  readonly timeoutMs?: number;
  /** Ends the process; replaced in tests. */
  readonly exit?: (code: number) => void;
}

/**
 * Closes what the process opened, newest first (gateway before scheduled tasks before
 * the database before the singleton lock), then exits. Runs once; if closing takes
 * longer than the timeout the process exits anyway.
 */
export class Shutdown {
  readonly #steps: CloseStep[] = [];
  readonly #timeoutMs: number;
  readonly #exit: (code: number) => void;
  #running: Promise<void> | null = null;
  #exited = false;

  public constructor(
    private readonly log: Logger,
    options: ShutdownOptions = {},
  ) {
    this.#timeoutMs = options.timeoutMs ?? SHUTDOWN_TIMEOUT_MS;
    this.#exit = options.exit ?? ((code) => process.exit(code));
  }

  public get inProgress(): boolean {
    return this.#running !== null;
  }

  /** Registers something to close; steps run in reverse order of registration. */
  public add(name: string, close: () => unknown): void {
    this.#steps.push({ name, close });
  }

  /** Idempotent: a second call (second signal, error during shutdown) joins the first. */
  public run(reason: string, exitCode: number): Promise<void> {
    this.#running ??= this.#closeAll(reason, exitCode);
    return this.#running;
  }

  public installSignalHandlers(): void {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.on(signal, () => {
        if (this.inProgress) {
          this.log.warn(`${signal} received again; shutdown is already under way`);
          return;
        }
        void this.run(signal, EXIT_OK);
      });
    }
  }

  async #closeAll(reason: string, exitCode: number): Promise<void> {
    this.log.info(`Shutting down (${reason})`);
    const hardExit = setTimeout(() => {
      this.log.error(`Shutdown did not finish within ${this.#timeoutMs / 1000} s; exiting anyway`);
      this.#exitOnce(exitCode);
    }, this.#timeoutMs);
    for (const step of [...this.#steps].reverse()) {
      try {
        await step.close();
        this.log.debug(`Closed ${step.name}`);
      } catch (error) {
        this.log.warn(`Closing ${step.name} failed`, error);
      }
    }
    clearTimeout(hardExit);
    if (this.#exited) return;
    this.log.info(`Shutdown complete, exiting with code ${exitCode}`);
    this.#exitOnce(exitCode);
  }

  #exitOnce(code: number): void {
    if (this.#exited) return;
    this.#exited = true;
    this.#exit(code);
  }
}
