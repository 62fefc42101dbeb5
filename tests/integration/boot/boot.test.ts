/**
 * The built bot as a real process: configuration errors, database errors, the
 * single-instance rule with two (and three) processes and with the old Python bot
 * still running (a plain session holding its lock), the first start on an empty
 * database, and SIGTERM. Discord is a local stand-in that records requests and never
 * answers, so a bot that got as far as logging in stays there until signalled.
 */
import Redis from 'ioredis';
import { Client } from 'pg';
import { EXIT_ALREADY_RUNNING } from '../../../src/lib/shutdown';
import { BotProcess, startHangingDiscordApi, type HangingDiscordApi } from '../../support/bot-process';
import { snapshotCatalog } from '../../support/catalog';
import { createTestDatabase, urlForDatabase, type TestDatabase } from '../../support/database';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GabcDE.bootTestTokenValueThatMustNeverBePrinted';
/** Redis database index of this file; the bot's scheduled-task queue lives there while it runs. */
const REDIS_URL = 'redis://127.0.0.1:6379/13';

const running: BotProcess[] = [];
const apis: HangingDiscordApi[] = [];

function start(env: Record<string, string>, dotenv?: string, options: { supervised?: boolean } = {}): BotProcess {
  const bot = BotProcess.start({ env, dotenv, ...options });
  running.push(bot);
  return bot;
}

async function hangingApi(): Promise<HangingDiscordApi> {
  const api = await startHangingDiscordApi();
  apis.push(api);
  return api;
}

function everything(result: { stdout: string[]; stderr: string[] }): string {
  return [...result.stdout, ...result.stderr].join('\n');
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((bot) => bot.stop()));
  await Promise.all(apis.splice(0).map((api) => api.close()));
});

afterAll(async () => {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  await redis.flushdb();
  redis.disconnect();
});

