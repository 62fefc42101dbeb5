import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { exportBackup, withBackupLock, BACKUP_TABLES } from '../../../src/lib/backup';
import { createDataSource } from '../../../src/lib/db/data-source';
import { createTestDatabase, tableText, type TestDatabase } from '../../support/database';

/**
 * The backup round trip on real PostgreSQL: export a database full of awkward
 * values, restore the file with psql into a second database that holds other
 * rows, and compare every table row for row.
 */

const run = promisify(execFile);

const AWKWARD_TEXT = `O'Brien's "Gilde" \\ back\\\\slash \\n not-a-newline\nreal newline\r\ttab 🐉 Größe 日本語 $$ E'\\x41' '); DROP TABLE raids; --`;
const SNOWFLAKE = '1234567890123456789';
const MAX_BIGINT = '9223372036854775807';
/** Beyond 2^53: a JavaScript number would silently change it. */
const BIG_SLOT_ID = '9007199254740993';

let source: TestDatabase;
let restoreTarget: TestDatabase;
let sourcePool: Pool;
/** The bot passes its TypeORM data source; the export must work through it as through a pg pool. */
let sourceDataSource: DataSource;
let redis: Redis;
let workDir: string;
const lockKey = `dmw-test:${randomBytes(4).toString('hex')}:lock:backup`;

async function fillSource(db: TestDatabase): Promise<void> {
  await db.query(
    `INSERT INTO guild_settings (guild_id, participants_channel_id, raidlist_channel_id, raidlist_message_id, created_at, updated_at,
                                 planner_channel_id, guild_name, default_min_players, templates_enabled, template_manager_role_id)
     VALUES ($1, NULL, $2, NULL, '2026-02-13 10:11:12.123456+05:30', 'infinity', $3, $4, 3, FALSE, NULL),
            ($2, 1, 2, 3, '2020-01-01 00:00:00+00', '2020-01-01 00:00:00.000001+00', NULL, '', 0, TRUE, $3)`,
    [SNOWFLAKE, MAX_BIGINT, '42', AWKWARD_TEXT],
  );
  await db.query(
    `INSERT INTO dungeons (id, name, short_code, is_active, sort_order, created_at)
     VALUES (6, $1, 'quote''s', TRUE, -5, '2026-02-13 23:59:59.999999'),
            (7, 'Nanos', 'NAN', FALSE, 2147483647, '-infinity'),
            (47, 'Größe 🐉', 'emoji', TRUE, 0, '1999-12-31 23:00:00'),
            (48, 'BC', 'bc', TRUE, 1, '0044-03-15 12:00:00.25 BC')`,
    [AWKWARD_TEXT],
  );
  await db.query(
    `INSERT INTO raids (id, guild_id, channel_id, creator_id, dungeon, status, created_at, message_id, min_players,
                        participants_posted, temp_role_id, temp_role_created, display_id)
     VALUES (40, $1, $2, $2, $3, 'open', '2026-02-01 08:00:00.5', NULL, 0, TRUE, $1, TRUE, NULL),
            (41, $1, 5, 6, 'Nanos', 'open', now(), 7, 999, FALSE, NULL, FALSE, 12)`,
    [SNOWFLAKE, MAX_BIGINT, AWKWARD_TEXT],
  );
  await db.query(
    `INSERT INTO raid_options (id, raid_id, kind, label) VALUES (1, 40, 'day', $1), (2, 40, 'time', '20:00'), (3, 41, 'day', '')`,
    [AWKWARD_TEXT],
  );
  // Enough votes to cross several cursor batches.
  await db.query(
    `INSERT INTO raid_votes (id, raid_id, kind, option_label, user_id, created_at)
     SELECT n, 40, CASE WHEN n % 2 = 0 THEN 'day' ELSE 'time' END, $1 || n, $2::bigint - n, timestamptz '2026-02-13 10:00:00+00' + n * interval '1 millisecond'
       FROM generate_series(1, 5003) AS n`,
    [AWKWARD_TEXT, MAX_BIGINT],
  );
  await db.query(
    `INSERT INTO raid_posted_slots (id, raid_id, day_label, time_label, channel_id, message_id)
     VALUES ($1, 40, $2, '20:00', NULL, $3), (3, 41, 'Sa', 'So', 1, NULL)`,
    [BIG_SLOT_ID, AWKWARD_TEXT, SNOWFLAKE],
  );
  await db.query(
    `INSERT INTO raid_templates (id, guild_id, dungeon_id, template_name, template_data)
     VALUES (9, $1, 6, '_auto_dungeon_default', $2)`,
    [SNOWFLAKE, JSON.stringify({ days: ['Mo\\"', "it's"], times: ['20:00\n'], min_players: 3 })],
  );
  await db.query(
    `INSERT INTO raid_attendance (id, guild_id, raid_display_id, dungeon, user_id, status, marked_by_user_id)
     VALUES (100, $1, 12, $2, $3, 'present', NULL), (101, $1, 12, 'Nanos', 5, 'absent', $3)`,
    [SNOWFLAKE, AWKWARD_TEXT, MAX_BIGINT],
  );
  await db.query(
    `INSERT INTO user_levels (guild_id, user_id, xp, level, username)
     VALUES ($1, $2, 2147483647, 9000, $3), ($1, 1, 0, 0, NULL)`,
    [SNOWFLAKE, MAX_BIGINT, AWKWARD_TEXT],
  );
  await db.query(
    `INSERT INTO debug_mirror_cache (cache_key, kind, guild_id, raid_id, message_id, payload_hash)
     VALUES ($1, 'raidlist', $2, NULL, $2, repeat('a', 64)), ('memberlist:1:40', 'memberlist', 1, 40, 2, '')`,
    [`raidlist:${SNOWFLAKE}:0'"\\`, SNOWFLAKE],
  );
}

