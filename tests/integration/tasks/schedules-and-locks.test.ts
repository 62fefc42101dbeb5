import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { runExclusive } from '../../../src/lib/tasks/exclusive';
import { tryAcquireLock, withRedisLock } from '../../../src/lib/tasks/redis-lock';
import { removeStaleRepeatables, schedulesOf } from '../../../src/lib/tasks/schedules';

/** Repeatable-schedule clean-up on a real BullMQ queue, and the Redis run lock across "processes". */

const connection = { host: '127.0.0.1', port: 6379 };
const prefix = `dmw-test-${randomBytes(4).toString('hex')}`;
const lockPrefix = `${prefix}:lock:task:`;

let redis: Redis;
let otherProcessRedis: Redis;

beforeAll(async () => {
  redis = new Redis({ ...connection, lazyConnect: true, maxRetriesPerRequest: 1 });
  otherProcessRedis = new Redis({ ...connection, lazyConnect: true, maxRetriesPerRequest: 1 });
  await Promise.all([redis.connect(), otherProcessRedis.connect()]);
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  otherProcessRedis.disconnect();
});

describe('removeStaleRepeatables', () => {
  let queue: Queue;

  beforeEach(async () => {
    queue = new Queue(`schedules-${randomBytes(3).toString('hex')}`, { connection, prefix });
  });

  afterEach(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
  });

  const delayedNames = async (): Promise<string[]> => (await queue.getDelayed()).map((job) => `${job.name}@${job.opts.repeat?.every ?? job.opts.repeat?.pattern}`).sort();

  it('removes an old period, a changed pattern and a task that is gone, with their next occurrences, and keeps the current ones', async () => {
    await queue.add('backup', null, { repeat: { every: 300_000 } }); // BACKUP_INTERVAL_SECONDS was 300
    await queue.add('backup', null, { repeat: { every: 21_600_000 } }); // now 21600
    await queue.add('retiredTask', null, { repeat: { every: 60_000 } });
    await queue.add('cronTask', null, { repeat: { pattern: '0 * * * *', tz: 'UTC' } });
    await queue.add('cronTask', null, { repeat: { pattern: '*/5 * * * *', tz: 'UTC' } });
    expect(await queue.getRepeatableJobs()).toHaveLength(5);

    const wanted = schedulesOf([
      { name: 'backup', interval: 21_600_000, pattern: null, timezone: 'UTC' },
      { name: 'cronTask', interval: null, pattern: '*/5 * * * *', timezone: 'UTC' },
    ]);
    const removed = await removeStaleRepeatables(queue, wanted);

    expect(removed.sort()).toEqual(['backup every 300000 ms', 'cronTask 0 * * * * (UTC)', 'retiredTask every 60000 ms']);
    const remaining = (await queue.getRepeatableJobs()).map((job) => `${job.name}@${job.every ?? job.pattern}`).sort();
    expect(remaining).toEqual(['backup@21600000', 'cronTask@*/5 * * * *']);
    expect(await delayedNames()).toEqual(['backup@21600000', 'cronTask@*/5 * * * *']);
    // Nothing left to do on the next start.
    expect(await removeStaleRepeatables(queue, wanted)).toEqual([]);
  });

  it('leaves an empty queue alone and removes everything when no task is loaded', async () => {
    expect(await removeStaleRepeatables(queue, [])).toEqual([]);
    await queue.add('voiceXp', null, { repeat: { every: 60_000 } });
    expect(await removeStaleRepeatables(queue, [])).toHaveLength(1);
    expect(await queue.getRepeatableJobs()).toEqual([]);
    expect(await queue.getDelayedCount()).toBe(0);
  });
});

