/**
 * `npm run schema:check` as an operator runs it, a real process against real databases:
 * one built from schema.sql (nothing to change), an empty one (everything), one missing
 * a column and an index with ids the old bot wrote itself, and roles with SELECT rights
 * only. Each time the check's list must be exactly what the schema guard then does, and
 * the database must be exactly as before the check.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createDataSource } from '../../../src/lib/db/data-source';
import { SINGLETON_LOCK_KEY } from '../../../src/lib/db/advisory-lock';
import { ensureSchema } from '../../../src/lib/db/schema-guard';
import { REPO_ROOT } from '../../support/bot-process';
import { snapshotCatalog } from '../../support/catalog';
import { runToEnd } from '../../support/child-process';
import { createTestDatabase, runAsAdmin, type TestDatabase } from '../../support/database';

jest.setTimeout(60_000);

interface CheckRun {
  readonly code: number | null;
  readonly stdout: string[];
  readonly stderr: string[];
  readonly durationMs: number;
}

/** Runs the check the way `npm run schema:check` does, from an empty directory (no .env). */
async function runCheck(args: string[], env: Record<string, string> = {}, viaNpm = false): Promise<CheckRun> {
  const cwd = viaNpm ? REPO_ROOT : mkdtempSync(join(tmpdir(), 'dmw-schema-check-'));
  const [command, commandArgs] = viaNpm
    ? ['npm', ['run', '--silent', 'schema:check', '--', ...args]]
    : [process.execPath, ['-r', join(REPO_ROOT, 'scripts', 'register-ts.js'), join(REPO_ROOT, 'src', 'schema-check.ts'), ...args]];
  try {
    const run = await runToEnd(command, commandArgs, { cwd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...(process.env.HOME ? { HOME: process.env.HOME } : {}), ...env } });
    const lines = (text: string) => text.split('\n').filter((line) => line !== '');
    return { code: run.code, stdout: lines(run.stdout), stderr: lines(run.stderr), durationMs: run.durationMs };
  } finally {
    if (!viaNpm) rmSync(cwd, { recursive: true, force: true });
  }
}

/** The `  <change>` lines under SCHEMA_CHANGES. */
function listedChanges(run: CheckRun): string[] {
  const start = run.stdout.findIndex((line) => line.startsWith('SCHEMA_CHANGES ('));
  if (start < 0) return [];
  const listed: string[] = [];
  for (const line of run.stdout.slice(start + 1)) {
    if (!line.startsWith('  ')) break;
    listed.push(line.trim());
  }
  return listed;
}

/** Every sequence's state, without moving it (nextval would). */
async function sequenceStates(db: TestDatabase): Promise<unknown[]> {
  return db.query(`SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename`);
}

/** What the schema guard then really does (with the bot's own, all-powerful role). */
async function guardChanges(db: TestDatabase): Promise<string[]> {
  const source = await createDataSource(db.url, { poolSize: 1 }).initialize();
  try {
    return await ensureSchema(source, () => undefined);
  } finally {
    await source.destroy();
  }
}

/** The old bot writes its ids itself and never moves the sequences. */
async function insertOldBotIds(db: TestDatabase): Promise<void> {
  await db.query(`INSERT INTO raids (id, guild_id, channel_id, creator_id, dungeon, display_id) SELECT n, 100, 200, 300, 'Nanos', n FROM generate_series(1, 3) n`);
  await db.query(`INSERT INTO raid_votes (id, raid_id, kind, option_label, user_id) SELECT n, 1, 'day', 'Mon', 1000 + n FROM generate_series(1, 4) n`);
}

const databases: TestDatabase[] = [];
async function database(schema: 'empty' | 'fixture'): Promise<TestDatabase> {
  const db = await createTestDatabase({ schema });
  databases.push(db);
  return db;
}

const roles: string[] = [];
/** A login role with a password (works under trust and password authentication alike). */
async function createRole(db: TestDatabase, grants: string[]): Promise<{ url: string; password: string; name: string }> {
  const name = `dmw_test_ro_${randomBytes(4).toString('hex')}`;
  const password = `pw${randomBytes(8).toString('hex')}`;
  await runAsAdmin(`CREATE ROLE ${name} LOGIN PASSWORD '${password}'`);
  roles.push(name);
  for (const grant of grants) await db.query(grant.replaceAll('$ROLE', name));
  const url = new URL(db.url);
  url.username = name;
  url.password = password;
  return { url: url.toString(), password, name };
}

