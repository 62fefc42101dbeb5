import { Client } from 'pg';
import { SINGLETON_LOCK_KEY, acquireSingletonLock, type SingletonLock } from '../../../src/lib/db/advisory-lock';
import { createTestDatabase, type TestDatabase } from '../../support/database';

let db: TestDatabase;
const held: SingletonLock[] = [];

async function acquire(options?: Parameters<typeof acquireSingletonLock>[1]): Promise<SingletonLock | null> {
  const lock = await acquireSingletonLock(db.url, options);
  if (lock) held.push(lock);
  return lock;
}

/** Sessions of this test database holding advisory lock 92837465. */
async function lockHolders(): Promise<{ pid: number; application_name: string }[]> {
  return db.query(
    `SELECT a.pid, a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'advisory' AND l.objid = $1 AND l.granted AND a.datname = current_database()`,
    [SINGLETON_LOCK_KEY],
  );
}

async function lockSessionCount(): Promise<number> {
  const rows = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'dmw-raid-bot:singleton-lock'`,
  );
  return Number(rows[0]!.n);
}

/** Polls `read` until `done` holds or 3 s pass; returns the last value read. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let i = 0; i < 30 && !done(value); i++) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

beforeAll(async () => {
  db = await createTestDatabase({ schema: 'empty' });
});

afterEach(async () => {
  await Promise.all(held.splice(0).map((lock) => lock.release()));
});

afterAll(async () => {
  await db.drop();
});

describe('acquireSingletonLock', () => {
  it('takes advisory lock 92837465 on a dedicated connection of its own', async () => {
    const lock = await acquire();
    expect(lock?.held).toBe(true);
    expect(await lockHolders()).toEqual([{ pid: expect.any(Number), application_name: 'dmw-raid-bot:singleton-lock' }]);
  });

  it('a second acquire returns null and closes its connection; after release it succeeds', async () => {
    const first = await acquire();
    expect(first).not.toBeNull();
    const second = await acquire();
    expect(second).toBeNull();
    // The refused attempt's session goes away (backend exit is asynchronous, so poll briefly).
    expect(await eventually(() => lockSessionCount(), (n) => n === 1)).toBe(1);

    await first!.release();
    expect(first!.held).toBe(false);
    await first!.release(); // idempotent
    const third = await acquire();
    expect(third?.held).toBe(true);
  });

  it('is not taken while any other session holds the key (e.g. an old bot)', async () => {
    const other = new Client({ connectionString: db.url });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1)', [SINGLETON_LOCK_KEY]);
      expect(await acquire()).toBeNull();
      await other.query('SELECT pg_advisory_unlock($1)', [SINGLETON_LOCK_KEY]);
      expect(await acquire()).not.toBeNull();
    } finally {
      await other.end();
    }
  });

  it('reports a lost lock connection once, through onLost', async () => {
    const lost: Error[] = [];
    const lock = await acquire({ onLost: (error) => lost.push(error) });
    const [holder] = await lockHolders();
    await db.query('SELECT pg_terminate_backend($1)', [holder!.pid]);
    for (let i = 0; i < 50 && lost.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(lost).toHaveLength(1);
    expect(lock!.held).toBe(false);
    // The key is free again for whoever comes next.
    expect(await acquire()).not.toBeNull();
  });

  it('does not call onLost for a deliberate release', async () => {
    const lost: Error[] = [];
    const lock = await acquire({ onLost: (error) => lost.push(error) });
    await lock!.release();
    await new Promise((r) => setTimeout(r, 200));
    expect(lost).toEqual([]);
  });

  it('throws connection errors to the caller (nothing left open)', async () => {
    await expect(acquireSingletonLock('postgres://postgres@127.0.0.1:1/none', { connectTimeoutMs: 2000 })).rejects.toThrow();
    const url = new URL(db.url);
    url.pathname = '/dmw_test_no_such_database';
    await expect(acquireSingletonLock(url.toString())).rejects.toThrow(/does not exist/);
  });
});
