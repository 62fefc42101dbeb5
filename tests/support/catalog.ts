/**
 * A comparable snapshot of a database's schema, read from the PostgreSQL catalog.
 *
 * TypeORM's own schema diff is blind to column order, primary-key names, CHECK
 * expressions, index column order and DESC; comparing two snapshots is what proves
 * that a schema mirrors another one. Everything is sorted by name and rendered with
 * PostgreSQL's own deparsers (`format_type`, `pg_get_expr`, `pg_get_constraintdef`,
 * `pg_get_indexdef`, `pg_get_functiondef`, `pg_get_triggerdef`), so two databases
 * built differently but equivalently give equal snapshots.
 */

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface CatalogColumn {
  name: string;
  type: string;
  notNull: boolean;
  default: string | null;
}

export interface CatalogSnapshot {
  /** Table name -> its columns in physical order (dropped columns left out). */
  tables: Record<string, CatalogColumn[]>;
  /** `<table>.<constraint>` -> `<kind> <definition>` (p/f/u/c). */
  constraints: Record<string, string>;
  /** Index name -> `pg_get_indexdef`. */
  indexes: Record<string, string>;
  /** Sequence name -> `<data type> owned by <table.column>`. */
  sequences: Record<string, string>;
  /** Function signature -> `pg_get_functiondef`. */
  functions: Record<string, string>;
  /** `<table>.<trigger>` -> `pg_get_triggerdef`. */
  triggers: Record<string, string>;
}

const SCHEMA = 'public';

export async function snapshotCatalog(db: Queryable, schema: string = SCHEMA): Promise<CatalogSnapshot> {
  const columns = await db.query<{ table_name: string; name: string; type: string; not_null: boolean; default: string | null }>(
    `SELECT c.relname AS table_name, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS "default"
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')
      ORDER BY c.relname, a.attnum`,
    [schema],
  );
  const tables: Record<string, CatalogColumn[]> = {};
  const emptyTables = await db.query<{ table_name: string }>(
    `SELECT c.relname AS table_name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
    [schema],
  );
  for (const { table_name } of emptyTables) tables[table_name] = [];
  for (const column of columns) {
    tables[column.table_name]!.push({ name: column.name, type: column.type, notNull: column.not_null, default: column.default });
  }

  const constraints = await db.query<{ key: string; definition: string }>(
    `SELECT c.relname || '.' || con.conname AS key, con.contype::text || ' ' || pg_get_constraintdef(con.oid) AS definition
       FROM pg_constraint con
       JOIN pg_class c ON c.oid = con.conrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1
      ORDER BY 1`,
    [schema],
  );
  const indexes = await db.query<{ key: string; definition: string }>(
    `SELECT i.relname AS key, pg_get_indexdef(i.oid) AS definition
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_namespace n ON n.oid = i.relnamespace
      WHERE n.nspname = $1
      ORDER BY 1`,
    [schema],
  );
  const sequences = await db.query<{ key: string; definition: string }>(
    `SELECT s.relname AS key,
            format_type(q.seqtypid, NULL) || ' owned by ' || coalesce(t.relname || '.' || a.attname, '-') AS definition
       FROM pg_class s
       JOIN pg_namespace n ON n.oid = s.relnamespace
       JOIN pg_sequence q ON q.seqrelid = s.oid
       LEFT JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
       LEFT JOIN pg_class t ON t.oid = d.refobjid
       LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
      WHERE n.nspname = $1 AND s.relkind = 'S'
      ORDER BY 1`,
    [schema],
  );
  const functions = await db.query<{ key: string; definition: string }>(
    `SELECT p.oid::regprocedure::text AS key, pg_get_functiondef(p.oid) AS definition
       FROM pg_proc p
       JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = $1
      ORDER BY 1`,
    [schema],
  );
  const triggers = await db.query<{ key: string; definition: string }>(
    `SELECT c.relname || '.' || t.tgname AS key, pg_get_triggerdef(t.oid) AS definition
       FROM pg_trigger t
       JOIN pg_class c ON c.oid = t.tgrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND NOT t.tgisinternal
      ORDER BY 1`,
    [schema],
  );

  return {
    tables,
    constraints: toRecord(constraints),
    indexes: toRecord(indexes),
    sequences: toRecord(sequences),
    functions: toRecord(functions),
    triggers: toRecord(triggers),
  };
}

function toRecord(rows: readonly { key: string; definition: string }[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const row of rows) record[row.key] = row.definition;
  return record;
}
