import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import { acquireSingletonLock } from '../../../src/lib/db/advisory-lock';
import { createDataSource } from '../../../src/lib/db/data-source';
import { createLogger, setConsoleOutput } from '../../../src/lib/logging';
import { DatabaseUnavailableError, gateDataSource, isDatabaseUnavailable, type DatabaseGate } from '../../../src/lib/db/availability';
import { SingletonLockKeeper } from '../../../src/lib/db/lock-keeper';
import { createTestDatabase, runAsAdmin, type TestDatabase } from '../../support/database';
import { waitUntil } from '../../support/wait';

jest.setTimeout(60_000);

let db: TestDatabase;
let dataSource: DataSource;
let gate: DatabaseGate;
const keepers: SingletonLockKeeper[] = [];


/** The outage as this bot sees it: its database refuses connections and every session of it is cut. */
async function databaseGoesAway(): Promise<void> {
  await runAsAdmin(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS false`);
  await runAsAdmin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db.name}' AND pid <> pg_backend_pid()`);
}

async function databaseComesBack(): Promise<void> {
  await runAsAdmin(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS true`);
}

function startKeeper(events: string[], overrides: { onTakenOver?: () => void } = {}) {
  return SingletonLockKeeper.start({
    databaseUrl: db.url,
    logger: createLogger('test.lock'),
    retryMs: 100,
    maxRetryMs: 400,
    lockOptions: { heartbeatMs: 200, connectTimeoutMs: 2000 },
    onLost: () => {
      events.push('lost');
      gate.close('the singleton lock is not held');
    },
    onRegained: () => {
      events.push('regained');
      gate.open();
    },
    onTakenOver: overrides.onTakenOver ?? (() => events.push('taken over')),
  });
}

beforeAll(async () => {
  setConsoleOutput(false);
  db = await createTestDatabase();
  dataSource = createDataSource(db.url);
  gate = gateDataSource(dataSource);
  await dataSource.initialize();
});

afterEach(async () => {
  await databaseComesBack();
  while (keepers.length > 0) await keepers.pop()!.release();
  gate.open();
});

afterAll(async () => {
  await dataSource?.destroy();
  await db?.drop();
  setConsoleOutput(true);
});

describe('singleton lock across a database outage', () => {
  it('pauses database work while the lock is lost and takes it again when the database is back', async () => {
    const events: string[] = [];
    const keeper = (await startKeeper(events))!;
    keepers.push(keeper);
    expect(keeper.held).toBe(true);

    await databaseGoesAway();
    await waitUntil('the loss', () => events.includes('lost'));
    expect(keeper.held).toBe(false);
    const refused = await dataSource.query('SELECT 1').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DatabaseUnavailableError);
    expect(isDatabaseUnavailable(refused)).toBe(true);

    await sleep(500); // several retries fail meanwhile
    expect(events).toEqual(['lost']);
    await databaseComesBack();
    await waitUntil('the lock again', () => events.includes('regained'));
    expect(keeper.held).toBe(true);
    await expect(dataSource.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);

    // It is really ours: nobody else can take it.
    await expect(acquireSingletonLock(db.url)).resolves.toBeNull();
  });

  it('stops when another instance took the lock during the outage', async () => {
    const events: string[] = [];
    const keeper = (await startKeeper(events))!;
    keepers.push(keeper);
    await runAsAdmin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db.name}' AND application_name = 'dmw-raid-bot:singleton-lock'`);
    const other = await acquireSingletonLock(db.url); // a second instance is quicker than the first retry
    expect(other).not.toBeNull();
    try {
      await waitUntil('the take-over', () => events.includes('taken over'));
      expect(events).toEqual(['lost', 'taken over']);
      expect(keeper.held).toBe(false);
    } finally {
      await other!.release();
    }
  });

  it('a second keeper does not start while the first holds the lock', async () => {
    const first = (await startKeeper([]))!;
    keepers.push(first);
    await expect(startKeeper([])).resolves.toBeNull();
  });
});

describe('isDatabaseUnavailable', () => {
  it('recognises what pg and TypeORM throw while the database refuses connections', async () => {
    const direct = createDataSource(db.url);
    await direct.initialize();
    try {
      await databaseGoesAway();
      const error = await direct.query('SELECT 1').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Error);
      expect(isDatabaseUnavailable(error)).toBe(true);
    } finally {
      await databaseComesBack();
      await direct.destroy();
    }
  });

  it('does not mistake ordinary query errors for an outage', async () => {
    const quiet = createDataSource(db.url, { logging: false });
    await quiet.initialize();
    const error = await quiet.query('SELECT * FROM no_such_table').catch((caught: unknown) => caught);
    await quiet.destroy();
    expect(error).toBeInstanceOf(Error);
    expect(isDatabaseUnavailable(error)).toBe(false);
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
  });
});