/** Rows the restore must remove, with ids above everything in the backup. */
async function fillRestoreTarget(db: TestDatabase): Promise<void> {
  await db.query(`INSERT INTO guild_settings (guild_id, guild_name) VALUES (777, 'stale guild')`);
  await db.query(`INSERT INTO dungeons (id, name, short_code) VALUES (500, 'Old', 'old')`);
  await db.query(`INSERT INTO raids (id, guild_id, channel_id, creator_id, dungeon) VALUES (900, 777, 1, 1, 'Old')`);
  await db.query(`INSERT INTO raid_options (id, raid_id, kind, label) VALUES (900, 900, 'day', 'Mo')`);
  await db.query(`INSERT INTO raid_votes (id, raid_id, kind, option_label, user_id) VALUES (99999, 900, 'day', 'Mo', 1)`);
  await db.query(`INSERT INTO raid_posted_slots (id, raid_id, day_label, time_label) VALUES (99999999999999999, 900, 'Mo', '1')`);
  await db.query(`INSERT INTO raid_templates (id, guild_id, dungeon_id, template_name, template_data) VALUES (900, 777, 500, 'x', '{}')`);
  await db.query(`INSERT INTO raid_attendance (id, guild_id, raid_display_id, dungeon, user_id) VALUES (900, 777, 1, 'Old', 1)`);
  await db.query(`INSERT INTO user_levels (guild_id, user_id, xp) VALUES (777, 1, 5)`);
  await db.query(`INSERT INTO debug_mirror_cache (cache_key, kind, guild_id, message_id, payload_hash) VALUES ('old', 'raidlist', 777, 1, 'h')`);
  await db.query(`SELECT setval('raids_id_seq', 5000)`);
}

async function restore(file: string, db: TestDatabase): Promise<void> {
  await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', file, db.url], { maxBuffer: 64 * 1024 * 1024 });
}

beforeAll(async () => {
  [source, restoreTarget] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  await fillSource(source);
  await fillRestoreTarget(restoreTarget);
  sourcePool = new Pool({ connectionString: source.url, max: 4 });
  sourceDataSource = createDataSource(source.url);
  await sourceDataSource.initialize();
  redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  workDir = await mkdtemp(join(tmpdir(), 'dmw-backup-'));
});

