import { Client } from 'pg';
import Redis from 'ioredis';
import { TEST_PG_ADMIN_URL, dropStaleTestDatabases } from './database';

/** Fails fast with a clear message when the services the suite needs are not there. */
export default async function globalSetup(): Promise<void> {
  const pg = new Client({ connectionString: TEST_PG_ADMIN_URL });
  try {
    await pg.connect();
    await pg.query('SELECT 1');
  } catch (error) {
    throw new Error(`PostgreSQL is not answering at ${TEST_PG_ADMIN_URL}: ${(error as Error).message}. Run .ci/run or start the service.`);
  } finally {
    await pg.end().catch(() => undefined);
  }
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(`Redis is not answering at ${redisUrl}: ${(error as Error).message}. Run .ci/run or start the service.`);
  } finally {
    redis.disconnect();
  }
  await dropStaleTestDatabases();
}
