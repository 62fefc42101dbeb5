import { container } from '@sapphire/framework';
import type { Redis } from 'ioredis';
import { redisKeys, type RedisKeys } from '../redis-namespace';

/**
 * The Redis connection of the scheduled-tasks queue (`container.tasks.client`),
 * reused for the bot's own keys (locks, XP cooldowns, voice join times, self-test
 * status), so the process keeps one non-blocking connection that the queue's
 * shutdown also closes. REDIS_URL names a single server, never a cluster.
 */
export async function sharedRedis(): Promise<Redis> {
  return (await container.tasks.client.client) as Redis;
}

/** This deployment's Redis keys (REDIS_NAMESPACE); nothing the bot writes lies outside them. */
export function botRedisKeys(): RedisKeys {
  return redisKeys(container.config.redisNamespace);
}