afterAll(async () => {
  await sourcePool?.end();
  await sourceDataSource?.destroy();
  await redis?.del(lockKey);
  redis?.disconnect();
  await Promise.all([source?.drop(), restoreTarget?.drop()]);
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('exportBackup', () => {
  it('restores with psql into a database holding other rows and reproduces every table exactly', async () => {
    const dir = join(workDir, 'roundtrip');
    const result = await exportBackup(sourcePool, { dir, now: new Date('2026-02-13T12:00:00.000Z') });

    expect(result.path).toBe(join(dir, 'db_backup.sql'));
    expect(result.rows).toBe(2 + 4 + 2 + 3 + 5003 + 2 + 1 + 2 + 2 + 2);
    expect(await readdir(dir)).toEqual(['db_backup.sql']);
    // Created so (not changed afterwards): nobody but the bot's user may read members' names and ids.
    expect((await stat(result.path)).mode & 0o777).toBe(0o600);
    const text = await readFile(result.path, 'utf8');
    expect(Buffer.byteLength(text)).toBe(result.bytes);

    await restore(result.path, restoreTarget);

    for (const table of BACKUP_TABLES) {
      expect({ table, rows: await tableText(restoreTarget, table) }).toEqual({ table, rows: await tableText(source, table) });
    }
  });

  it('leaves every sequence ahead of the restored ids', async () => {
    const [raid] = await restoreTarget.query<{ id: number }>(
      `INSERT INTO raids (guild_id, channel_id, creator_id, dungeon) VALUES (1, 1, 1, 'x') RETURNING id`,
    );
    expect(raid!.id).toBe(42);
    const [slot] = await restoreTarget.query<{ id: string }>(
      `INSERT INTO raid_posted_slots (raid_id, day_label, time_label) VALUES (41, 'n', 'n') RETURNING id::text AS id`,
    );
    expect(slot!.id).toBe('9007199254740994');
    const [vote] = await restoreTarget.query<{ id: number }>(
      `INSERT INTO raid_votes (raid_id, kind, option_label, user_id) VALUES (41, 'day', 'n', 1) RETURNING id`,
    );
    expect(vote!.id).toBe(5004);
  });

  it('writes the upstream layout: header, reverse-order deletes, full column lists, setval, commit', async () => {
    const dir = join(workDir, 'layout');
    const { path } = await exportBackup(sourceDataSource, { dir, now: new Date('2026-02-13T12:00:00.000Z') });
    const lines = (await readFile(path, 'utf8')).split('\n');

    expect(lines.slice(0, 6)).toEqual([
      '-- DMW Rewrite SQL Backup',
      '-- generated_at_utc: 2026-02-13T12:00:00.000+00:00',
      // As pg_dump does: the file is read the same whatever the restoring session is set to.
      `SET client_encoding = 'UTF8';`,
      'SET standard_conforming_strings = on;',
      'BEGIN;',
      '',
    ]);
    expect(lines.slice(6, 16)).toEqual([...BACKUP_TABLES].reverse().map((table) => `DELETE FROM "${table}";`));
    expect(lines[16]).toBe('');
    const firstInsertOf = (table: string): number => lines.findIndex((line) => line.startsWith(`INSERT INTO "${table}" `));
    const insertPositions = BACKUP_TABLES.map(firstInsertOf);
    expect(insertPositions.every((position) => position > 16)).toBe(true);
    expect([...insertPositions].sort((a, b) => a - b)).toEqual(insertPositions);
    expect(lines.find((line) => line.startsWith('INSERT INTO "raids" '))).toBe(
      `INSERT INTO "raids" ("id", "guild_id", "channel_id", "creator_id", "dungeon", "status", "created_at", "message_id", ` +
        `"min_players", "participants_posted", "temp_role_id", "temp_role_created", "display_id") VALUES (40, ${SNOWFLAKE}, ${MAX_BIGINT}, ` +
        `${MAX_BIGINT}, 'O''Brien''s "Gilde" \\ back\\\\slash \\n not-a-newline`,
    );
    expect(lines).toContain(
      `INSERT INTO "dungeons" ("id", "name", "short_code", "is_active", "sort_order", "created_at") VALUES (7, 'Nanos', 'NAN', FALSE, 2147483647, '-infinity');`,
    );
    expect(lines).toContain(
      `INSERT INTO "dungeons" ("id", "name", "short_code", "is_active", "sort_order", "created_at") VALUES (47, 'Größe 🐉', 'emoji', TRUE, 0, '1999-12-31T23:00:00+00:00');`,
    );
    expect(lines).toContain(
      `SELECT setval(pg_get_serial_sequence('"raid_posted_slots"', 'id'), COALESCE((SELECT MAX("id") FROM "raid_posted_slots"), 0) + 1, false);`,
    );
    expect(lines.filter((line) => line.startsWith('SELECT setval('))).toHaveLength(7);
    // Rows come in primary key order, numerically (1, 2, …, 10), not as text (1, 10, 100, …).
    const voteIds = lines.filter((line) => line.startsWith('INSERT INTO "raid_votes" ')).map((line) => Number(/VALUES \((\d+),/.exec(line)![1]));
    expect(voteIds).toEqual(Array.from({ length: 5003 }, (_, index) => index + 1));
    expect(lines.slice(-2)).toEqual(['COMMIT;', '']);
  });

  it('never runs two exports at once, across separate Redis connections', async () => {
    const dir = join(workDir, 'concurrent');
    const second = new Redis('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
    await second.connect();
    const intervals: Array<{ start: number; end: number }> = [];
    const exportTimed = (client: Redis) =>
      withBackupLock(
        client,
        async () => {
          const start = performance.now();
          const result = await exportBackup(sourcePool, { dir });
          intervals.push({ start, end: performance.now() });
          return result;
        },
        { key: lockKey },
      );
    try {
      const results = await Promise.all([exportTimed(redis), exportTimed(second), exportTimed(redis)]);
      const expectedRows = 2 + 4 + 2 + 3 + 5003 + 2 + 1 + 2 + 2 + 2;
      expect(results.map((result) => result.rows)).toEqual([expectedRows, expectedRows, expectedRows]);
    } finally {
      second.disconnect();
    }
    intervals.sort((a, b) => a.start - b.start);
    for (let index = 1; index < intervals.length; index += 1) {
      expect(intervals[index]!.start).toBeGreaterThanOrEqual(intervals[index - 1]!.end);
    }
    expect(await readdir(dir)).toEqual(['db_backup.sql']);
    expect(await redis.exists(lockKey)).toBe(0);
  });

  it('keeps the previous backup when the temp file cannot be written', async () => {
    const dir = join(workDir, 'unwritable');
    const first = await exportBackup(sourcePool, { dir });
    const before = await readFile(first.path);
    const never = new AbortController();
    // Running as root ignores permission bits, so block this run's temp path itself.
    const lock = { token: 'blocked', signal: never.signal, confirm: async () => undefined };
    await mkdir(join(dir, '.db_backup.sql.blocked.tmp'));

    await expect(exportBackup(sourcePool, { dir, lock })).rejects.toThrow(/EEXIST/);
    expect((await readFile(first.path)).equals(before)).toBe(true);
    await rm(join(dir, '.db_backup.sql.blocked.tmp'), { recursive: true });
  });

  it('keeps the previous backup and removes the temp file when the database fails half-way', async () => {
    const dir = join(workDir, 'broken-db');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'db_backup.sql'), 'previous backup\n');
    const broken = await createTestDatabase();
    try {
      await broken.query('DROP TABLE user_levels');
      const pool = new Pool({ connectionString: broken.url, max: 1 });
      try {
        await expect(exportBackup(pool, { dir })).rejects.toThrow(/user_levels/);
      } finally {
        await pool.end();
      }
    } finally {
      await broken.drop();
    }
    expect(await readFile(join(dir, 'db_backup.sql'), 'utf8')).toBe('previous backup\n');
    expect(await readdir(dir)).toEqual(['db_backup.sql']);
  });
});
