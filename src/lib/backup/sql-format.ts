/**
 * The text of the SQL backup (upstream format, reference section 7.4): pure
 * functions from column values, already read as text, to SQL literals and lines.
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
 * How a column's text is written back:
 * - `boolean`: TRUE / FALSE
 * - `number`: bare (integers of any size, numerics; NaN/Infinity quoted)
 * - `timestamptz`: quoted ISO-8601 with its offset (+00:00: the export runs in UTC)
 * - `timestamp`: quoted ISO-8601 with `+00:00` (naive columns hold UTC)
 * - `text`: quoted, `'` doubled (also for every other type: PostgreSQL parses the
 *   quoted text output of any type back into the same value)
 */
export type LiteralKind = 'boolean' | 'number' | 'timestamptz' | 'timestamp' | 'text';

export function quoteString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

const PLAIN_NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/** PostgreSQL's ISO output (DateStyle ISO, TimeZone UTC): `2026-02-13 10:00:00.5+00`. */
const PG_ISO_TIMESTAMP = /^(\d{4,}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?)(?:([+-]\d\d)(?::?(\d\d))?)?$/;

/**
 * ISO-8601 with `T` and a `+hh:mm` offset; naive timestamps are UTC. Values without
 * a calendar form (infinity, BC dates) stay as PostgreSQL printed them, which it
 * reads back unchanged.
 */
export function isoTimestamp(text: string, naive: boolean): string {
  const match = PG_ISO_TIMESTAMP.exec(text);
  if (!match) return text;
  const offset = naive || match[3] === undefined ? '+00:00' : `${match[3]}:${match[4] ?? '00'}`;
  return `${match[1]}T${match[2]}${offset}`;
}

/** `text` is the value as PostgreSQL printed it (`::text` under DateStyle ISO, TimeZone UTC); null is SQL NULL. */
export function sqlLiteral(kind: LiteralKind, text: string | null): string {
  if (text === null) return 'NULL';
  switch (kind) {
    case 'boolean':
      return text === 'true' || text === 't' ? 'TRUE' : 'FALSE';
    case 'number':
      return PLAIN_NUMBER.test(text) ? text : quoteString(text);
    case 'timestamp':
      return quoteString(isoTimestamp(text, true));
    case 'timestamptz':
      return quoteString(isoTimestamp(text, false));
    case 'text':
      return quoteString(text);
  }
}

/** `INSERT INTO "t" ("a", "b") VALUES (`: the same for every row of a table, so built once. */
export function insertPrefix(table: string, columns: readonly string[]): string {
  return `INSERT INTO ${quoteIdentifier(table)} (${columns.map(quoteIdentifier).join(', ')}) VALUES (`;
}

export function insertStatement(table: string, columns: readonly string[], literals: readonly string[]): string {
  return `${insertPrefix(table, columns)}${literals.join(', ')});`;
}

/** Python's `datetime.now(timezone.utc).isoformat()` shape, as upstream writes it. */
export function isoUtc(time: Date): string {
  return time.toISOString().replace('Z', '+00:00');
}

export function backupHeader(generatedAt: Date, tables: readonly string[]): string {
  const deletes = [...tables].reverse().map((table) => `DELETE FROM ${quoteIdentifier(table)};`);
  return ['-- DMW Rewrite SQL Backup', `-- generated_at_utc: ${isoUtc(generatedAt)}`, 'BEGIN;', '', ...deletes, '', ''].join('\n');
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
