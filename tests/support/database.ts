import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { BACKUP_TABLES } from '../../src/lib/backup/sql-format';

/** Server that every test database lives on; overridable for unusual machines. */
export const TEST_PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const FIXTURE_SCHEMA_PATH = join(__dirname, '..', 'fixtures', 'production-schema.sql');

export interface TestDatabase {
  readonly name: string;
  /** postgres:// URL of the database, for the bot's DATABASE_URL or a pg client. */
  readonly url: string;
  /** Runs SQL on a short-lived connection to this database. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Drops the database, terminating whatever still holds a connection to it. */
  drop(): Promise<void>;
}

export type Table = (typeof BACKUP_TABLES)[number];

/** The primary key (columns, comma-separated) of every table of the schema, for reading rows in a stable order. */
export const PRIMARY_KEYS: Readonly<Record<Table, string>> = {
  guild_settings: 'guild_id',
  dungeons: 'id',
  raids: 'id',
  raid_options: 'id',
  raid_votes: 'id',
  raid_posted_slots: 'id',
  raid_templates: 'id',
  raid_attendance: 'id',
  user_levels: 'guild_id, user_id',
  debug_mirror_cache: 'cache_key',
};

/** Every row of a table as PostgreSQL prints it, in key order. */
export async function tableText(db: TestDatabase, table: Table): Promise<string[]> {
  const rows = await db.query<{ row: string }>(`SELECT t::text AS row FROM "${table}" t ORDER BY ${PRIMARY_KEYS[table]}`);
  return rows.map((row) => row.row);
}

export function urlForDatabase(name: string): string {
  const url = new URL(TEST_PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates a database of its own for one test file: `empty`, or built from the
 * production schema fixture (`fixture`). Names are unique per run and carry the
 * `dmw_test_` prefix so a crashed run's leftovers can be recognised and dropped.
 */
export async function createTestDatabase(options: { schema: 'empty' | 'fixture' } = { schema: 'fixture' }): Promise<TestDatabase> {
  const name = `dmw_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withClient(TEST_PG_ADMIN_URL, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = urlForDatabase(name);
  if (options.schema === 'fixture') {
    const ddl = readFileSync(FIXTURE_SCHEMA_PATH, 'utf8');
    await withClient(url, (client) => client.query(ddl));
  }
  return {
    name,
    url,
    query: <T>(sql: string, params?: unknown[]) =>
      withClient(url, async (client) => (await client.query(sql, params)).rows as T[]),
    drop: () => dropDatabase(name),
  };
}

export async function dropDatabase(name: string): Promise<void> {
  await withClient(TEST_PG_ADMIN_URL, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Runs SQL as the server's admin (e.g. to block or allow connections to a test database). */
export async function runAsAdmin(sql: string): Promise<void> {
  await withClient(TEST_PG_ADMIN_URL, (client) => client.query(sql));
}

/** Test databases left behind by runs that died more than an hour ago. */
export async function dropStaleTestDatabases(): Promise<void> {
  const rows = await withClient(TEST_PG_ADMIN_URL, async (client) =>
    (await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'dmw\\_test\\_%'`)).rows,
  );
  const hourAgo = Date.now() - 60 * 60 * 1000;
  for (const { datname } of rows) {
    const created = Number.parseInt(datname.split('_')[2] ?? '', 36);
    if (Number.isFinite(created) && created < hourAgo) await dropDatabase(datname);
  }
}

/**
 * Holds one row locked (as a long transaction of another process would) until
 * released: reads go on, writes to the row wait. `column` names the row's key.
 */
export async function lockRow(db: TestDatabase, table: string, column: string, value: string | number): Promise<{ release(): Promise<void> }> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  await client.query('BEGIN');
  const locked = await client.query(`SELECT 1 FROM ${table} WHERE ${column} = $1 FOR UPDATE`, [value]);
  if (locked.rowCount !== 1) {
    await client.end();
    throw new Error(`${table} has no row ${column} = ${value} to lock`);
  }
  return {
    async release() {
      await client.query('ROLLBACK').catch(() => undefined);
      await client.end();
    },
  };
}
