import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { Client, Pool } from 'pg';
import { exportBackup, withBackupLock, type BackupResult } from '../../../src/lib/backup';
import { LockLostError, type HeldLock } from '../../../src/lib/tasks/redis-lock';
import { createTestDatabase, type TestDatabase } from '../../support/database';

/**
 * A backup run that loses its Redis lock mid-run (expired while it stalled, Redis
 * flushed, another holder took it) stops instead of racing the run that holds the
 * lock now: it leaves no file of its own behind and replaces nothing, and the other
 * run's backup comes out whole. The export is held mid-run by a table lock on
 * raid_attendance, so the lock is taken away at a known point.
 */

const NOW = new Date('2026-03-01T10:00:00.000Z');
const ATTENDANCE_ROWS = 5000;

let source: TestDatabase;
let pool: Pool;
let redis: Redis;
let workDir: string;
const keyPrefix = `dmw-test:${randomBytes(4).toString('hex')}:lock:backup`;
let keyCount = 0;

beforeAll(async () => {
  source = await createTestDatabase();
  await source.query(`INSERT INTO guild_settings (guild_id, guild_name) VALUES (1, 'Jürgen''s guild')`);
  await source.query(
    `INSERT INTO raid_attendance (guild_id, raid_display_id, dungeon, user_id, status)
     SELECT 1, n % 50 + 1, 'Nanos', n, 'present' FROM generate_series(1, ${ATTENDANCE_ROWS}) AS n`,
  );
  pool = new Pool({ connectionString: source.url, max: 6 });
  redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  workDir = await mkdtemp(join(tmpdir(), 'dmw-backup-lost-lock-'));
});

afterAll(async () => {
  await pool?.end();
  if (redis) {
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
  await source?.drop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** Holds raid_attendance so an export waits at that table (after writing the ones before it) until `release`. */
async function blockAttendance(): Promise<{ release(): Promise<void> }> {
  const blocker = new Client({ connectionString: source.url });
  await blocker.connect();
  await blocker.query('BEGIN');
  await blocker.query('LOCK TABLE raid_attendance IN ACCESS EXCLUSIVE MODE');
  return {
    release: async () => {
      await blocker.query('COMMIT');
      await blocker.end();
    },
  };
}

async function exportsWaiting(count: number): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const [row] = await source.query<{ waiting: number }>(
      `SELECT count(*)::int AS waiting FROM pg_locks WHERE NOT granted AND relation = 'raid_attendance'::regclass`,
    );
    if (row!.waiting >= count) return;
    await sleep(25);
  }
  throw new Error(`not ${count} export(s) waiting at raid_attendance`);
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 200 && !condition(); attempt += 1) await sleep(25);
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

/** A backup run as the worker and /backup_db start it; `held` is set once it holds the lock. */
function startRun(dir: string, key: string, ttlMs: number): { done: Promise<BackupResult>; held(): HeldLock | null } {
  let held: HeldLock | null = null;
  const done = withBackupLock(
    redis,
    (lock) => {
      held = lock;
      return exportBackup(pool, { dir, lock, now: NOW });
    },
    { key, ttlMs, waitMs: 0 },
  );
  done.catch(() => undefined); // awaited by the test
  return { done, held: () => held };
}

function newKey(): string {
  keyCount += 1;
  return `${keyPrefix}:${keyCount}`;
}

describe('a backup run whose lock is lost', () => {
  it('stops when its lock is taken over, and the run holding the lock now writes a whole backup', async () => {
    const dir = join(workDir, 'taken-over');
    const key = newKey();
    const blocked = await blockAttendance();
    const first = startRun(dir, key, 300);
    await exportsWaiting(1);

    // The lock is gone (expired during a stall), and the next run takes it.
    await redis.del(key);
    await until(() => first.held()?.signal.aborted === true, 'the first run to notice the lost lock');
    const second = startRun(dir, key, 300);
    await exportsWaiting(2);
    await blocked.release();

    await expect(first.done).rejects.toBeInstanceOf(LockLostError);
    const result = await second.done;
    expect(result.rows).toBe(1 + ATTENDANCE_ROWS);
    expect(await readdir(dir)).toEqual(['db_backup.sql']);
    // Byte for byte what an undisturbed export writes.
    const undisturbed = await exportBackup(pool, { dir: join(workDir, 'reference'), now: NOW });
    expect((await readFile(result.path)).equals(await readFile(undisturbed.path))).toBe(true);
  });

  it('stops as soon as a renewal finds another holder, removes its temp file and leaves that holder’s key alone', async () => {
    const dir = join(workDir, 'overwritten');
    const key = newKey();
    const blocked = await blockAttendance();
    const run = startRun(dir, key, 300);
    await exportsWaiting(1);
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toHaveLength(1);

    await redis.set(key, 'another-holder');
    await until(() => run.held()?.signal.aborted === true, 'the run to notice the lost lock');
    await blocked.release();

    await expect(run.done).rejects.toBeInstanceOf(LockLostError);
    expect(await readdir(dir)).toEqual([]);
    expect(await redis.get(key)).toBe('another-holder');
  });

  it('replaces nothing when the lock is found lost only just before the rename', async () => {
    const dir = join(workDir, 'lost-before-rename');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'db_backup.sql'), 'previous backup\n');
    const key = newKey();
    const blocked = await blockAttendance();
    // A long lifetime: no renewal runs during the export, so only the final check can see the loss.
    const run = startRun(dir, key, 60_000);
    await exportsWaiting(1);
    await redis.del(key);
    await blocked.release();

    await expect(run.done).rejects.toBeInstanceOf(LockLostError);
    expect(run.held()!.signal.aborted).toBe(true);
    expect(await readdir(dir)).toEqual(['db_backup.sql']);
    expect(await readFile(join(dir, 'db_backup.sql'), 'utf8')).toBe('previous backup\n');
  });

  it('removes the temp files of earlier runs (a crash, a run that lost its lock) once it holds the lock', async () => {
    const dir = join(workDir, 'leftovers');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, '.db_backup.sql.crashed-run.tmp'), 'INSERT INTO "raids" (');
    await writeFile(join(dir, '.db_backup.sql.tmp'), 'left by a version with one fixed temp name');
    await writeFile(join(dir, 'unrelated.tmp'), 'not ours');

    const result = await startRun(dir, newKey(), 60_000).done;

    expect(result.rows).toBe(1 + ATTENDANCE_ROWS);
    expect((await readdir(dir)).sort()).toEqual(['db_backup.sql', 'unrelated.tmp']);
  });
});
