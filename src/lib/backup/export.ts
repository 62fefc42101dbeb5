import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Pool, PoolClient } from 'pg';
import Cursor from 'pg-cursor';
import type { DataSource } from 'typeorm';
import { BufferedFile, maxUtf8Bytes } from './buffered-file';
import {
  BACKUP_TABLES,
  backupFooter,
  backupHeader,
  insertPrefix,
  valuesSql,
  type LiteralKind,
} from './sql-format';
import { quoteIdentifier } from '../db/sql';
import type { HeldLock } from '../tasks/redis-lock';

export const DEFAULT_BACKUP_FILE_NAME = 'db_backup.sql';
/** Rows fetched per cursor round trip (larger batches measured no faster, only bigger). */
const BATCH_ROWS = 2000;
const LINE_END = ');\n';
/** Only the owner may read a backup: it holds every member's names and ids. */
const BACKUP_FILE_MODE = 0o600;

export interface ExportOptions {
  /** Directory of the backup file; created when missing. */
  readonly dir: string;
  readonly fileName?: string;
  /** Shown in the header as generated_at_utc. */
  readonly now?: Date;
  /** Tables in insert order (parents first); defaults to the bot's ten tables. */
  readonly tables?: readonly string[];
  /**
   * The backup lock this run holds (`withBackupLock`). Once it is lost the run stops
   * and replaces nothing, and it names this run's temp file; with it, temp files of
   * earlier runs (crashed, or stopped after losing the lock) are removed.
   */
  readonly lock?: Pick<HeldLock, 'token' | 'signal' | 'confirm'>;
}

export interface BackupResult {
  /** Absolute path of the finished backup. */
  readonly path: string;
  readonly bytes: number;
  /** INSERT statements written. */
  readonly rows: number;
}

interface ColumnPlan {
  readonly name: string;
  readonly kind: LiteralKind;
  readonly serial: boolean;
}

/**
 * Writes an SQL backup of the bot's tables (sql-format.ts's format, every
 * column listed explicitly, sequences moved past the restored ids) holding at most
 * two batches of rows in memory: each table is read through a server-side cursor
 * inside one read-only REPEATABLE READ transaction (a consistent snapshot of all
 * tables), PostgreSQL writing each row's VALUES text, which goes through one reused
 * buffer to `.<name>.<run>.tmp` next to the target (created readable by the owner
 * only), then fsynced and renamed over the target. On any failure, or when the lock
 * is lost, the temp file is removed and the previous backup stays as it was.
 *
 * Not serialised by itself: callers hold `withBackupLock` and pass its lock. Each run
 * writes a temp file of its own, so even a run that has not yet noticed its lost lock
 * never writes into the file of the run that took the lock over.
 */
