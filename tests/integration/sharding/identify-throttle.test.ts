import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { WebSocketManager } from '@discordjs/ws';
import { REST } from 'discord.js';
import IORedis, { type Redis } from 'ioredis';
import { createGuardRedis } from '../../../src/lib/flood/guard-redis';
import { RedisIdentifyThrottler, sharedIdentifyThrottler, type SharedIdentifyThrottleOptions } from '../../../src/lib/sharding/identify-throttle';
import { loginClient } from '../../emulator/client';
import { startDiscordEmulator } from '../../support/discord-emulator';
import { freePort } from '../../support/free-port';
import { waitUntil } from '../../support/wait';
import { leaseRedisDatabase, PrivateRedis, type TestRedis } from '../../support/redis';

/**
 * The identify throttle on a real Redis, each throttler with its own connection as a
 * shard process has. Windows are short here (WINDOW_MS instead of Discord's 5 s); the
 * spacing is read from the grant times the test records, which can only be too close
 * together when the throttle lets two identifies of a bucket through in one window.
 */

const WINDOW_MS = 300;
/**
 * Grant times are taken after Redis answered, so on a busy machine a correct gap may look
 * short of the window by a stall; without the throttle the gap is a few ms.
 */
const SLACK_MS = WINDOW_MS / 2;

let testRedis: TestRedis;
const connections: Redis[] = [];

beforeAll(async () => {
  testRedis = await leaseRedisDatabase();
});

afterEach(() => {
  for (const connection of connections.splice(0)) connection.disconnect();
});

afterAll(async () => {
  await testRedis.close();
});

/** A fail-fast connection of one "process". */
function processRedis(url = testRedis.url): Redis {
  const redis = createGuardRedis(url);
  connections.push(redis);
  return redis;
}

/** A connection of the test's own, to look at the keys. */
async function observerRedis(): Promise<Redis> {
  const redis = processRedis();
  if (redis.status !== 'ready') await once(redis, 'ready');
  return redis;
}

function recordingLogger() {
  const warnings: string[] = [];
  const infos: string[] = [];
  return { warnings, infos, logger: { warn: (m: string) => warnings.push(m), info: (m: string) => infos.push(m) } };
}

function options(namespace: string, overrides: Partial<SharedIdentifyThrottleOptions> = {}): SharedIdentifyThrottleOptions {
  const redis = processRedis();
  return { redis: () => redis, namespace, windowMs: WINDOW_MS, logger: recordingLogger().logger, ...overrides };
}

const freshNamespace = () => `dmw-test-${randomBytes(4).toString('hex')}`;

interface Grant {
  readonly shard: number;
  readonly at: number;
}

async function identify(throttler: RedisIdentifyThrottler, shard: number, grants: Grant[], signal = new AbortController().signal): Promise<void> {
  await throttler.waitForIdentify(shard, signal);
  grants.push({ shard, at: Date.now() });
}

