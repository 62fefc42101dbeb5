import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { grantXp, type XpResult } from './user-levels';

/** XP for one counted guild message: the old bot's amount, so levels keep the pace members know. */
export const MESSAGE_XP = 10;

/**
 * True when this message earns XP: the first message of a member in a guild per
 * cooldown window. The window is a Redis key (SET NX EX), so it holds across
 * restarts and across processes. A cooldown of 0 counts every message. `keyPrefix`
 * is the deployment's namespace (`RedisKeys.levelingPrefix`).
 */
export async function claimMessageXp(
  redis: Redis,
  guildId: string,
  userId: string,
  cooldownSeconds: number,
  keyPrefix: string,
): Promise<boolean> {
  if (cooldownSeconds <= 0) return true;
  const answer = await redis.set(`${keyPrefix}xp:cooldown:${guildId}:${userId}`, '1', 'EX', cooldownSeconds, 'NX');
  return answer === 'OK';
}

export interface MessageXpDeps {
  readonly redis: Redis;
  readonly db: DataSource;
  readonly cooldownSeconds: number;
  /** `RedisKeys.levelingPrefix` of the deployment. */
  readonly keyPrefix: string;
}

/**
 * A guild message from a member: +10 XP unless the member is in the cooldown
 * window. Null when no XP was given.
 */
export async function recordMessageXp(
  deps: MessageXpDeps,
  member: { guildId: string; userId: string; username: string | null },
): Promise<XpResult | null> {
  if (!(await claimMessageXp(deps.redis, member.guildId, member.userId, deps.cooldownSeconds, deps.keyPrefix))) return null;
  return grantXp(deps.db, { ...member, amount: MESSAGE_XP });
}