export async function exportBackup(source: DataSource | Pool, options: ExportOptions): Promise<BackupResult> {
  const dir = resolve(options.dir);
  const fileName = options.fileName ?? DEFAULT_BACKUP_FILE_NAME;
  const target = join(dir, fileName);
  const temp = join(dir, `.${fileName}.${options.lock?.token ?? randomUUID()}.tmp`);
  const tables = options.tables ?? BACKUP_TABLES;
  const signal = options.lock?.signal;
  await mkdir(dir, { recursive: true });
  if (options.lock) await removeEarlierTempFiles(dir, fileName);

  const connection = await borrowConnection(source);
  let file: FileHandle | null = null;
  try {
    await connection.client.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`);
    // Timestamps print as ISO in UTC whatever the server's defaults are.
    await connection.client.query(`SET LOCAL TIME ZONE 'UTC'`);
    await connection.client.query(`SET LOCAL DateStyle = 'ISO, YMD'`);
    // The literal-building SQL quotes with plain '…' strings.
    await connection.client.query(`SET LOCAL standard_conforming_strings = on`);
    // node-postgres decodes what it receives as UTF-8.
    await connection.client.query(`SET LOCAL client_encoding = 'UTF8'`);
    // Exclusive create with the final mode: never anyone else's file, never readable by others.
    file = await open(temp, 'wx', BACKUP_FILE_MODE);
    const out = new BufferedFile(file);
    await out.write(backupHeader(options.now ?? new Date(), tables));
    let rows = 0;
    const sequences: Array<{ table: string; column: string }> = [];
    for (const table of tables) {
      signal?.throwIfAborted();
      const columns = await planColumns(connection.client, table);
      const written = await writeTableInserts(connection.client, table, columns, out, signal);
      if (written > 0) await out.write('\n');
      rows += written;
      for (const column of columns) if (column.serial) sequences.push({ table, column: column.name });
    }
    await out.write(backupFooter(sequences));
    await out.flush();
    await connection.client.query('COMMIT');

    await file.sync();
    await file.close();
    file = null;
    // The rename cannot be undone: only while the lock is still this run's.
    await options.lock?.confirm();
    await rename(temp, target);
    await syncDirectory(dir);
    return { path: target, bytes: out.bytes, rows };
  } catch (error) {
    await connection.client.query('ROLLBACK').catch(() => undefined);
    await file?.close().catch(() => undefined);
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  } finally {
    connection.release();
  }
}

interface BorrowedConnection {
  readonly client: PoolClient;
  release(): void;
}

/** A dedicated connection for the snapshot transaction and its cursors. */
async function borrowConnection(source: DataSource | Pool): Promise<BorrowedConnection> {
  if ('createQueryRunner' in source) {
    const runner = source.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    return { client, release: () => void runner.release() };
  }
  const client = await source.connect();
  return { client, release: () => client.release() };
}

const COLUMNS_SQL = `
  SELECT a.attname AS name,
         t.typname AS type_name,
         t.typcategory AS category,
         pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) IS NOT NULL AS serial
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_type t ON t.oid = a.atttypid
   WHERE c.oid = to_regclass($1)
     AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
   ORDER BY a.attnum`;

const PRIMARY_KEY_SQL = `
  SELECT a.attname AS name
    FROM pg_index i
    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey::int2[])
   WHERE i.indrelid = to_regclass($1) AND i.indisprimary
   ORDER BY array_position(i.indkey::int2[], a.attnum)`;

async function planColumns(client: PoolClient, table: string): Promise<ColumnPlan[]> {
  const { rows } = await client.query<{ name: string; type_name: string; category: string; serial: boolean }>(COLUMNS_SQL, [
    quoteIdentifier(table),
  ]);
  if (rows.length === 0) throw new Error(`Backup: table "${table}" does not exist or has no columns`);
  return rows.map((column) => ({ name: column.name, kind: literalKind(column.type_name, column.category), serial: column.serial }));
}

function literalKind(typeName: string, category: string): LiteralKind {
  if (typeName === 'timestamptz') return 'timestamptz';
  if (typeName === 'timestamp') return 'timestamp';
  if (category === 'B') return 'boolean';
  if (typeName === 'int2' || typeName === 'int4' || typeName === 'int8') return 'integer';
  if (category === 'N') return 'number';
  return 'text';
}

async function writeTableInserts(
  client: PoolClient,
  table: string,
  columns: readonly ColumnPlan[],
  out: BufferedFile,
  signal: AbortSignal | undefined,
): Promise<number> {
  const quotedTable = quoteIdentifier(table);
  const { rows: keyRows } = await client.query<{ name: string }>(PRIMARY_KEY_SQL, [quotedTable]);
  // Stable order (the primary key) keeps successive backups comparable with diff.
  // Qualified: a bare name in ORDER BY would mean an output column of that name first.
  const orderBy = keyRows.length > 0 ? ` ORDER BY ${keyRows.map((key) => `${quotedTable}.${quoteIdentifier(key.name)}`).join(', ')}` : '';
  // PostgreSQL writes every literal (exact for bigints beyond 2^53, numerics and
  // timestamps alike): one finished text per row is far cheaper to receive than
  // each value, and its formatting runs on the server's core beside this process.
  const sql = `SELECT ${valuesSql(columns)} FROM ${quotedTable}${orderBy}`;
  const prefix = insertPrefix(table, columns.map((column) => column.name));
  const prefixBytes = Buffer.byteLength(prefix);
  const cursor = client.query(new Cursor<[string]>(sql, [], { rowMode: 'array' }));
  let written = 0;
  try {
    // The next batch is requested before this one is written, so PostgreSQL and
    // this process work at the same time; still two batches at most.
    const readAhead = (): Promise<Array<[string]>> => {
      const read = cursor.read(BATCH_ROWS);
      read.catch(() => undefined); // awaited below; not "unhandled" if a write fails first
      return read;
    };
    let nextBatch = readAhead();
    for (;;) {
      const batch = await nextBatch;
      signal?.throwIfAborted();
      if (batch.length === 0) break;
      nextBatch = readAhead();
      for (const [values] of batch) {
        const lineBytes = prefixBytes + maxUtf8Bytes(values) + LINE_END.length;
        if (!out.fits(lineBytes)) await out.flush();
        if (out.fits(lineBytes)) {
          out.append(prefix);
          out.append(values);
          out.append(LINE_END);
        } else {
          await out.write(`${prefix}${values}${LINE_END}`);
        }
      }
      written += batch.length;
    }
  } finally {
    await cursor.close();
  }
  return written;
}

/**
 * Temp files of earlier runs: left by a crash, or by a run that lost the lock (it
 * stops at its next batch; its writes then go to an unlinked file and harm nothing).
 * Only called under the lock, so no run that still holds it owns one of them.
 */
async function removeEarlierTempFiles(dir: string, fileName: string): Promise<void> {
  const prefix = `.${fileName}.`;
  for (const name of await readdir(dir)) {
    if (name.startsWith(prefix) && name.endsWith('.tmp')) await rm(join(dir, name), { force: true }).catch(() => undefined);
  }
}

/** Makes the rename itself durable (the directory entry), not only the file's bytes. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
