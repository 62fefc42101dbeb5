import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { loadConfig } from '../../src/config';
import { redisConnectionOptions } from '../../src/lib/client';
import { redisKeys, type RedisKeys } from '../../src/lib/redis-namespace';
import { TASK_NAMES } from '../../src/lib/tasks/task-names';
import { BotProcess } from '../support/bot-process';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startDiscordEmulator, type DiscordEmulator } from '../support/discord-emulator';
import { createWorld, type World } from '../support/world';

/**
 * Two deployments of the bot (each its own database and Discord) on one Redis
 * database, with nothing but the default REDIS_NAMESPACE: neither runs the other's
 * jobs, and every key either writes is inside its own namespace.
 */

jest.setTimeout(120_000);

let world: World; // deployment B
let emulatorA: DiscordEmulator;
let dbA: TestDatabase;
let botA: BotProcess | null = null;
let keysA: RedisKeys;
let keysB: RedisKeys;
let redis: Redis;
const queues: Queue[] = [];

beforeAll(async () => {
  world = await createWorld();
  await world.startBot();
  emulatorA = await startDiscordEmulator({ heartbeatIntervalMs: 5_000 });
  dbA = await createTestDatabase();
  keysA = redisKeys(loadConfig(envA()).redisNamespace);
  keysB = world.redisKeys;
  redis = new Redis(world.redisUrl, { maxRetriesPerRequest: 1 });
});

afterAll(async () => {
  await botA?.stop();
  await Promise.all(queues.map((queue) => queue.close()));
  redis?.disconnect();
  await world?.stop();
  await emulatorA?.close();
  await dbA?.drop();
});

function envA(): Record<string, string> {
  return {
    ...world.env,
    DISCORD_TOKEN: emulatorA.bot.token,
    DISCORD_API_URL: emulatorA.apiUrl,
    DATABASE_URL: dbA.url,
    DASHBOARD_PORT: String(Number(world.env.DASHBOARD_PORT) + 1),
  };
}

function queueOf(keys: RedisKeys): Queue {
  const queue = new Queue(keys.taskQueue, { connection: redisConnectionOptions(world.redisUrl) });
  queues.push(queue);
  return queue;
}

async function settled(queue: Queue, jobId: string, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await queue.getJobState(jobId);
    if (state === 'completed' || state === 'failed' || Date.now() > deadline) return state;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

it('derives different namespaces from the two databases', () => {
  expect(keysA.taskQueue).not.toBe(keysB.taskQueue);
  expect(keysA.taskQueue).toMatch(/^dmw-[0-9a-f]{12}\.scheduled-tasks$/);
});

it("bot B runs its own job but leaves one in A's queue alone; A runs it once it starts", async () => {
  const jobForA = await queueOf(keysA).add(TASK_NAMES.selfTest, null);
  const jobForB = await queueOf(keysB).add(TASK_NAMES.selfTest, null);

  // B's worker is alive: its own job is taken and finished...
  expect(await settled(queueOf(keysB), jobForB.id!)).toMatch(/^(completed|failed)$/);
  expect(await redis.exists(keysB.selfTestStatus)).toBe(1);
  // ...while A's job, added before it, is still waiting for a worker of A.
  expect(await queueOf(keysA).getJobState(jobForA.id!)).toBe('waiting');
  expect(await redis.exists(keysA.selfTestStatus)).toBe(0);

  botA = BotProcess.start({ env: envA() });
  await botA.waitForLine('restoration:', { timeoutMs: 60_000 });
  expect(await settled(queueOf(keysA), jobForA.id!)).toMatch(/^(completed|failed)$/);
  expect(await redis.exists(keysA.selfTestStatus)).toBe(1);
  expect(botA.transcript()).toContain(`job queue ${keysA.taskQueue}`);
});

it('every key in the shared Redis database belongs to one of the two namespaces, and each has its own schedules', async () => {
  const keys = await redis.keys('*');
  const ownerOf = (key: string): 'A' | 'B' | null => {
    for (const [owner, own] of [['A', keysA], ['B', keysB]] as const) {
      if (key.startsWith(own.levelingPrefix) || key.startsWith(`bull:${own.taskQueue}:`) || key.startsWith(`bull:${own.reminderQueue}:`)) return owner;
    }
    return null;
  };
  expect(keys.filter((key) => ownerOf(key) === null)).toEqual([]);
  expect(keys.some((key) => ownerOf(key) === 'A')).toBe(true);
  expect(keys.some((key) => ownerOf(key) === 'B')).toBe(true);

  const schedules = async (keys: RedisKeys): Promise<string[]> => (await queueOf(keys).getRepeatableJobs()).map((job) => job.name).sort();
  expect(await schedules(keysA)).toEqual(['backup', 'selfTest', 'staleRaids', 'voiceXp']);
  expect(await schedules(keysB)).toEqual(['backup', 'selfTest', 'staleRaids', 'voiceXp']);
});
