import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../src/lib/db/data-source';
import {
  databaseCheck,
  EXPECTED_COMMAND_NAMES,
  readSelfTestStatus,
  redisCheck,
  runSelfTest,
  SelfTestError,
  type SelfTestChecks,
} from '../../../src/lib/selftest';
import { createTestDatabase, type TestDatabase } from '../../support/database';

/** The self-test against real PostgreSQL and Redis; its outcome as /status reads it. */

let db: TestDatabase;
let dataSource: DataSource;
let redis: Redis;
const statusKey = `dmw-test:${randomBytes(4).toString('hex')}:selftest`;

function checks(overrides: Partial<SelfTestChecks> = {}): SelfTestChecks {
  return {
    gateway: async () => undefined,
    database: databaseCheck(dataSource),
    redis: redisCheck(redis),
    registeredCommandNames: async () => [...EXPECTED_COMMAND_NAMES].reverse(),
    ...overrides,
  };
}

beforeAll(async () => {
  db = await createTestDatabase({ schema: 'empty' });
  dataSource = createDataSource(db.url, { logging: false });
  await dataSource.initialize();
  redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
});

afterAll(async () => {
  await redis?.del(statusKey);
  redis?.disconnect();
  if (dataSource?.isInitialized) await dataSource.destroy();
  await db?.drop();
});

it('has no outcome before the first run', async () => {
  expect(await readSelfTestStatus(redis, statusKey)).toEqual({ lastSuccessAt: null, lastError: null });
});

it('records the time of a passing run', async () => {
  const now = new Date('2026-02-13T12:00:00.000Z');
  expect(await runSelfTest(redis, checks(), { now, statusKey })).toEqual({ checkedAt: now.toISOString(), commands: 18 });
  expect(await readSelfTestStatus(redis, statusKey)).toEqual({ lastSuccessAt: now, lastError: null });
});

it('fails on a missing or an unexpected command, keeps the last success and records the error', async () => {
  const registered = EXPECTED_COMMAND_NAMES.filter((name) => name !== 'raid_finish' && name !== 'backup_db');
  const run = runSelfTest(redis, checks({ registeredCommandNames: async () => [...registered, 'attendance_list'] }), {
    now: new Date('2026-02-13T12:15:00.000Z'),
    statusKey,
  });
  await expect(run).rejects.toThrow(SelfTestError);
  await expect(run).rejects.toThrow('Commands: Missing commands: backup_db, raid_finish; Unexpected commands: attendance_list');
  expect(await readSelfTestStatus(redis, statusKey)).toEqual({
    lastSuccessAt: new Date('2026-02-13T12:00:00.000Z'),
    lastError: 'Commands: Missing commands: backup_db, raid_finish; Unexpected commands: attendance_list',
  });
});

it('clears the error with the next passing run', async () => {
  await runSelfTest(redis, checks(), { now: new Date('2026-02-13T12:30:00.000Z'), statusKey });
  expect(await readSelfTestStatus(redis, statusKey)).toEqual({ lastSuccessAt: new Date('2026-02-13T12:30:00.000Z'), lastError: null });
});

it('reports every failing part at once: gateway, a Redis that does not answer, a closed database', async () => {
  const deadRedis = new Redis({ host: '127.0.0.1', port: 1, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  deadRedis.on('error', () => undefined);
  const closedSource = createDataSource(db.url, { logging: false });
  try {
    const run = runSelfTest(
      redis,
      checks({
        gateway: async () => {
          throw new Error('not ready');
        },
        redis: redisCheck(deadRedis),
        database: databaseCheck(closedSource), // never initialised
      }),
      { statusKey, checkTimeoutMs: 2_000 },
    );
    const error = (await run.catch((caught: unknown) => caught)) as SelfTestError;
    expect(error).toBeInstanceOf(SelfTestError);
    expect(error.problems.map((problem) => problem.split(':')[0])).toEqual(['Gateway', 'PostgreSQL', 'Redis']);
    expect((await readSelfTestStatus(redis, statusKey)).lastError).toMatch(/^Gateway: not ready; PostgreSQL: .+; Redis: .+/);
  } finally {
    deadRedis.disconnect();
  }
});

it('counts a check that hangs as failed', async () => {
  const run = runSelfTest(redis, checks({ database: () => new Promise(() => undefined) }), { statusKey, checkTimeoutMs: 200 });
  await expect(run).rejects.toThrow('PostgreSQL: PostgreSQL did not answer within 200 ms');
});
