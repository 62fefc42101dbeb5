import { Client } from 'pg';
import Redis from 'ioredis';
import { TEST_PG_ADMIN_URL } from '../support/database';
import { LEASED_REDIS_DATABASES, TEST_REDIS_URL, leaseKey } from '../support/redis';
import { createWorld, type World } from '../support/world';

jest.setTimeout(120_000);

describe('createWorld: the built bot against the emulator', () => {
  let world: World | undefined;

  afterEach(async () => {
    await world?.stop();
    world = undefined;
  });

  it('starts the bot until READY with its commands registered, on its own database and Redis database', async () => {
    world = await createWorld({ commands: ['raidplan', 'help'] });
    const guild = world.driver.createGuild({ name: 'Raiders' });
    await world.startBot();
    expect(world.bot.exited).toBe(false);
    const session = world.emulator.gateway.liveSession(world.emulator.bot.applicationId);
    expect(session?.status).toBe('connected');
    expect(world.driver.commands().map((c) => c.name)).toEqual(expect.arrayContaining(['raidplan', 'help']));
    expect(world.env.DATABASE_URL).toBe(world.db.url);
    expect(LEASED_REDIS_DATABASES).toContain(Number(new URL(world.redisUrl).pathname.slice(1)));
    expect(world.env.DISCORD_API_URL).toBe(world.emulator.apiUrl);
    // The bot is idle: nothing in flight, nothing pending.
    expect(world.emulator.rest.inFlight).toBe(0);

    const channel = world.driver.createChannel(guild.id, { name: 'general' });
    const member = world.driver.createMember(guild.id, { username: 'alice' });
    const help = await world.driver.slash({ channelId: channel.id, userId: member.id, command: 'help' });
    await help.acknowledged(10_000);
    await world.driver.settle();
  });

  it('restarts the bot with a fresh gateway session and kills it on demand', async () => {
    world = await createWorld();
    world.driver.createGuild();
    const first = await world.startBot();
    const firstSession = world.emulator.gateway.liveSession(world.emulator.bot.applicationId)!;
    const second = await world.restartBot();
    expect(first.exited).toBe(true);
    expect(second).not.toBe(first);
    const secondSession = world.emulator.gateway.liveSession(world.emulator.bot.applicationId)!;
    expect(secondSession.id).not.toBe(firstSession.id);
    const exit = await world.killBot('SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
  });

  it('stop() drops the database it created and releases its Redis database', async () => {
    world = await createWorld();
    world.driver.createGuild();
    await world.startBot();
    const { db, redisUrl } = world;
    const index = Number(new URL(redisUrl).pathname.slice(1));
    await world.stop();
    world = undefined;
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
      // Released by this process (a run elsewhere on the machine may have leased it again since).
      expect((await redis.get(leaseKey(index))) ?? '').not.toMatch(new RegExp(`^${process.pid}:`));
    } finally {
      redis.disconnect();
    }
  });
});
