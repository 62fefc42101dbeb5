import { container } from '@sapphire/framework';
import type { Redis } from 'ioredis';
import type { Config } from '../../config';
import { redisKeys } from '../redis-namespace';

/**
 * The Redis connection of the scheduled-tasks queue, reused for the bot's own keys
 * (locks, XP cooldowns, voice join times, self-test status), so the process keeps one
 * non-blocking connection that the queue's shutdown also closes. REDIS_URL names a
 * single server, never a cluster. Reached as `container.redis()`.
 */
export function queueRedis(queue: { readonly client: Promise<unknown> }): () => Promise<Redis> {
  return async () => (await queue.client) as Redis;
}

/**
 * Puts this deployment's Redis keys and the shared connection on the container; called
 * once the client (and with it the task queue) exists.
 */
export function provideRedis(config: Pick<Config, 'redisNamespace'>): void {
  container.redisKeys = redisKeys(config.redisNamespace);
  container.redis = queueRedis(container.tasks.client);
}
