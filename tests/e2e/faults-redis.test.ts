/**
 * Redis unavailable while the bot runs, on a redis-server of this test's own (random
 * loopback port, append-only file in a temporary directory), stopped and started
 * again: raid interactions keep working meanwhile (they need only PostgreSQL and
 * Discord), and the scheduled jobs resume by themselves once Redis is back — seen in
 * the queue's completed jobs (the log forwarder runs every 5 seconds).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { BotProcess } from '../support/bot-process';
import { botEnv, createRaidGuild, createRaidThroughBot, createWorld, trackedMessagesOf, vote, waitUntil, type RaidGuild, type World } from './restore-support';

jest.setTimeout(150_000);

let world: World;
let guild: RaidGuild;
let redisDir: string;
let redisPort: number;
let redis: ChildProcess | null = null;
let logChannelId: string;

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

async function startRedis(): Promise<void> {
  redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--dir', redisDir, '--appendonly', 'yes', '--save', ''], { stdio: 'ignore' });
  await waitUntil('redis-server answers', async () => {
    const client = new Redis({ port: redisPort, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      client.disconnect();
    }
  }, 10_000);
}

async function stopRedis(): Promise<void> {
  if (redis === null || redis.exitCode !== null) return;
  const exited = once(redis, 'exit');
  redis.kill('SIGTERM');
  await exited;
  redis = null;
}

/** When the last scheduled job finished (the score of BullMQ's completed set), or 0. */
async function lastJobFinishedAt(): Promise<number> {
  const client = new Redis({ port: redisPort, host: '127.0.0.1', maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    const [, score] = await client.zrevrange('bull:scheduled-tasks:completed', 0, 0, 'WITHSCORES');
    return score === undefined ? 0 : Number(score);
  } finally {
    client.disconnect();
  }
}

beforeAll(async () => {
  redisDir = mkdtempSync(join(tmpdir(), 'dmw-redis-'));
  redisPort = await freePort();
  await startRedis();
  world = await createWorld({ redisDb: 11 });
  guild = await createRaidGuild(world, 'Redis Outage Guild', 3);
  const operators = world.emulator.driver.createGuild({ name: 'Operators' });
  logChannelId = world.emulator.driver.createChannel(operators.id, { name: 'bot-log' }).id;
  const bot = BotProcess.start({
    env: botEnv(world, { REDIS_URL: `redis://127.0.0.1:${redisPort}/0`, LOG_GUILD_ID: operators.id, LOG_CHANNEL_ID: logChannelId }),
  });
  world.bot = bot;
  await bot.waitForLine('restoration:', { timeoutMs: 60_000 });
});

afterAll(async () => {
  await world?.bot?.stop();
  await stopRedis();
  if (world) {
    await world.emulator.close();
    await world.dataSource.destroy();
    await world.db.drop();
  }
  rmSync(redisDir, { recursive: true, force: true });
});

it('raid interactions work while Redis is down, and the scheduled jobs resume when it is back', async () => {
  await waitUntil('scheduled jobs run', async () => (await lastJobFinishedAt()) > 0, 30_000, world);

  await stopRedis();
  const [creator, m1, m2] = guild.members as [typeof guild.members[0], typeof guild.members[0], typeof guild.members[0]];
  const raid = await createRaidThroughBot(world, guild, creator.id, { days: 'Sat', times: '20:00', minPlayers: '2' });
  for (const member of [m1, m2]) {
    await (await vote(world, guild.plannerChannelId, raid.plannerMessageId, member.id, 'day', ['Sat'])).reply();
    await (await vote(world, guild.plannerChannelId, raid.plannerMessageId, member.id, 'time', ['20:00'])).reply();
  }
  await waitUntil('the participant list is posted without Redis', async () => (await trackedMessagesOf(world, raid.raidId)).slots.get('Sat 20:00') != null, 15_000, world);
  expect(world.bot!.exited).toBe(false);

  const backAt = Date.now();
  await startRedis();
  await waitUntil('scheduled jobs run again', async () => (await lastJobFinishedAt()) > backAt, 60_000, world);
  expect(world.bot!.exited).toBe(false);

  const finish = await world.emulator.driver.clickButton({ channelId: guild.plannerChannelId, messageId: raid.plannerMessageId, userId: creator.id, label: 'Finish raid' });
  await finish.reply();
  await waitUntil('the raid is finished', async () => (await world.repos.raids.openRaidsOfGuild(guild.guild.id)).length === 0, 15_000, world);
});
