import type { Redis } from 'ioredis';

/**
 * The Redis connection of the scheduled-tasks queue, reused for the bot's own keys
 * (locks, XP cooldowns, voice join times, self-test status), so the process keeps one
 * non-blocking connection that the queue's shutdown also closes. REDIS_URL names a
 * single server, never a cluster. Reached as `container.redis()`.
 */
export function queueRedis(queue: { readonly client: Promise<unknown> }): () => Promise<Redis> {
  return async () => (await queue.client) as Redis;
}