afterAll(async () => {
  await Promise.all(databases.map((db) => db.drop()));
  for (const role of roles) await runAsAdmin(`DROP ROLE IF EXISTS ${role}`);
});

describe('npm run schema:check', () => {
  it('on a database built from schema.sql: SCHEMA_CHANGES [], VALIDATION OK, exit 0 — through npm, DATABASE_URL from the environment', async () => {
    const db = await database('fixture');
    const run = await runCheck([], { DATABASE_URL: db.url }, true);
    expect(run.stdout).toEqual([
      `Schema check of ${db.url} as role postgres, schema public (read-only transaction, nothing written)`,
      'SCHEMA_CHANGES []',
      'VALIDATION OK',
    ]);
    expect(run.code).toBe(0);
    expect(await guardChanges(db)).toEqual([]);
  });

  it('beside a running old bot: its lock held, every table locked against writes, the check still completes', async () => {
    const db = await database('fixture');
    const oldBot = new Client({ connectionString: db.url });
    await oldBot.connect();
    try {
      await oldBot.query('SELECT pg_advisory_lock($1), pg_advisory_lock($2)', [SINGLETON_LOCK_KEY, 92837466]);
      // EXCLUSIVE admits plain reads only: a write, a row lock or DDL by the check would wait and time out.
      await oldBot.query('BEGIN');
      const tables = Object.keys((await snapshotCatalog(db)).tables);
      await oldBot.query(`LOCK TABLE ${tables.join(', ')} IN EXCLUSIVE MODE`);
      const run = await runCheck([db.url]);
      expect(run.stdout.slice(1)).toEqual(['SCHEMA_CHANGES []', 'VALIDATION OK']);
      expect(run.code).toBe(0);
    } finally {
      await oldBot.end();
    }
  });

  it('on an empty database: everything the guard would create, in its words and order, exit 1, nothing created', async () => {
    const db = await database('empty');
    const run = await runCheck([db.url]);
    expect(run.code).toBe(1);
    expect(run.stdout.at(-1)).toMatch(/^VALIDATION CHANGES PENDING: 13 change\(s\) above, made by the bot at its next start/);
    expect(listedChanges(run)).toContain('create_table:raids');
    expect((await snapshotCatalog(db)).tables).toEqual({});
    expect(listedChanges(run)).toEqual(await guardChanges(db));
  });

  it('on a database missing a column and an index, with sequences behind the ids: exactly what the guard then does', async () => {
    const db = await database('fixture');
    await insertOldBotIds(db);
    await db.query('ALTER TABLE raid_attendance DROP COLUMN marked_by_user_id');
    await db.query('DROP INDEX uq_raid_votes_unique');
    const [catalog, sequences] = [await snapshotCatalog(db), await sequenceStates(db)];
    const run = await runCheck([db.url]);
    expect(listedChanges(run)).toEqual([
      'add_column:raid_attendance.marked_by_user_id',
      'create_index:uq_raid_votes_unique',
      'advance_sequence:raid_votes_id_seq (next id 1 -> 5, highest raid_votes.id is 4)',
      'advance_sequence:raids_id_seq (next id 1 -> 4, highest raids.id is 3)',
    ]);
    expect(run.code).toBe(1);
    // Nothing moved: not the schema, not a sequence.
    expect(await snapshotCatalog(db)).toEqual(catalog);
    expect(await sequenceStates(db)).toEqual(sequences);
    expect(await guardChanges(db)).toEqual(listedChanges(run));
    expect((await runCheck([db.url])).stdout.slice(1)).toEqual(['SCHEMA_CHANGES []', 'VALIDATION OK']);
  });

  describe('as a role with SELECT rights only', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await database('fixture');
      await insertOldBotIds(db);
      await db.query('DROP INDEX ix_raid_attendance_unique_user');
    });

    it('says which sequences it cannot read and that the check is incomplete; the password is never printed', async () => {
      const role = await createRole(db, ['GRANT SELECT ON ALL TABLES IN SCHEMA public TO $ROLE']);
      const run = await runCheck([role.url]);
      expect(run.stdout[0]).toBe(`Schema check of ${role.url.replace(role.password, '***')} as role ${role.name}, schema public (read-only transaction, nothing written)`);
      expect(listedChanges(run)).toEqual(['create_index:ix_raid_attendance_unique_user']);
      const notVisible = run.stdout.slice(run.stdout.findIndex((line) => line.startsWith('NOT VISIBLE (7)')) + 1, -1);
      expect(notVisible).toContain(`  whether sequence raids_id_seq lags behind the ids of raids: no SELECT right on sequence raids_id_seq for role ${role.name}`);
      expect(notVisible).toHaveLength(7);
      expect(run.stdout.at(-1)).toMatch(/^VALIDATION CHANGES PENDING: 1 change\(s\) .*; incomplete: run it as a role that can read/);
      expect(run.code).toBe(1);
      expect([...run.stdout, ...run.stderr].join('\n')).not.toContain(role.password);
    });

    it('with SELECT on the sequences too it sees everything the guard would do, and changes nothing', async () => {
      const role = await createRole(db, ['GRANT SELECT ON ALL TABLES IN SCHEMA public TO $ROLE', 'GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO $ROLE']);
      const sequences = await sequenceStates(db);
      const run = await runCheck([role.url]);
      expect(run.stdout).not.toContainEqual(expect.stringMatching(/^NOT VISIBLE/));
      expect(listedChanges(run)).toEqual([
        'create_index:ix_raid_attendance_unique_user',
        'advance_sequence:raid_votes_id_seq (next id 1 -> 5, highest raid_votes.id is 4)',
        'advance_sequence:raids_id_seq (next id 1 -> 4, highest raids.id is 3)',
      ]);
      expect(await sequenceStates(db)).toEqual(sequences);
    });

    it('without USAGE on the schema it says it sees no schema instead of planning every table: exit 2', async () => {
      const role = await createRole(db, []);
      await db.query('REVOKE USAGE ON SCHEMA public FROM PUBLIC');
      try {
        const run = await runCheck([role.url]);
        expect(run.stdout.slice(1)).toEqual([
          'SCHEMA_CHANGES []',
          'NOT VISIBLE (1): the check could not see',
          `  no schema of the search path ("$user", public) is visible to role ${role.name}: it needs USAGE on the bot's schema (usually public)`,
          'VALIDATION INCOMPLETE: nothing to change in what the check could see; incomplete: run it as a role that can read what is listed as not visible',
        ]);
        expect(run.code).toBe(2);
      } finally {
        await db.query('GRANT USAGE ON SCHEMA public TO PUBLIC');
      }
    });
  });

  it('gives up with one clear line instead of queueing behind a schema change in progress: exit 3', async () => {
    const db = await database('fixture');
    await insertOldBotIds(db);
    const ddl = new Client({ connectionString: db.url });
    await ddl.connect();
    try {
      await ddl.query('BEGIN');
      await ddl.query('LOCK TABLE raids IN ACCESS EXCLUSIVE MODE');
      const run = await runCheck([db.url]);
      expect(run.stderr).toEqual([`Schema check failed on ${db.url}: canceling statement due to lock timeout`, 'VALIDATION NOT RUN']);
      expect(run.code).toBe(3);
    } finally {
      await ddl.end();
    }
  });

  it('without a URL, or against a database that does not answer: one line and exit 3', async () => {
    const missing = await runCheck([]);
    expect(missing.stderr[0]).toBe('Config error: DATABASE_URL must be set');
    expect(missing.code).toBe(3);
    const refused = await runCheck(['postgresql+asyncpg://dmw:hunter2secret@127.0.0.1:1/dmw']);
    expect(refused.stderr).toEqual(['Schema check failed on postgresql://dmw:***@127.0.0.1:1/dmw: connect ECONNREFUSED 127.0.0.1:1', 'VALIDATION NOT RUN']);
    expect(refused.code).toBe(3);
  });
});
