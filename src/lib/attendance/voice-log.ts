/**
 * Who was in which voice channel when, per server, in Redis (issue 13.1): one script
 * call per voice event, never a database write. Keys (prefix = the deployment's
 * namespace, `RedisKeys.attendancePrefix`):
 *
 * - `<prefix>open:<guild>` hash: member → `<since ms>:<channel id>` while in voice;
 * - `<prefix>log:<guild>:<member>` list: closed stretches `<start>:<end>:<channel>`,
 *   newest last, at most MAX_LOGGED_INTERVALS, expiring VOICE_LOG_TTL_S after the last write;
 * - `<prefix>watched` hash: process start (ms) → last heartbeat (ms), when the bot was
 *   following voice states at all (a window it did not watch falls back, see presence.ts).
 *   Sharded, one per shard, `<prefix>watched:shard-<id>-of-<count>`, written by the
 *   shard's owner: a server was watched when the process owning its shard was running.
 *
 * The TTL outlives the longest a raid can wait for its close (auto-close grace ≤ 168 h
 * after its last slot plus the window), so a finish always finds its slots' data.
 */
import type { Redis } from 'ioredis';
import type { VoiceInterval } from './presence';

export const VOICE_LOG_TTL_S = 8 * 24 * 60 * 60;
export const MAX_LOGGED_INTERVALS = 200;

/**
 * A member's voice channel changed to ARGV[3] ('' = none) at ARGV[2]: the open stretch
 * (if in another channel) is logged, a new one opened. Same channel: nothing changes.
 * KEYS[1] open hash, KEYS[2] member's log; ARGV member, now, channel, ttl, max.
 */
const TRANSITION_SCRIPT = `
local open = redis.call('hget', KEYS[1], ARGV[1])
local channel = ARGV[3]
if open then
  local sep = string.find(open, ':', 1, true)
  local since = string.sub(open, 1, sep - 1)
  local was = string.sub(open, sep + 1)
  if was == channel then return 0 end
  if tonumber(ARGV[2]) > tonumber(since) then
    redis.call('rpush', KEYS[2], since .. ':' .. ARGV[2] .. ':' .. was)
    redis.call('ltrim', KEYS[2], -tonumber(ARGV[5]), -1)
    redis.call('expire', KEYS[2], ARGV[4])
  end
end
if channel == '' then
  if open then redis.call('hdel', KEYS[1], ARGV[1]) end
else
  redis.call('hset', KEYS[1], ARGV[1], ARGV[2] .. ':' .. channel)
  redis.call('expire', KEYS[1], ARGV[4])
end
return 1`;

function parseInterval(text: string): VoiceInterval | null {
  const [start, end, channelId] = text.split(':');
  const interval = { start: Number(start), end: Number(end), channelId: channelId ?? '' };
  return Number.isFinite(interval.start) && Number.isFinite(interval.end) && interval.channelId !== '' ? interval : null;
}

/** Whose heartbeat a server's judgement reads: null unsharded (one key), else the server's shard tag (`shard-<id>-of-<count>`). */
export type WatchedShardOf = (guildId: string) => string | null;

export class VoiceLog {
  public constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly watchedShardOf: WatchedShardOf = () => null,
  ) {}

  public openKey(guildId: string): string {
    return `${this.prefix}open:${guildId}`;
  }

  public logKey(guildId: string, userId: string): string {
    return `${this.prefix}log:${guildId}:${userId}`;
  }

  /** The heartbeat key: `watched` unsharded, `watched:<shard tag>` for one shard. */
  public watchedKey(shardTag: string | null = null): string {
    return shardTag === null ? `${this.prefix}watched` : `${this.prefix}watched:${shardTag}`;
  }

  /** The heartbeat key a judgement of the server reads. */
  public watchedKeyOf(guildId: string): string {
    return this.watchedKey(this.watchedShardOf(guildId));
  }

  /**
   * Heartbeat of the run that began at `since`: it follows voice states (of the shard
   * `shardTag`, null unsharded) until at least `now`. Forgets runs older than the TTL.
   */
  public async watching(since: number, now: number, shardTag: string | null = null): Promise<void> {
    const key = this.watchedKey(shardTag);
    const runs = await this.redis.hgetall(key);
    const stale = Object.entries(runs).filter(([, until]) => Number(until) < now - VOICE_LOG_TTL_S * 1000).map(([start]) => start);
    const pipeline = this.redis.pipeline().hset(key, String(since), String(now)).expire(key, VOICE_LOG_TTL_S);
    if (stale.length > 0) pipeline.hdel(key, ...stale);
    await pipeline.exec();
  }

  /** The member is now in `channelId` (null: left voice) since `now`. One Redis call. */
  public async move(guildId: string, userId: string, channelId: string | null, now: number): Promise<void> {
    await this.redis.eval(TRANSITION_SCRIPT, 2, this.openKey(guildId), this.logKey(guildId, userId), userId, String(now), channelId ?? '', String(VOICE_LOG_TTL_S), String(MAX_LOGGED_INTERVALS));
  }

  /**
   * Start-up: brings the open stretches in line with who is in voice now (the gateway's
   * voice states). A member still in the same channel keeps their stretch (a restart
   * loses nothing); one who joined while the bot was away counts from `now`; one who left
   * meanwhile is closed at `now` (the bot cannot know when). Returns how many changed.
   */
  public async reconcile(guildId: string, inVoice: ReadonlyMap<string, string>, now: number): Promise<number> {
    const open = await this.redis.hgetall(this.openKey(guildId));
    let changed = 0;
    for (const userId of new Set([...Object.keys(open), ...inVoice.keys()])) {
      const channel = inVoice.get(userId) ?? null;
      const was = open[userId]?.slice(open[userId]!.indexOf(':') + 1) ?? null;
      if (channel === was) continue;
      await this.move(guildId, userId, channel, now);
      changed += 1;
    }
    return changed;
  }

  /** Each member's stretches, open ones ending at `now`, and when the bot watched; one pipelined round trip. */
  public async intervals(guildId: string, userIds: readonly string[], now: number): Promise<Map<string, VoiceInterval[]>> {
    return (await this.read(guildId, userIds, now)).intervals;
  }

  public async read(guildId: string, userIds: readonly string[], now: number): Promise<{ intervals: Map<string, VoiceInterval[]>; watched: VoiceInterval[] }> {
    const pipeline = this.redis.pipeline();
    for (const userId of userIds) {
      pipeline.lrange(this.logKey(guildId, userId), 0, -1);
    }
    pipeline.hmget(this.openKey(guildId), ...(userIds.length > 0 ? userIds : ['-']));
    pipeline.hgetall(this.watchedKeyOf(guildId));
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([error]) => error !== null);
    if (failed) throw failed[0];
    const open = results[userIds.length]![1] as (string | null)[];
    const byMember = new Map<string, VoiceInterval[]>();
    userIds.forEach((userId, index) => {
      const logged = (results[index]![1] as string[]).map(parseInterval).filter((interval): interval is VoiceInterval => interval !== null);
      const current = open[index];
      if (current) {
        const sep = current.indexOf(':');
        logged.push({ start: Number(current.slice(0, sep)), end: now, channelId: current.slice(sep + 1) });
      }
      byMember.set(userId, logged);
    });
    const runs = results[userIds.length + 1]![1] as Record<string, string>;
    const watched = Object.entries(runs).map(([start, until]) => ({ start: Number(start), end: Number(until), channelId: 'bot' }));
    return { intervals: byMember, watched };
  }
}
