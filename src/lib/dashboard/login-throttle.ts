export interface LoginThrottleOptions {
  /** Failed token attempts an address may make within `windowMs` (default 5). */
  readonly maxFailures?: number;
  /** Length of the sliding window (default one minute). */
  readonly windowMs?: number;
}

/** Addresses tracked at most; beyond it the ones whose failures all expired are dropped first. */
const MAX_TRACKED_ADDRESSES = 10_000;

/**
 * Failed logins per client address in a sliding window: after `maxFailures` wrong
 * tokens within `windowMs`, the address is refused until the oldest of them leaves
 * the window. Kept in memory: a restart forgets it, which costs a guesser a restart
 * of the bot per few attempts.
 */
export class LoginThrottle {
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly failures = new Map<string, number[]>();

  public constructor(options: LoginThrottleOptions = {}) {
    this.maxFailures = options.maxFailures ?? 5;
    this.windowMs = options.windowMs ?? 60_000;
  }

  /** Milliseconds until the address may try again; 0 when it may try now. */
  public retryAfterMs(address: string, now = Date.now()): number {
    const recent = this.recent(address, now);
    if (recent.length < this.maxFailures) return 0;
    return recent[recent.length - this.maxFailures]! + this.windowMs - now;
  }

  public recordFailure(address: string, now = Date.now()): void {
    const recent = this.recent(address, now);
    recent.push(now);
    this.failures.set(address, recent);
    if (this.failures.size > MAX_TRACKED_ADDRESSES) this.forgetExpired(now);
  }

  private recent(address: string, now: number): number[] {
    const recent = (this.failures.get(address) ?? []).filter((at) => at > now - this.windowMs);
    if (recent.length === 0) this.failures.delete(address);
    // Only the last maxFailures attempts decide anything.
    return recent.slice(-this.maxFailures);
  }

  private forgetExpired(now: number): void {
    for (const address of [...this.failures.keys()]) this.recent(address, now);
    // Still too many (a flood of distinct addresses): drop the oldest entries.
    for (const address of this.failures.keys()) {
      if (this.failures.size <= MAX_TRACKED_ADDRESSES) break;
      this.failures.delete(address);
    }
  }
}
