import '@sapphire/plugin-scheduled-tasks/register';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { container, LogLevel, SapphireClient } from '@sapphire/framework';
import type { ScheduledTask } from '@sapphire/plugin-scheduled-tasks';
import { loadConfig } from '../../../src/config';
import { redisKeys } from '../../../src/lib/redis-namespace';
import { provideRedis } from '../../../src/lib/tasks/redis';
import { BotTask, type BotTaskOptions } from '../../../src/lib/tasks/bot-task';
import { cleanUpTaskSchedules } from '../../../src/lib/tasks/startup-cleanup';

/**
 * BotTask pieces inside the real scheduled-tasks plugin (its queue, its worker, its
 * store) on Redis, without a Discord login: what a run returns or throws becomes
 * the BullMQ job's result, the run lock holds, and start-up removes outdated schedules.
 */

const suffix = randomBytes(4).toString('hex');
const FAILING = `failing-${suffix}`;
const SLOW = `slow-${suffix}`;
const DISCORD = `discord-${suffix}`;
const keys = redisKeys(`dmw-test-tasks-${suffix}`);

class FailingTask extends BotTask {
  public constructor(context: ScheduledTask.LoaderContext, options: BotTaskOptions) {
    super(context, { ...options, everyMs: 300, needsGateway: false });
  }

  protected async execute(): Promise<never> {
    throw new Error('backup directory is not writable');
  }
}

class SlowTask extends BotTask {
  public constructor(context: ScheduledTask.LoaderContext, options: BotTaskOptions) {
    super(context, { ...options, everyMs: 3_600_000, needsGateway: false });
  }

  protected async execute(): Promise<{ rows: number }> {
    await sleep(500);
    return { rows: 42 };
  }
}

class DiscordTask extends BotTask {
  public ran = false;

  public constructor(context: ScheduledTask.LoaderContext, options: BotTaskOptions) {
    super(context, { ...options, everyMs: 3_600_000, needsGateway: true });
  }

  protected async execute(): Promise<void> {
    this.ran = true;
  }
}

let client: SapphireClient;

beforeAll(async () => {
  container.config = loadConfig({ DATABASE_URL: 'postgres://127.0.0.1/unused', DISCORD_TOKEN: 'x', REDIS_NAMESPACE: `dmw-test-tasks-${suffix}` });
  client = new SapphireClient({
    intents: [],
    baseUserDirectory: null,
    loadDefaultErrorListeners: false,
    loadScheduledTaskErrorListeners: false,
    logger: { level: LogLevel.None },
    tasks: { queue: keys.taskQueue, bull: { connection: { host: '127.0.0.1', port: 6379 } } },
  });
  provideRedis(container.config);
  const queue = container.tasks.client;
  // Left over from an earlier start: FAILING used to run every 10 minutes, and a task that no longer exists.
  await queue.add(FAILING, undefined, { repeat: { every: 600_000 } });
  await queue.add(`retired-${suffix}`, undefined, { repeat: { every: 60_000 } });

  const store = client.stores.get('scheduled-tasks');
  await store.loadPiece({ name: FAILING, piece: FailingTask });
  await store.loadPiece({ name: SLOW, piece: SlowTask });
  await store.loadPiece({ name: DISCORD, piece: DiscordTask });
  await store.loadAll(); // what login does
});

afterAll(async () => {
  await container.tasks.client.obliterate({ force: true });
  await container.tasks.close();
  await client.destroy();
});

it('removes the outdated schedules at start-up and keeps the loaded tasks\' current ones', async () => {
  await container.tasks.createRepeated();
  const removed = await cleanUpTaskSchedules();
  expect(removed.sort()).toEqual([`${FAILING} every 600000 ms`, `retired-${suffix} every 60000 ms`].sort());
  const schedules = (await container.tasks.client.getRepeatableJobs()).map((job) => `${job.name}@${job.every}`).sort();
  expect(schedules).toEqual([`${DISCORD}@3600000`, `${FAILING}@300`, `${SLOW}@3600000`].sort());
});

it('marks each failing run as a failed job with its reason, and the schedule keeps firing', async () => {
  const queue = container.tasks.client;
  const deadline = Date.now() + 15_000;
  while ((await queue.getFailedCount()) < 2 && Date.now() < deadline) await sleep(100);
  const failed = await queue.getFailed();
  expect(failed.length).toBeGreaterThanOrEqual(2);
  expect(failed.every((job) => job.name === FAILING && job.failedReason === 'backup directory is not writable')).toBe(true);
  // Kept for the dashboard, within the retention limit.
  expect(failed[0]!.opts.removeOnFail).toEqual({ count: 500 });
  expect(await queue.getRepeatableJobs()).toHaveLength(3);
});

it('runs a task once at a time: a second run while the first is busy is skipped', async () => {
  const piece = client.stores.get('scheduled-tasks').get(SLOW) as SlowTask;
  const redis = await container.tasks.client.client;
  const lockHeld = sleep(50).then(() => redis.exists(`${keys.taskLockPrefix}${SLOW}`));
  const [first, second] = await Promise.all([piece.run(), sleep(100).then(() => piece.run())]);
  // The run lock lives in the deployment's namespace.
  expect(await lockHeld).toBe(1);
  expect(first).toEqual({ rows: 42 });
  expect(second).toEqual({ skipped: 'already running' });
  expect(await piece.run()).toEqual({ rows: 42 });
});

it('skips a Discord task while the gateway is not ready', async () => {
  const piece = client.stores.get('scheduled-tasks').get(DISCORD) as DiscordTask;
  expect(await piece.run()).toEqual({ skipped: 'gateway not ready' });
  expect(piece.ran).toBe(false);
});
