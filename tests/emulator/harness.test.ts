import { Client } from 'pg';
import Redis from 'ioredis';
import { TEST_PG_ADMIN_URL } from '../support/database';
import { HARNESS_REDIS_DATABASES, TEST_REDIS_URL, startHarness, type Harness } from '../support/harness';

jest.setTimeout(120_000);

describe('startHarness: the built bot against the emulator', () => {
  let harness: Harness | undefined;

  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  it('starts the bot until READY with its commands registered, on its own database and Redis database', async () => {
    harness = await startHarness({ guilds: [{ name: 'Raiders' }], commands: ['raidplan', 'help'] });
    const [guild] = harness.guilds;
    expect(guild?.name).toBe('Raiders');
    expect(harness.bot.exited).toBe(false);
    const session = harness.emulator.gateway.liveSession(harness.emulator.bot.applicationId);
    expect(session?.status).toBe('connected');
    expect(harness.driver.commands().map((c) => c.name)).toEqual(expect.arrayContaining(['raidplan', 'help']));
    expect(harness.env.DATABASE_URL).toBe(harness.db.url);
    expect(HARNESS_REDIS_DATABASES).toContain(Number(new URL(harness.redisUrl).pathname.slice(1)));
    expect(harness.env.DISCORD_API_URL).toBe(harness.emulator.apiUrl);
    // The bot is idle: nothing in flight, nothing pending.
    expect(harness.emulator.rest.inFlight).toBe(0);

    const channel = harness.driver.createChannel(guild!.id, { name: 'general' });
    const member = harness.driver.createMember(guild!.id, { username: 'alice' });
    const help = await harness.driver.slash({ channelId: channel.id, userId: member.id, command: 'help' });
    await help.acknowledged(10_000);
    await harness.driver.settle();
  });

  it('restarts the bot with a fresh gateway session and kills it on demand', async () => {
    harness = await startHarness({ guilds: [{}] });
    const first = harness.bot;
    const firstSession = harness.emulator.gateway.liveSession(harness.emulator.bot.applicationId)!;
    const second = await harness.restartBot();
    expect(first.exited).toBe(true);
    expect(second).not.toBe(first);
    const secondSession = harness.emulator.gateway.liveSession(harness.emulator.bot.applicationId)!;
    expect(secondSession.id).not.toBe(firstSession.id);
    const exit = await harness.killBot('SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
  });

  it('stop() drops the database it created and releases its Redis database', async () => {
    harness = await startHarness({ guilds: [{}] });
    const { db, redisUrl } = harness;
    const index = Number(new URL(redisUrl).pathname.slice(1));
    await harness.stop();
    harness = undefined;
    const pg = new Client({ connectionString: TEST_PG_ADMIN_URL });
    await pg.connect();
    try {
      const rows = (await pg.query('SELECT 1 FROM pg_database WHERE datname = $1', [db.name])).rows;
      expect(rows).toHaveLength(0);
    } finally {
      await pg.end();
    }
    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
    try {
      expect(await redis.get(`dmw:test:harness-redis-lease:${index}`)).toBeNull();
    } finally {
      redis.disconnect();
    }
  });
});
