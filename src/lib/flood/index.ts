/**
 * What one member can make the bot do is bounded, so nobody can flood a server with
 * messages and pings: participant lists per raid and pings once per slot (raids/services/slot-sync),
 * vote changes per window, open raids per member and per server. The Redis-backed
 * guards share one fail-fast connection, created at start-up and closed at shutdown.
 */
import type { Redis } from 'ioredis';
import type { Config } from '../../config';
import { redisKeys } from '../redis-namespace';
import { createGuardRedis } from './guard-redis';
import { PingMemory } from './ping-memory';
import { VoteRateLimiter } from './vote-rate';

export { exceededOpenRaidLimit, OpenRaidLimitError, openRaidLimitText, type OpenRaidCounts, type OpenRaidLimits } from './open-raids';
export { PingMemory } from './ping-memory';
export { VoteRateLimiter } from './vote-rate';

export interface FloodGuards {
  readonly redis: Redis;
  readonly votes: VoteRateLimiter;
  readonly pings: PingMemory;
}

export function createFloodGuards(config: Pick<Config, 'redisUrl' | 'redisNamespace' | 'limits'>): FloodGuards {
  const keyPrefix = redisKeys(config.redisNamespace).floodPrefix;
  const redis = createGuardRedis(config.redisUrl);
  return {
    redis,
    votes: new VoteRateLimiter(redis, {
      changesPerWindow: config.limits.voteChangesPerWindow,
      windowSeconds: config.limits.voteChangeWindowSeconds,
      keyPrefix,
    }),
    pings: new PingMemory(redis, keyPrefix),
  };
}

/** Closes the guards' Redis connection (shutdown). */
export function closeFloodGuards(guards: FloodGuards): void {
  guards.redis.disconnect();
}