describe('configuration errors', () => {
  it('without DATABASE_URL: stderr is exactly one line and the exit code 1', async () => {
    const result = await BotProcess.run({ env: { DISCORD_TOKEN: TOKEN } });
    expect(result.stderr).toEqual(['Config error: DATABASE_URL must be set']);
    expect(result.stdout).toEqual([]);
    expect(result.exit.code).toBe(1);
  });

  it.each([
    ['SELF_TEST_INTERVAL_SECONDS', '10', /^Config error: SELF_TEST_INTERVAL_SECONDS must be >= 30 seconds/],
    ['DATABASE_URL', `mysql://root:${TOKEN}@db/x`, /^Config error: DATABASE_URL must start with postgres:\/\//],
    ['DASHBOARD_HOST', '0.0.0.0', /^Config error: DASHBOARD_HOST=0\.0\.0\.0 .* DASHBOARD_TOKEN must be set/],
    ['DASHBOARD_TOKEN', 'Bearer-x-is-too-short', /^Config error: DASHBOARD_TOKEN must be at least 32 characters long \(got 21\)/],
    ['DISCORD_LOG_LEVEL', 'chatty', /^Config error: DISCORD_LOG_LEVEL='chatty' is not a log level/],
    ['REDIS_URL', 'memcached://cache', /^Config error: REDIS_URL must start with redis:\/\//],
    ['DEFAULT_TIMEZONE', 'Mars/Olympus', /^Config error: DEFAULT_TIMEZONE='Mars\/Olympus' is not an IANA time zone/],
  ])('%s with a bad value: one "Config error:" line, exit 1, the token never printed', async (name, value, expected) => {
    const result = await BotProcess.run({ env: { DISCORD_TOKEN: TOKEN, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres', [name]: value } });
    expect(result.stderr).toHaveLength(1);
    expect(result.stderr[0]).toMatch(expected);
    expect(result.stdout).toEqual([]);
    expect(everything(result)).not.toContain(TOKEN);
    expect(result.exit.code).toBe(1);
  });

  it('without DISCORD_TOKEN: one line saying where to get it', async () => {
    const result = await BotProcess.run({ env: { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres' } });
    expect(result.stderr).toEqual([expect.stringMatching(/^Config error: DISCORD_TOKEN must be set: .*developer portal/)]);
    expect(result.exit.code).toBe(1);
  });

  it('reads .env from the working directory, and the real environment wins over it', async () => {
    const fromFile = await BotProcess.run({
      env: { DISCORD_TOKEN: TOKEN },
      dotenv: 'DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres\nBACKUP_INTERVAL_SECONDS=5\n',
    });
    expect(fromFile.stderr).toEqual([expect.stringMatching(/^Config error: BACKUP_INTERVAL_SECONDS must be >= 300 seconds \(got 5\)/)]);

    const realWins = await BotProcess.run({
      env: { DISCORD_TOKEN: TOKEN, BACKUP_INTERVAL_SECONDS: '7' },
      dotenv: 'DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres\nBACKUP_INTERVAL_SECONDS=5\n',
    });
    expect(realWins.stderr).toEqual([expect.stringMatching(/\(got 7\)/)]);
  });
});

describe('database errors', () => {
  it.each([
    ['an unreachable port', 'postgres://dmw:hunter2secret@127.0.0.1:1/dmw', /ECONNREFUSED/],
    ['an unknown database', urlForDatabase('dmw_test_does_not_exist').replace('postgres@', 'postgres:hunter2secret@'), /database "dmw_test_does_not_exist" does not exist/],
    ['an unknown host', 'postgresql+asyncpg://dmw:hunter2secret@host.invalid:5432/dmw', /ENOTFOUND host\.invalid/],
  ])('%s: one clear "Database error:" line, exit 1, no stack, no password', async (_case, url, reason) => {
    const api = await hangingApi();
    const result = await BotProcess.run({ env: { DISCORD_TOKEN: TOKEN, DATABASE_URL: url, DISCORD_API_URL: api.apiUrl } });
    expect(result.exit.code).toBe(1);
    expect(result.stderr).toHaveLength(1);
    expect(result.stderr[0]).toMatch(/^Database error: could not connect to postgres(ql)?:\/\/dmw:\*\*\*@|^Database error: could not connect to postgres:\/\/postgres:\*\*\*@/);
    expect(result.stderr[0]).toMatch(reason);
    const output = everything(result);
    expect(output).not.toContain('hunter2secret');
    expect(output).not.toMatch(/^\s+at /m);
    expect(api.requests).toEqual([]);
  });
});

describe('with a database', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase({ schema: 'empty' });
  });

  afterAll(async () => {
    await db.drop();
  });

  function botEnv(api: HangingDiscordApi): Record<string, string> {
    return { DISCORD_TOKEN: TOKEN, DATABASE_URL: db.url, DISCORD_API_URL: api.apiUrl, REDIS_URL };
  }

  it('first start on an empty database creates the schema, seeds 42 dungeons and tries to log in', async () => {
    const api = await hangingApi();
    const bot = start(botEnv(api));
    const request = await api.firstRequest(30_000);
    // discord.js asks for the gateway through DISCORD_API_URL, with the token from the config.
    expect(request).toEqual({ method: 'GET', url: '/api/v10/gateway/bot', authorization: `Bot ${TOKEN}` });
    await bot.waitForLine('Logging in to Discord');

    const tables = await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(['dungeons', 'guild_settings', 'raids', 'raid_options', 'raid_votes', 'raid_posted_slots', 'raid_attendance', 'raid_templates', 'user_levels', 'debug_mirror_cache']),
    );
    const [{ n }] = await db.query<{ n: string }>('SELECT count(*) AS n FROM dungeons');
    expect(Number(n)).toBe(42);
    expect(bot.stdout).toEqual(expect.arrayContaining([expect.stringMatching(/INFO \[dmw\.runtime\] Schema guard: create_table:raids$/), expect.stringMatching(/Seeded 42 dungeons$/)]));
    // The token is shown to Discord only, never in the logs.
    expect(bot.transcript()).not.toContain(TOKEN);
  });

  it('a second process exits with EXIT_ALREADY_RUNNING after one clear line and never calls Discord; SIGTERM stops the first with 0 and frees the lock', async () => {
    const firstApi = await hangingApi();
    const first = start(botEnv(firstApi));
    await firstApi.firstRequest(30_000);
    await first.waitForLine('Singleton lock acquired');
    // On a database that is already complete nothing is created or seeded again.
    await first.waitForLine('Schema complete, nothing changed');
    await first.waitForLine('Dungeon catalogue present, nothing seeded');

    const secondApi = await hangingApi();
    const second = start(botEnv(secondApi));
    const exit = await second.waitForExit(30_000);
    expect(exit.code).toBe(EXIT_ALREADY_RUNNING);
    const refusals = second.lines.filter((l) => /another instance/i.test(l.text)).map(({ stream, text }) => ({ stream, text }));
    expect(refusals).toEqual([
      { stream: 'stderr', text: expect.stringMatching(/WARNING \[dmw\.runtime\] Another instance holds the singleton lock \(advisory lock 92837465\) on postgres:\/\/.*; exiting/) },
    ]);
    expect(second.stdout.some((line) => line.includes('Logging in'))).toBe(false);
    expect(secondApi.requests).toEqual([]);
    expect(first.exited).toBe(false);

    const signalledAt = Date.now();
    first.signal('SIGTERM');
    const firstExit = await first.waitForExit(15_000);
    expect(firstExit.code).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(10_000);
    expect(first.stdout).toEqual(expect.arrayContaining([expect.stringMatching(/Shutting down \(SIGTERM\)$/), expect.stringMatching(/Shutdown complete, exiting with code 0$/)]));

    // The lock went with it: a third process gets through to logging in.
    const thirdApi = await hangingApi();
    const third = start(botEnv(thirdApi));
    await third.waitForLine('Singleton lock acquired', { timeoutMs: 30_000 });
    await thirdApi.firstRequest(30_000);
    third.signal('SIGINT');
    expect((await third.waitForExit(15_000)).code).toBe(0);
  });

  // Decision (restart safety): a lost lock pauses database work and is taken again when the
  // database answers, instead of exiting (src/lib/db/lock-keeper.ts explains why).
  it('losing the lock connection pauses database work and takes the lock again instead of running unlocked', async () => {
    const api = await hangingApi();
    const bot = start(botEnv(api));
    await api.firstRequest(30_000);
    await db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'dmw-raid-bot:singleton-lock'`);
    await bot.waitForLine('Singleton lock taken again', { timeoutMs: 15_000 });
    expect(bot.stderr).toEqual(expect.arrayContaining([expect.stringMatching(/ERROR \[dmw\.runtime\] Lost the connection holding the singleton lock/)]));
    const [holder] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = 92837465 AND granted
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    expect(holder!.n).toBe(1);
    expect(bot.exited).toBe(false);
    bot.signal('SIGTERM');
    expect((await bot.waitForExit(15_000)).code).toBe(0);
  });
});

describe('while the old Python bot runs (the switch, rehearsed)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase({ schema: 'fixture' });
  });

  afterAll(async () => {
    await db.drop();
  });

  const env = (api: HangingDiscordApi): Record<string, string> => ({ DISCORD_TOKEN: TOKEN, DATABASE_URL: db.url, DISCORD_API_URL: api.apiUrl, REDIS_URL });

  it('a plain session holding lock 92837465, as the old bot does, keeps `npm start` from starting, with a line naming it; once it is gone the bot starts', async () => {
    const oldBot = new Client({ connectionString: db.url, application_name: 'dmw-python-bot' });
    await oldBot.connect();
    const [{ pid, locked }] = (await oldBot.query<{ pid: number; locked: boolean }>('SELECT pg_backend_pid() AS pid, pg_try_advisory_lock(92837465) AS locked')).rows as [{ pid: number; locked: boolean }];
    expect(locked).toBe(true);
    const before = await snapshotCatalog(db);

    const refusedApi = await hangingApi();
    // One process, as every unsharded deployment runs (SHARD_COUNT=auto would first ask the hanging API for its recommendation).
    const refused = start({ ...env(refusedApi), SHARD_COUNT: '1' }, undefined, { supervised: true });
    const exit = await refused.waitForExit(30_000);
    expect(exit.code).toBe(EXIT_ALREADY_RUNNING);
    expect(refused.lines.filter((line) => /another instance/i.test(line.text)).map(({ stream, text }) => ({ stream, text }))).toEqual([
      {
        stream: 'stderr',
        text: expect.stringMatching(
          new RegExp(
            String.raw`WARNING \[dmw\.runtime\] Another instance holds the singleton lock \(advisory lock 92837465\) on postgres://\S+, ` +
              String.raw`held by session pid ${pid} \(role postgres, application 'dmw-python-bot', client 127\.0\.0\.1, connected \S+Z\)\. ` +
              String.raw`The old Python bot takes the same lock: stop it \(or the other instance\) first; exiting without connecting to Discord$`,
          ),
        ),
      },
      { stream: 'stdout', text: expect.stringMatching(/supervisor: another instance is running against this database; not restarting$/) },
    ]);
    // It touched nothing: no schema guard ran, Discord was never called.
    expect(refused.transcript()).not.toContain('Schema guard');
    expect(await snapshotCatalog(db)).toEqual(before);
    expect(refusedApi.requests).toEqual([]);

    await oldBot.end(); // the old bot is stopped
    const api = await hangingApi();
    const bot = start({ ...env(api), SHARD_COUNT: '1' }, undefined, { supervised: true });
    await bot.waitForLine('Singleton lock acquired', { timeoutMs: 30_000 });
    await api.firstRequest(30_000);
    bot.signal('SIGTERM');
    expect((await bot.waitForExit(15_000)).code).toBe(0);
  });
});
