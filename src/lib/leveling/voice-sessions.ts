import type { Redis } from 'ioredis';

export const VOICE_XP_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Claims the whole hours since the member's join time and moves the join time
 * forward by exactly those hours, atomically, so a remainder is never lost and an
 * hour is never paid twice (even by two runs at once). A member without a join time
 * gets one (now) and nothing else.
 * KEYS[1] hash; ARGV: member, now, interval. Returns {hours, previous join time}.
 */
const CLAIM_HOURS_SCRIPT = `
local joined = redis.call('hget', KEYS[1], ARGV[1])
local now = tonumber(ARGV[2])
if not joined then
  redis.call('hset', KEYS[1], ARGV[1], ARGV[2])
  return {0, ARGV[2]}
end
local hours = math.floor((now - tonumber(joined)) / tonumber(ARGV[3]))
if hours >= 1 then
  redis.call('hset', KEYS[1], ARGV[1], tostring(tonumber(joined) + hours * tonumber(ARGV[3])))
end
return {hours, joined}`;

/** Puts a join time back when the XP for claimed hours could not be stored, unless it changed meanwhile. */
const UNCLAIM_SCRIPT = `
if redis.call('hget', KEYS[1], ARGV[1]) == ARGV[2] then
  redis.call('hset', KEYS[1], ARGV[1], ARGV[3])
  return 1
end
return 0`;

export type VoiceTransition = 'join' | 'leave' | 'none';

/** Joining voice starts the clock, leaving stops it; moving between channels (or mute, deafen) changes nothing. */
export function voiceTransition(oldChannelId: string | null, newChannelId: string | null): VoiceTransition {
  if (oldChannelId === null && newChannelId !== null) return 'join';
  if (oldChannelId !== null && newChannelId === null) return 'leave';
  return 'none';
}

export interface HourClaim {
  readonly hours: number;
  /** Join time before the claim (ms since epoch). */
  readonly previousJoinedAt: number;
}

/**
 * When each member joined voice, per guild, in a Redis hash (`<prefix>voice:<guild>`,
 * member id → ms since epoch), so voice time survives restarts. The prefix is the
 * deployment's `RedisKeys.levelingPrefix`.
 */
export class VoiceSessions {
  public constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  public key(guildId: string): string {
    return `${this.keyPrefix}voice:${guildId}`;
  }

  public async join(guildId: string, userId: string, now: number): Promise<void> {
    await this.redis.hset(this.key(guildId), userId, String(now));
  }

  public async leave(guildId: string, userId: string): Promise<void> {
    await this.redis.hdel(this.key(guildId), userId);
  }

  public async joinedAt(guildId: string, userId: string): Promise<number | null> {
    const value = await this.redis.hget(this.key(guildId), userId);
    return value === null ? null : Number(value);
  }

  /** Member ids with a join time in this guild. */
  public async members(guildId: string): Promise<string[]> {
    return this.redis.hkeys(this.key(guildId));
  }

  /** Forgets members that are no longer in voice (a leave missed while the bot was offline). */
  public async forget(guildId: string, userIds: readonly string[]): Promise<void> {
    if (userIds.length > 0) await this.redis.hdel(this.key(guildId), ...userIds);
  }

  public async claimFullHours(guildId: string, userId: string, now: number, intervalMs = VOICE_XP_INTERVAL_MS): Promise<HourClaim> {
    const [hours, previous] = (await this.redis.eval(CLAIM_HOURS_SCRIPT, 1, this.key(guildId), userId, String(now), String(intervalMs))) as [
      number,
      string,
    ];
    return { hours, previousJoinedAt: Number(previous) };
  }

  /** Undoes `claimFullHours` (the XP could not be written); false when the member left or rejoined meanwhile. */
  public async unclaim(guildId: string, userId: string, claim: HourClaim, intervalMs = VOICE_XP_INTERVAL_MS): Promise<boolean> {
    const advanced = claim.previousJoinedAt + claim.hours * intervalMs;
    const restored = await this.redis.eval(UNCLAIM_SCRIPT, 1, this.key(guildId), userId, String(advanced), String(claim.previousJoinedAt));
    return restored === 1;
  }
}
