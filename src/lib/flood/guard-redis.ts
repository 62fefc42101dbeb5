import Redis from 'ioredis';
import { redisConnectionOptions } from '../client';

/**
 * A Redis connection for checks on the interaction path (vote-change limit, ping
 * memory) that must never wait for Redis: no offline queue and a short command
 * timeout, so while Redis is away a command fails at once and the caller takes its
 * documented fallback instead of holding a vote past Discord's 3 seconds. It
 * reconnects by itself when Redis is back.
 */
export function createGuardRedis(redisUrl: string, commandTimeoutMs = 500): Redis {
  const redis = new Redis({
    ...redisConnectionOptions(redisUrl),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  // Outages are reported by the self-test; each failed command falls back on its own.
  redis.on('error', () => undefined);
  return redis;
}
