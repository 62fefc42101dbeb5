/**
 * The singleton lock (one bot process per database, see advisory-lock.ts) across
 * database outages.
 *
 * The lock lives on its own connection; when PostgreSQL goes away that connection
 * dies and the lock with it. Exiting then would leave members without any answer for
 * the whole outage, and the supervisor gives up after a few quick failed restarts, so
 * a long outage would end the bot for good. Instead this process keeps its gateway,
 * stops all database work at once (the gate: members are told to try again, nothing
 * is written without the lock), and takes the lock again as soon as the database
 * answers. If another instance took it meanwhile, this one stops (exit code 3, which
 * the supervisor does not restart).
 */
import { acquireSingletonLock, type SingletonLock, type SingletonLockOptions } from './advisory-lock';
import type { Logger } from '../logging';

export interface LockKeeperOptions {
  readonly databaseUrl: string;
  readonly logger: Logger;
  /** After a loss, another instance holds the lock: this process must stop. */
  readonly onTakenOver: () => void;
  /** The lock was lost: stop database work (close the gate). */
  readonly onLost?: (error: Error) => void;
  /** The lock is held again: database work may resume. */
  readonly onRegained?: () => void;
  /** First wait before trying again, doubled per failed try up to `maxRetryMs`. */
  readonly retryMs?: number;
  readonly maxRetryMs?: number;
  /** Options for each lock connection (heartbeat, connect timeout). */
  readonly lockOptions?: Omit<SingletonLockOptions, 'onLost'>;
  /** Replaced in tests. */
  readonly acquire?: typeof acquireSingletonLock;
}

export class SingletonLockKeeper {
  #lock: SingletonLock | null = null;
  #retryTimer: NodeJS.Timeout | null = null;
  #stopped = false;
  #failedTries = 0;

  private constructor(private readonly options: LockKeeperOptions) {}

  /** Takes the lock now; null when another instance holds it. Connection errors are thrown (start-up reports them). */
  public static async start(options: LockKeeperOptions): Promise<SingletonLockKeeper | null> {
    const keeper = new SingletonLockKeeper(options);
    const lock = await keeper.tryAcquire();
    if (lock === null) return null;
    keeper.#lock = lock;
    return keeper;
  }

  /** True while this process holds the lock. */
  public get held(): boolean {
    return this.#lock?.held === true;
  }

  /** Stops retrying and releases the lock if held (shutdown). */
  public async release(): Promise<void> {
    this.#stopped = true;
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    const lock = this.#lock;
    this.#lock = null;
    await lock?.release();
  }

  private tryAcquire(): Promise<SingletonLock | null> {
    const acquire = this.options.acquire ?? acquireSingletonLock;
    return acquire(this.options.databaseUrl, { ...this.options.lockOptions, onLost: (error) => this.lost(error) });
  }

  private lost(error: Error): void {
    if (this.#stopped) return;
    this.#lock = null;
    this.options.logger.error(
      `Lost the connection holding the singleton lock (${error.message || error.name}); database work is paused and the lock is taken again as soon as the database answers`,
    );
    this.options.onLost?.(error);
    this.#failedTries = 0;
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.#stopped) return;
    const first = this.options.retryMs ?? 1000;
    const delay = Math.min(first * 2 ** this.#failedTries, this.options.maxRetryMs ?? 15_000);
    this.#retryTimer = setTimeout(() => void this.retry(), delay);
  }

  private async retry(): Promise<void> {
    this.#retryTimer = null;
    if (this.#stopped) return;
    let lock: SingletonLock | null;
    try {
      lock = await this.tryAcquire();
    } catch (error) {
      if (this.#failedTries === 0) this.options.logger.warn(`The database is still unreachable (${(error as Error).message || String(error)}); retrying`);
      this.#failedTries += 1;
      this.scheduleRetry();
      return;
    }
    if (this.#stopped) {
      await lock?.release();
      return;
    }
    if (lock === null) {
      this.options.logger.error('Another instance took the singleton lock while the database was unreachable; stopping this one');
      this.#stopped = true;
      this.options.onTakenOver();
      return;
    }
    this.#lock = lock;
    this.options.logger.info(`Singleton lock taken again after ${this.#failedTries + 1} attempt(s); database work resumes`);
    this.options.onRegained?.();
  }
}