describe('failing runs', () => {
  it('mark the job failed and the repeat keeps running', async () => {
    const queue = new Queue(`failing-${randomBytes(3).toString('hex')}`, { connection, prefix });
    let attempts = 0;
    const worker = new Worker(
      queue.name,
      async () => {
        attempts += 1;
        throw new Error(`backup directory not writable (attempt ${attempts})`);
      },
      { connection, prefix },
    );
    try {
      await queue.add('backup', null, { repeat: { every: 250 }, removeOnFail: { count: 50 } });
      const deadline = Date.now() + 10_000;
      while ((await queue.getFailedCount()) < 3 && Date.now() < deadline) await sleep(100);
      const failed = await queue.getFailed();
      expect(failed.length).toBeGreaterThanOrEqual(3);
      expect(failed[0]!.failedReason).toMatch(/backup directory not writable/);
      expect(await queue.getRepeatableJobs()).toHaveLength(1);
    } finally {
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });
});

describe('runExclusive', () => {
  it('lets only one of several workers in different processes run a task at a time; the others skip', async () => {
    const queue = new Queue(`exclusive-${randomBytes(3).toString('hex')}`, { connection, prefix });
    let running = 0;
    let mostAtOnce = 0;
    let bodies = 0;
    const processorOf = (client: Redis) => async () => {
      const outcome = await runExclusive(
        client,
        'backup',
        async () => {
          running += 1;
          bodies += 1;
          mostAtOnce = Math.max(mostAtOnce, running);
          await sleep(400);
          running -= 1;
        },
        { keyPrefix: lockPrefix },
      );
      return outcome.ran ? 'ran' : 'skipped';
    };
    // Two "processes", each with its own Redis connection and a worker taking several jobs at once.
    const workers = [
      new Worker(queue.name, processorOf(redis), { connection, prefix, concurrency: 3 }),
      new Worker(queue.name, processorOf(otherProcessRedis), { connection, prefix, concurrency: 3 }),
    ];
    try {
      await queue.addBulk(Array.from({ length: 6 }, () => ({ name: 'backup', data: null })));
      const deadline = Date.now() + 10_000;
      while ((await queue.getCompletedCount()) < 6 && Date.now() < deadline) await sleep(50);
      const results = (await queue.getCompleted()).map((job) => job.returnvalue as string);
      expect(results).toHaveLength(6);
      expect(mostAtOnce).toBe(1);
      expect(results.filter((result) => result === 'ran')).toHaveLength(bodies);
      expect(results).toContain('skipped');
    } finally {
      await Promise.all(workers.map((worker) => worker.close()));
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });

  it('renews the lock while a run outlasts its TTL, and releases it afterwards', async () => {
    const key = 'slow';
    const slowRun = runExclusive(redis, key, () => sleep(700).then(() => 'done'), { keyPrefix: lockPrefix, ttlMs: 200 });
    await sleep(450); // more than twice the TTL
    expect(await runExclusive(otherProcessRedis, key, async () => 'second', { keyPrefix: lockPrefix, ttlMs: 200 })).toEqual({ ran: false });
    expect(await slowRun).toEqual({ ran: true, value: 'done' });
    expect(await runExclusive(otherProcessRedis, key, async () => 'after', { keyPrefix: lockPrefix, ttlMs: 200 })).toEqual({ ran: true, value: 'after' });
  });

  it('is freed by the TTL when its holder died without releasing it', async () => {
    const abandoned = await tryAcquireLock(redis, `${lockPrefix}crashed`, 250);
    expect(abandoned).not.toBeNull();
    expect(await runExclusive(otherProcessRedis, 'crashed', async () => 1, { keyPrefix: lockPrefix })).toEqual({ ran: false });
    await sleep(350);
    expect(await runExclusive(otherProcessRedis, 'crashed', async () => 2, { keyPrefix: lockPrefix })).toEqual({ ran: true, value: 2 });
    // The dead holder's late release must not delete someone else's lock.
    const current = await tryAcquireLock(otherProcessRedis, `${lockPrefix}crashed`, 5_000);
    expect(await abandoned!.release()).toBe(false);
    expect(await redis.get(`${lockPrefix}crashed`)).toBe(current!.token);
    await current!.release();
  });

  it('propagates the error of a failing run and frees the lock', async () => {
    await expect(
      withRedisLock(redis, `${lockPrefix}failing`, async () => {
        throw new Error('boom');
      }, { ttlMs: 5_000 }),
    ).rejects.toThrow('boom');
    expect(await redis.exists(`${lockPrefix}failing`)).toBe(0);
  });

  it('waits for a busy lock when asked to, up to the limit', async () => {
    const holder = await tryAcquireLock(redis, `${lockPrefix}wait`, 5_000);
    setTimeout(() => void holder!.release(), 300);
    const started = Date.now();
    expect(await withRedisLock(otherProcessRedis, `${lockPrefix}wait`, async () => 'ok', { ttlMs: 5_000, waitMs: 3_000, retryDelayMs: 50 })).toEqual({
      acquired: true,
      value: 'ok',
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    const blocker = await tryAcquireLock(redis, `${lockPrefix}wait`, 5_000);
    expect(await withRedisLock(otherProcessRedis, `${lockPrefix}wait`, async () => 'never', { ttlMs: 5_000, waitMs: 200, retryDelayMs: 50 })).toEqual({
      acquired: false,
    });
    await blocker!.release();
  });
});
