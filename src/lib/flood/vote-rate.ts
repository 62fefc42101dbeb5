import type { Redis } from 'ioredis';

/**
 * Sliding-window log in one sorted set per member and server: members are the
 * instants (ms) of accepted changes. Atomic, so concurrent votes of one member
 * cannot both slip under the limit. Returns 0 when the change is accepted (and
 * recorded), otherwise the milliseconds until the oldest change leaves the window.
 */
const TAKE_SCRIPT = `
local key, now, window, limit, id = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
if redis.call('ZCARD', key) >= limit then
  local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  return math.max(1, tonumber(oldest[2]) + window - now)
end
redis.call('ZADD', key, now, id)
redis.call('PEXPIRE', key, window)
return 0
`;

export interface VoteRateOptions {
  readonly changesPerWindow: number;
  readonly windowSeconds: number;
  readonly keyPrefix: string;
  /** The clock (tests move it instead of sleeping). */
  readonly now?: () => number;
}

export type VoteRateVerdict = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number };

/**
 * A member may change votes `changesPerWindow` times per window across the raids of a
 * server; refused attempts do not count. When Redis cannot answer, changes are allowed:
 * the limit protects the channel, it must not stop votes during an outage.
 */
export class VoteRateLimiter {
  private sequence = 0;

  public constructor(
    private readonly redis: Redis,
    private readonly options: VoteRateOptions,
  ) {}

  public get windowSeconds(): number {
    return this.options.windowSeconds;
  }

  public async take(guildId: string, userId: string): Promise<VoteRateVerdict> {
    const now = (this.options.now ?? Date.now)();
    this.sequence = (this.sequence + 1) % 1_000_000;
    let waitMs: unknown;
    try {
      waitMs = await this.redis.eval(
        TAKE_SCRIPT,
        1,
        `${this.options.keyPrefix}votes:changes:${guildId}:${userId}`,
        now,
        this.options.windowSeconds * 1_000,
        this.options.changesPerWindow,
        `${now}-${process.pid}-${this.sequence}`,
      );
    } catch {
      return { allowed: true };
    }
    const retryAfterMs = Number(waitMs);
    return retryAfterMs > 0 ? { allowed: false, retryAfterMs } : { allowed: true };
  }
}
