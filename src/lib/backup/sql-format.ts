import { quoteIdentifier } from '../db/sql';

/**
 * The text of the SQL backup, in the old bot's format so the way operators restore it
 * keeps working: the lines around the rows, and the SQL with which PostgreSQL writes
 * each row's literals.
 */

/** Insert order: parents before children. Deletes run in the reverse order. */
export const BACKUP_TABLES = [
  'guild_settings',
  'dungeons',
  'raids',
  'raid_options',
  'raid_votes',
  'raid_posted_slots',
  'raid_templates',
  'raid_attendance',
  'user_levels',
  'debug_mirror_cache',
] as const;

export type BackupTable = (typeof BACKUP_TABLES)[number];

/**
 * How a column's value is written:
 * - `boolean`: TRUE / FALSE
 * - `integer`: bare (int2/int4/int8 print as plain digits, of any size)
 * - `number`: bare (numerics, floats; NaN/Infinity quoted)
 * - `timestamptz`: quoted ISO-8601 with its offset (+00:00: the export runs in UTC)
 * - `timestamp`: quoted ISO-8601 with `+00:00` (naive columns hold UTC)
 * - `text`: quoted, `'` doubled (also for every other type: PostgreSQL parses the
 *   quoted text output of any type back into the same value)
 * and NULL as NULL.
 */
export type LiteralKind = 'boolean' | 'integer' | 'number' | 'timestamptz' | 'timestamp' | 'text';

export function quoteString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}


/** Numbers PostgreSQL reads back bare; other numeric output (NaN, Infinity) is quoted. */
const PLAIN_NUMBER = String.raw`^-?\d+(\.\d+)?([eE][+-]?\d+)?$`;

/** SQL quoting a text value as `quoteString` does (standard_conforming_strings: backslashes stay plain). */
function quotedSql(textSql: string): string {
  return `'''' || replace(${textSql}, '''', '''''') || ''''`;
}

/**
 * SQL yielding the literal of `column` (a quoted identifier), so PostgreSQL
 * builds the text and the client receives it finished. Assumes the session's
 * TimeZone UTC and DateStyle ISO, as the export sets them. Each expression is NULL
 * for a NULL value, which COALESCE writes as `NULL`.
 */
export function literalSql(kind: LiteralKind, column: string): string {
  switch (kind) {
    case 'boolean':
      return `CASE WHEN ${column} THEN 'TRUE' WHEN NOT ${column} THEN 'FALSE' ELSE 'NULL' END`;
    case 'integer':
      return `COALESCE(${column}::text, 'NULL')`;
    case 'number':
      return `COALESCE(CASE WHEN ${column}::text ~ ${quoteString(PLAIN_NUMBER)} THEN ${column}::text ELSE ${quotedSql(`${column}::text`)} END, 'NULL')`;
    // Finite AD values print as `YYYY-MM-DD hh:mm:ss[.ffffff]` (and `+00` for
    // timestamptz in UTC): a T and a full offset make them ISO-8601. infinity and BC
    // values have no such form and stay as printed, which PostgreSQL reads back.
    case 'timestamp':
      return `COALESCE(CASE WHEN ${column} >= '0001-01-01' AND ${column} < 'infinity' THEN '''' || replace(${column}::text, ' ', 'T') || '+00:00''' ELSE '''' || ${column}::text || '''' END, 'NULL')`;
    case 'timestamptz':
      return `COALESCE(CASE WHEN ${column} >= '0001-01-01' AND ${column} < 'infinity' THEN '''' || replace(${column}::text, ' ', 'T') || ':00''' ELSE '''' || ${column}::text || '''' END, 'NULL')`;
    case 'text':
      return `COALESCE(${quotedSql(`${column}::text`)}, 'NULL')`;
  }
}

/**
 * SQL for the `v1, v2, …` of a row's INSERT as one text value. A chain of `||` is
 * the cheapest way PostgreSQL has to join them (faster than concat() or format()).
 */
export function valuesSql(columns: ReadonlyArray<{ readonly name: string; readonly kind: LiteralKind }>): string {
  return columns.map((column) => literalSql(column.kind, quoteIdentifier(column.name))).join(` || ', ' || `);
}

/** `INSERT INTO "t" ("a", "b") VALUES (`: the same for every row of a table, so built once. */
export function insertPrefix(table: string, columns: readonly string[]): string {
  return `INSERT INTO ${quoteIdentifier(table)} (${columns.map(quoteIdentifier).join(', ')}) VALUES (`;
}

export function insertStatement(table: string, columns: readonly string[], literals: readonly string[]): string {
  return `${insertPrefix(table, columns)}${literals.join(', ')});`;
}

/** Python's `datetime.now(timezone.utc).isoformat()` shape, as the old bot wrote it. */
export function isoUtc(time: Date): string {
  return time.toISOString().replace('Z', '+00:00');
}

/**
 * How the restoring session must read this file, whatever its own settings (as
 * pg_dump states them too): the bytes are UTF-8, and a backslash in a '…' literal
 * is a plain character. Without these, `PGCLIENTENCODING=LATIN1` turns "Jürgen" into
 * "JÃ¼rgen", and `standard_conforming_strings=off` lets a backslash end a quoted value
 * early, so a stored name like `\');TRUNCATE raid_attendance;--` runs as SQL.
 */
export const RESTORE_SESSION_SETTINGS = [`SET client_encoding = 'UTF8';`, 'SET standard_conforming_strings = on;'] as const;

export function backupHeader(generatedAt: Date, tables: readonly string[]): string {
  const deletes = [...tables].reverse().map((table) => `DELETE FROM ${quoteIdentifier(table)};`);
  return [
    '-- DMW Rewrite SQL Backup',
    `-- generated_at_utc: ${isoUtc(generatedAt)}`,
    ...RESTORE_SESSION_SETTINGS,
    'BEGIN;',
    '',
    ...deletes,
    '',
    '',
  ].join('\n');
}

/**
 * Moves a serial column's sequence past the restored ids. Evaluated at restore
 * time, so it holds whatever the restored rows are and whatever the sequence is called.
 */
export function setvalStatement(table: string, column: string): string {
  const qualifiedTable = quoteString(quoteIdentifier(table));
  return (
    `SELECT setval(pg_get_serial_sequence(${qualifiedTable}, ${quoteString(column)}), ` +
    `COALESCE((SELECT MAX(${quoteIdentifier(column)}) FROM ${quoteIdentifier(table)}), 0) + 1, false);`
  );
}

export function backupFooter(sequences: ReadonlyArray<{ table: string; column: string }>): string {
  const lines = sequences.map(({ table, column }) => setvalStatement(table, column));
  return [...lines, ...(lines.length > 0 ? [''] : []), 'COMMIT;', ''].join('\n');
}
