/**
 * The live bot processes of a sharded deployment and the shards each owns, in Redis, so
 * a scheduled task's fan-out (fan-out.ts) knows whose answers to wait for. Each process
 * renews its entry every third of the TTL; an entry not renewed within the TTL (the
 * process died, or lost Redis) no longer counts and is pruned by the next reader.
 *
 * Keys (`RedisKeys.processRegistry` = `<namespace>:processes`): the hash
 * `<key>` process id → `{ shards, shardCount }` as JSON, and the sorted set `<key>:until`
 * process id → expiry (ms). Expiries are Redis's own clock (`TIME` inside the scripts),
 * so hosts whose clocks disagree still agree on who is live.
 */
import type { Redis } from 'ioredis';

export interface LiveProcess {
  /** Unique per process run (host, pid, start). */
  readonly id: string;
  readonly shards: readonly number[];
  readonly shardCount: number;
}

/** Renewed every third of this; a process that stops renewing is gone after it. */
export const PROCESS_TTL_MS = 30_000;

const NOW_MS = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** KEYS[1] hash, KEYS[2] expiries; ARGV id, ttl ms, entry. */
const RENEW_SCRIPT = `${NOW_MS}
redis.call('zadd', KEYS[2], now + tonumber(ARGV[2]), ARGV[1])
redis.call('hset', KEYS[1], ARGV[1], ARGV[3])
return 1`;

/** KEYS[1] hash, KEYS[2] expiries: prunes the expired, returns the live entries (id, entry, …). */
const LIVE_SCRIPT = `${NOW_MS}
local gone = redis.call('zrangebyscore', KEYS[2], '-inf', '(' .. now)
for _, id in ipairs(gone) do redis.call('hdel', KEYS[1], id) end
if #gone > 0 then redis.call('zremrangebyscore', KEYS[2], '-inf', '(' .. now) end
return redis.call('hgetall', KEYS[1])`;

export class ProcessRegistry {
  private timer: NodeJS.Timeout | null = null;

  public constructor(
    private readonly redis: () => Promise<Redis>,
    private readonly key: string,
    private readonly ttlMs: number = PROCESS_TTL_MS,
  ) {}

  /** Enters (or renews) `self` for one TTL. */
  public async renew(self: LiveProcess): Promise<void> {
    const entry = JSON.stringify({ shards: self.shards, shardCount: self.shardCount });
    await (await this.redis()).eval(RENEW_SCRIPT, 2, this.key, this.expiriesKey(), self.id, String(this.ttlMs), entry);
  }

  /** Enters `self` now and keeps renewing it until `leave`; a failed renewal is reported and tried at the next beat. */
  public keepAlive(self: LiveProcess, onError: (error: unknown) => void): Promise<void> {
    if (this.timer === null) {
      this.timer = setInterval(() => void this.renew(self).catch(onError), Math.max(1, Math.floor(this.ttlMs / 3)));
      this.timer.unref();
    }
    return this.renew(self);
  }

  /** The processes whose entry is live, ordered by id. */
  public async live(): Promise<LiveProcess[]> {
    const flat = (await (await this.redis()).eval(LIVE_SCRIPT, 2, this.key, this.expiriesKey())) as string[];
    const processes: LiveProcess[] = [];
    for (let index = 0; index + 1 < flat.length; index += 2) {
      try {
        const { shards, shardCount } = JSON.parse(flat[index + 1]!) as { shards: number[]; shardCount: number };
        processes.push({ id: flat[index]!, shards, shardCount });
      } catch {
        // An entry that does not read is ignored; it expires with its process.
      }
    }
    return processes.sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Leaves at once (shutdown), so nobody waits for this process's answers. */
  public async leave(id: string): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await (await this.redis()).multi().hdel(this.key, id).zrem(this.expiriesKey(), id).exec();
  }

  private expiriesKey(): string {
    return `${this.key}:until`;
  }
}