describe('identify throttle shared through Redis', () => {
  it('with max_concurrency 1 (read from GET /gateway/bot) two processes never identify within one window of each other', async () => {
    const emulator = await startDiscordEmulator();
    try {
      const namespace = freshNamespace();
      const build = (options_: SharedIdentifyThrottleOptions) => {
        const rest = new REST({ api: emulator.apiUrl }).setToken(emulator.bot.token);
        const manager = new WebSocketManager({ token: emulator.bot.token, intents: 0, rest });
        return sharedIdentifyThrottler(options_)(manager);
      };
      const first = (await build(options(namespace))) as RedisIdentifyThrottler;
      const second = (await build(options(namespace))) as RedisIdentifyThrottler;
      expect([first.maxConcurrency, second.maxConcurrency]).toEqual([1, 1]);

      const grants: Grant[] = [];
      await Promise.all([identify(first, 0, grants), identify(second, 1, grants), identify(first, 2, grants), identify(second, 3, grants)]);

      expect(grants.map((g) => g.shard).sort()).toEqual([0, 1, 2, 3]);
      const times = grants.map((g) => g.at).sort((a, b) => a - b);
      const gaps = times.slice(1).map((t, i) => t - times[i]!);
      for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(WINDOW_MS - SLACK_MS);
    } finally {
      await emulator.close();
    }
  });

  it('a discord.js client given it as ws.buildIdentifyThrottler identifies through the Redis bucket', async () => {
    const emulator = await startDiscordEmulator();
    try {
      const namespace = freshNamespace();
      const observer = await observerRedis();
      const throttle = options(namespace, { windowMs: 60_000 });
      const client = await loginClient(emulator, { ws: { buildIdentifyThrottler: sharedIdentifyThrottler(throttle) } });
      try {
        expect(client.isReady()).toBe(true);
        // Shard 0 of max_concurrency 1 took bucket 0 for the window.
        expect(await observer.pttl(`${namespace}:identify:0`)).toBeGreaterThan(0);
      } finally {
        await client.destroy();
      }
    } finally {
      await emulator.close();
    }
  });

  it('with max_concurrency 2 shards 0 and 1 identify in the same window, shard 2 waits for bucket 0', async () => {
    const namespace = freshNamespace();
    const one = new RedisIdentifyThrottler(2, options(namespace, { windowMs: 2_000 }));
    const other = new RedisIdentifyThrottler(2, options(namespace, { windowMs: 2_000 }));
    const observer = await observerRedis();
    const grants: Grant[] = [];

    await Promise.all([identify(one, 0, grants), identify(other, 1, grants)]);
    // Both buckets are held at once: neither identify waited for the other.
    expect(await observer.pttl(one.bucketKey(0))).toBeGreaterThan(0);
    expect(await observer.pttl(one.bucketKey(1))).toBeGreaterThan(0);
    expect(one.bucketKey(2)).toBe(one.bucketKey(0));

    await identify(other, 2, grants);
    const at = (shard: number) => grants.find((g) => g.shard === shard)!.at;
    expect(at(2) - at(0)).toBeGreaterThanOrEqual(2_000 - SLACK_MS);
  });

  it('an aborted wait rejects while the bucket is still held and never takes the bucket afterwards', async () => {
    const namespace = freshNamespace();
    const holder = new RedisIdentifyThrottler(1, options(namespace, { windowMs: 3_000 }));
    const waiter = new RedisIdentifyThrottler(1, options(namespace, { windowMs: 3_000 }));
    const observer = await observerRedis();
    await holder.waitForIdentify(0, new AbortController().signal);
    const heldBy = await observer.get(holder.bucketKey(0));

    const controller = new AbortController();
    const waiting = waiter.waitForIdentify(1, controller.signal);
    // Shard 3 of the same process and bucket queues behind shard 1 in the process.
    const queuedController = new AbortController();
    const queued = waiter.waitForIdentify(3, queuedController.signal);
    queuedController.abort();
    await expect(queued).rejects.toMatchObject({ name: 'AbortError' });
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    // Still the first identify's window: the abort did not wait it out.
    expect(await observer.get(holder.bucketKey(0))).toBe(heldBy);

    // A wait aborted before it starts rejects too, and leaves the process's queue usable.
    await expect(waiter.waitForIdentify(1, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
    const grants: Grant[] = [];
    await identify(waiter, 1, grants);
    expect(await observer.get(holder.bucketKey(0))).not.toBe(heldBy);
  });

  it('Redis unreachable from the start: identifies go through the in-process throttle with one warning', async () => {
    // Fail-fast as createGuardRedis, and with no 2 s linger on disconnect: its socket is long closed.
    const unreachable = new IORedis({ port: await freePort(), host: '127.0.0.1', enableOfflineQueue: false, maxRetriesPerRequest: 0, disconnectTimeout: 0 });
    unreachable.on('error', () => undefined);
    connections.push(unreachable);
    const log = recordingLogger();
    const throttler = await sharedIdentifyThrottler({ redis: () => unreachable, namespace: freshNamespace(), windowMs: WINDOW_MS, readyTimeoutMs: 300, logger: log.logger })({
      fetchGatewayInformation: async () => ({ url: 'wss://gateway.invalid', shards: 2, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 2 } }),
    });
    const grants: Grant[] = [];
    await Promise.all([identify(throttler as RedisIdentifyThrottler, 0, grants), identify(throttler as RedisIdentifyThrottler, 1, grants)]);
    expect(grants.map((g) => g.shard).sort()).toEqual([0, 1]);
    expect(log.warnings).toHaveLength(1);
    expect(log.warnings[0]).toMatch(/^Redis is unreachable, so gateway identifies are throttled in this process only/);
  });

  it('Redis going away mid-run falls back with one warning, and coordination resumes when it is back', async () => {
    const privateRedis = await PrivateRedis.start();
    const redis = createGuardRedis(privateRedis.url);
    try {
      const log = recordingLogger();
      const throttler = new RedisIdentifyThrottler(2, { redis: () => redis, namespace: freshNamespace(), windowMs: WINDOW_MS, readyTimeoutMs: 300, logger: log.logger });
      const grants: Grant[] = [];
      await identify(throttler, 0, grants);
      expect(await redis.exists(throttler.bucketKey(0))).toBe(1);
      expect(log.warnings).toEqual([]);

      await privateRedis.stop();
      await Promise.all([identify(throttler, 1, grants), identify(throttler, 2, grants)]);
      expect(grants.map((g) => g.shard).sort()).toEqual([0, 1, 2]);
      expect(log.warnings).toHaveLength(1);

      await privateRedis.start();
      await waitUntil('the connection is back', () => redis.status === 'ready');
      await identify(throttler, 3, grants);
      expect(log.infos).toEqual(['Redis answers again: gateway identifies are coordinated across shard processes again']);
      expect(await redis.exists(throttler.bucketKey(3))).toBe(1);
    } finally {
      // Before the server goes, or the connection's closing lingers past the test.
      redis.disconnect();
      await privateRedis.close();
    }
  });
});
