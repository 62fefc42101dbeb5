/**
 * Discord's guild sharding and session start limit ("Sharding", "Session Start Limit
 * Object" and "Rate Limiting" in Discord's gateway documentation):
 *
 * - a guild's events go to the sessions of shard `(guild_id >> 22) % num_shards`; DMs and
 *   other events without a guild to shard 0 only;
 * - `GET /gateway/bot` recommends about one shard per 1,000 guilds; a session may handle at
 *   most 2,500 guilds (else close 4011 "Sharding required");
 * - a bot may start 1,000 sessions a day (RESUMEs do not count), and per 5 s one IDENTIFY per
 *   rate-limit key `shard_id % max_concurrency`; an IDENTIFY past that gets INVALID_SESSION.
 */
import { DISCORD_EPOCH, snowflake } from './snowflake';

/** Discord closes with 4011 when one session would have to handle more guilds than this. */
export const MAX_GUILDS_PER_SHARD = 2500;
/** `GET /gateway/bot`'s recommendation: about one shard per this many guilds. */
export const GUILDS_PER_RECOMMENDED_SHARD = 1000;
/** Each rate-limit key may IDENTIFY once per this window. */
export const IDENTIFY_WINDOW_MS = 5000;
export const SESSION_STARTS_PER_DAY = 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** `[shard_id, num_shards]` as in IDENTIFY and READY. */
export type ShardTuple = [number, number];

/** The shard a guild's events go to for `count` shards. */
export function shardOfGuild(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

/** Whether a session of `shard` receives an event of `guildId` (no guild: shard 0 only). */
export function shardReceives(shard: ShardTuple, guildId: string | undefined): boolean {
  return guildId === undefined ? shard[0] === 0 : shardOfGuild(guildId, shard[1]) === shard[0];
}

/**
 * A fresh snowflake that lands on shard `shardId` of `count`: its time (at most `count - 1`
 * ms before `timestamp`) is chosen so that `(id >> 22) % count === shardId`.
 */
export function snowflakeOnShard(shardId: number, count: number, timestamp: number = Date.now()): string {
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(shardId) || shardId < 0 || shardId >= count) {
    throw new Error(`no shard ${shardId} of ${count}`);
  }
  const sinceEpoch = BigInt(timestamp) - DISCORD_EPOCH;
  const offset = (((sinceEpoch - BigInt(shardId)) % BigInt(count)) + BigInt(count)) % BigInt(count);
  return snowflake(Number(sinceEpoch - offset + DISCORD_EPOCH));
}

/** IDENTIFY's `shard` (absent = `[0, 1]`), or null when Discord would close with 4010. */
export function parseShard(value: unknown): ShardTuple | null {
  if (value === undefined || value === null) return [0, 1];
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [id, count] = value as unknown[];
  if (!Number.isInteger(id) || !Number.isInteger(count)) return null;
  if ((count as number) < 1 || (id as number) < 0 || (id as number) >= (count as number)) return null;
  return [id as number, count as number];
}

/** One IDENTIFY that passed authentication and the shard checks, and what came of it. */
export interface IdentifyRecord {
  at: number;
  applicationId: string;
  shard: ShardTuple;
  /** Rate-limit key: `shard_id % max_concurrency`. */
  bucket: number;
  /** `ready`: a session started; `too-fast`: INVALID_SESSION (the key had identified in the last 5 s); `exhausted`: no session starts left today. */
  outcome: 'ready' | 'too-fast' | 'exhausted';
}

export interface SessionStartOptions {
  /** `session_start_limit.max_concurrency` (default 1, as for every bot under 150,000 guilds). */
  maxConcurrency?: number;
  /** `GET /gateway/bot`'s `shards` (default: ceil(guilds / 1000), at least 1). */
  recommendedShards?: number;
}

/** Per application: the day's session starts and each rate-limit key's last IDENTIFY. */
export class SessionStarts {
  public readonly maxConcurrency: number;
  /** Every IDENTIFY judged, oldest first: tests read it to see identify concurrency respected. */
  public readonly identifies: IdentifyRecord[] = [];
  private readonly days = new Map<string, { startedAt: number; used: number }>();

  public constructor(private readonly options: SessionStartOptions = {}) {
    this.maxConcurrency = options.maxConcurrency ?? 1;
    if (!Number.isInteger(this.maxConcurrency) || this.maxConcurrency < 1) throw new Error('maxConcurrency must be an integer >= 1');
  }

  public recommendedShards(guildCount: number): number {
    return this.options.recommendedShards ?? Math.max(1, Math.ceil(guildCount / GUILDS_PER_RECOMMENDED_SHARD));
  }

  /** `session_start_limit` of `GET /gateway/bot`. */
  public limitOf(applicationId: string, now = Date.now()): { total: number; remaining: number; reset_after: number; max_concurrency: number } {
    const day = this.day(applicationId, now);
    return {
      total: SESSION_STARTS_PER_DAY,
      remaining: SESSION_STARTS_PER_DAY - (day?.used ?? 0),
      reset_after: day ? day.startedAt + DAY_MS - now : DAY_MS,
      max_concurrency: this.maxConcurrency,
    };
  }

  /** IDENTIFYs that Discord refused for coming too fast. */
  public get refused(): IdentifyRecord[] {
    return this.identifies.filter((record) => record.outcome === 'too-fast');
  }

  /** Judges one IDENTIFY: only a `ready` one starts a session (and counts against the day). */
  public judge(applicationId: string, shard: ShardTuple, now = Date.now()): IdentifyRecord['outcome'] {
    const bucket = shard[0] % this.maxConcurrency;
    // Only session starts fill the key's window; a refused IDENTIFY does not extend it.
    const recent = this.identifies.some(
      (r) => r.applicationId === applicationId && r.bucket === bucket && r.outcome === 'ready' && now - r.at < IDENTIFY_WINDOW_MS,
    );
    let outcome: IdentifyRecord['outcome'];
    if (recent) outcome = 'too-fast';
    else if (this.limitOf(applicationId, now).remaining <= 0) outcome = 'exhausted';
    else {
      outcome = 'ready';
      const day = this.day(applicationId, now) ?? { startedAt: now, used: 0 };
      day.used += 1;
      this.days.set(applicationId, day);
    }
    this.identifies.push({ at: now, applicationId, shard: [...shard], bucket, outcome });
    return outcome;
  }

  private day(applicationId: string, now: number): { startedAt: number; used: number } | undefined {
    const day = this.days.get(applicationId);
    if (day && now - day.startedAt >= DAY_MS) {
      this.days.delete(applicationId);
      return undefined;
    }
    return day;
  }
}
