/**
 * Shard ownership on PostgreSQL (issue 15.2): one process per shard, all shards of a
 * claim or none, the whole-database lock (an unsharded instance, the old bot) and shard
 * processes exclude each other, processes with another SHARD_COUNT are refused, and a
 * process that dies releases its shards.
 */
import { Client } from 'pg';
import { acquireSingletonLock, type SingletonLock } from '../../../src/lib/db/advisory-lock';
import { shardLockConflicts, type ShardSet } from '../../../src/lib/db/shard-locks';
import { createTestDatabase, type TestDatabase } from '../../support/database';

let db: TestDatabase;
const held: SingletonLock[] = [];

async function claim(shards?: ShardSet): Promise<SingletonLock | null> {
  const lock = await acquireSingletonLock(db.url, shards === undefined ? {} : { shards });
  if (lock) held.push(lock);
  return lock;
}

const of4 = (...shardIds: number[]): ShardSet => ({ shardIds, shardCount: 4 });

beforeAll(async () => {
  db = await createTestDatabase({ schema: 'empty' });
});

afterEach(async () => {
  await Promise.all(held.splice(0).map((lock) => lock.release()));
});

afterAll(async () => {
  await db.drop();
});

describe('shard locks', () => {
  it('gives each shard to one process; disjoint shard sets run side by side', async () => {
    expect(await claim(of4(0, 1))).not.toBeNull();
    expect(await claim(of4(2, 3))).not.toBeNull();
    expect(await claim(of4(1))).toBeNull();
    expect(await shardLockConflicts(db.url, of4(1, 2))).toEqual([
      expect.stringMatching(/^shard 1 of 4 is owned by session pid \d+ 'dmw-raid-bot:shards 0,1\/4'/),
      expect.stringMatching(/^shard 2 of 4 is owned by session pid \d+ 'dmw-raid-bot:shards 2,3\/4'/),
    ]);
  });

  it('takes all shards of a claim or none: a refused claim keeps nothing', async () => {
    expect(await claim(of4(1))).not.toBeNull();
    expect(await claim(of4(0, 1))).toBeNull();
    // Shard 0 was not kept by the refused claim.
    expect(await claim(of4(0))).not.toBeNull();
  });

  it('an unsharded instance and shard processes exclude each other, either way round', async () => {
    const shard = await claim(of4(0));
    expect(await claim()).toBeNull();
    await shard!.release();
    held.splice(0);
    expect(await claim()).not.toBeNull();
    expect(await claim(of4(3))).toBeNull();
    expect(await shardLockConflicts(db.url, of4(3))).toEqual([expect.stringMatching(/^an unsharded instance \(or the old bot\) holds the whole database/)]);
  });

  it('refuses processes started with another SHARD_COUNT, since their shards cover the same servers', async () => {
    expect(await claim(of4(0))).not.toBeNull();
    expect(await claim({ shardIds: [1], shardCount: 2 })).toBeNull();
    expect(await shardLockConflicts(db.url, { shardIds: [1], shardCount: 2 })).toEqual([expect.stringMatching(/^processes run with SHARD_COUNT=4, not 2/)]);
    expect(await claim(of4(1))).not.toBeNull();
  });

  it('a process whose connection dies releases its shards, and a replacement takes them', async () => {
    const lost: Error[] = [];
    const lock = await acquireSingletonLock(db.url, { shards: of4(2), onLost: (error) => lost.push(error) });
    expect(lock).not.toBeNull();
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    try {
      // As if the process were killed: its session ends.
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'dmw-raid-bot:shards 2/4' AND datname = current_database()`);
    } finally {
      await admin.end();
    }
    let replacement: SingletonLock | null = null;
    for (let i = 0; i < 50 && replacement === null; i++) {
      replacement = await claim(of4(2));
      if (replacement === null) await new Promise((r) => setTimeout(r, 100));
    }
    expect(replacement?.held).toBe(true);
    expect(lost).toHaveLength(1);
    expect(lock!.held).toBe(false);
  });
});
