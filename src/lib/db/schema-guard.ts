import { Table, TableColumn, TableForeignKey, type DataSource, type EntityMetadata, type QueryRunner } from 'typeorm';
import { ENTITIES, RAIDS_GUILD_STATUS_CREATED_INDEX } from './entities';
import { advanceSequences, describeSequenceRepair, scanSequences } from './sequences';
import { quoteIdentifier } from './sql';

/**
 * Start-up schema guard: completes the database schema, never changes what exists.
 *
 * Creates missing tables (from the entity metadata, with their keys, checks and
 * indexes), adds missing columns (nullable unless the entity has a default), makes
 * sure the four unique indexes the application relies on exist, then validates that
 * every table and column the entities need is there. It never drops, renames or
 * retypes anything, never changes nullability or defaults of existing columns and
 * ignores tables and columns it does not know. TypeORM's `synchronize()` is never
 * used: on a type mismatch it would drop and re-add the column, losing data.
 */

/** Unique indexes that correctness depends on (vote toggles, attendance, display ids). */
export const CRITICAL_UNIQUE_INDEXES = [
  'ix_raids_guild_display_id_unique',
  'ix_raid_attendance_unique_user',
  'uq_raid_votes_unique',
  'uq_raid_options_raid_kind_label',
] as const;

/**
 * Unique keys the bot's upserts name as their ON CONFLICT target. Production has them
 * as constraints; a database the old bot built itself lacks them, and every slot or
 * template upsert would then fail — so they are ensured like the critical indexes
 * (as unique indexes under the constraint's name, which a present constraint satisfies).
 */
export const UPSERT_UNIQUE_KEYS = [
  'raid_posted_slots_raid_id_day_label_time_label_key',
  'uq_raid_templates_guild_dungeon_name',
] as const;

/** Serialises concurrent guards (the instance lock uses 92837465; this key must differ). */
const SCHEMA_GUARD_LOCK_KEY = 92837466;

/** Same body text as production, so an empty database ends with an identical function. */
const SET_UPDATED_AT_FUNCTION_SQL = `CREATE FUNCTION set_updated_at() RETURNS trigger
    LANGUAGE plpgsql AS $fn$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$fn$`;

/** Tables whose `updated_at` production bumps with a BEFORE UPDATE trigger. */
const UPDATED_AT_TRIGGERS: Readonly<Record<string, string>> = {
  guild_settings: 'trg_guild_settings_updated_at',
  raid_posted_slots: 'trg_raid_posted_slots_updated_at',
};

/** Indexes TypeORM cannot express (declared `synchronize: false`), created with their table. */
const RAW_INDEXES: Readonly<Record<string, readonly { name: string; sql: string }[]>> = {
  raids: [RAIDS_GUILD_STATUS_CREATED_INDEX],
};

export interface RequiredTable {
  readonly name: string;
  readonly columns: readonly string[];
}

/** Table name -> the column names it has. */
export type PresentSchema = ReadonlyMap<string, ReadonlySet<string>>;

/** The tables and columns the entities need, in schema.sql order. */
export function requiredSchemaOf(dataSource: DataSource): RequiredTable[] {
  return entityMetadatas(dataSource).map((metadata) => ({
    name: metadata.tableName,
    columns: metadata.columns.map((column) => column.databaseName),
  }));
}

/**
 * Throws when a required table or column is missing; tables are reported first, as
 * `Missing required DB tables: a, b` or `Missing required DB columns: t(c, d); u(e)`.
 */
export function assertSchemaComplete(required: readonly RequiredTable[], present: PresentSchema): void {
  const missingTables = required.filter((table) => !present.has(table.name)).map((table) => table.name);
  if (missingTables.length > 0) {
    throw new Error(`Missing required DB tables: ${missingTables.join(', ')}`);
  }
  const missingColumns = required
    .map((table) => ({ table: table.name, columns: table.columns.filter((column) => !present.get(table.name)?.has(column)) }))
    .filter((entry) => entry.columns.length > 0)
    .map((entry) => `${entry.table}(${entry.columns.join(', ')})`);
  if (missingColumns.length > 0) {
    throw new Error(`Missing required DB columns: ${missingColumns.join('; ')}`);
  }
}

/**
 * Completes the schema in one transaction and returns the changes made
 * (`create_table:<t>`, `add_column:<t>.<c>`, `create_index:<name>`,
 * `create_function:<name>`, `create_trigger:<name>`), each also passed to `log`.
 * On a complete database it issues no DDL and returns [].
 */
export async function ensureSchema(dataSource: DataSource, log: (line: string) => void): Promise<string[]> {
  const changes: string[] = [];
  const record = (change: string): void => {
    changes.push(change);
    log(`Schema guard: ${change}`);
  };
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    try {
      await runner.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_GUARD_LOCK_KEY]);
      const metadatas = entityMetadatas(dataSource);
      const before = await readPresentSchema(runner);

      const createdTables: { metadata: EntityMetadata; table: Table }[] = [];
      for (const metadata of metadatas.filter((m) => !before.has(m.tableName))) {
        const table = Table.create(metadata, dataSource.driver);
        // Foreign keys come after every table exists; indexes, uniques and checks now.
        await runner.createTable(table, false, false, true);
        for (const index of RAW_INDEXES[metadata.tableName] ?? []) await runner.query(index.sql);
        createdTables.push({ metadata, table });
        record(`create_table:${metadata.tableName}`);
        const trigger = UPDATED_AT_TRIGGERS[metadata.tableName];
        if (trigger) await ensureUpdatedAtTrigger(runner, metadata.tableName, trigger, record);
      }

      for (const metadata of metadatas.filter((m) => before.has(m.tableName))) {
        const presentColumns = before.get(metadata.tableName)!;
        for (const column of metadata.columns.filter((c) => !presentColumns.has(c.databaseName))) {
          await runner.query(addColumnSql(dataSource, metadata, column.databaseName));
          record(`add_column:${metadata.tableName}.${column.databaseName}`);
        }
      }

      for (const { metadata, table } of createdTables) {
        const foreignKeys = metadata.foreignKeys.map((fk) => TableForeignKey.create(fk, dataSource.driver));
        if (foreignKeys.length > 0) await runner.createForeignKeys(table, foreignKeys);
      }

      for (const indexName of CRITICAL_UNIQUE_INDEXES) {
        if (await relationExists(runner, indexName)) continue;
        await runner.query(criticalIndexSql(metadatas, indexName));
        record(`create_index:${indexName}`);
      }
      for (const keyName of UPSERT_UNIQUE_KEYS) {
        if (await relationExists(runner, keyName)) continue;
        await runner.query(criticalIndexSql(metadatas, keyName));
        record(`create_index:${keyName}`);
      }

      assertSchemaComplete(requiredSchemaOf(dataSource), await readPresentSchema(runner));

      // Ids the old bot wrote itself leave sequences behind; the next insert would collide.
      const { lagging } = await scanSequences(runner, metadatas.map((m) => m.tableName));
      await advanceSequences(runner, lagging);
      for (const sequence of lagging) record(describeSequenceRepair(sequence));
      await runner.commitTransaction();
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    }
  } finally {
    await runner.release();
  }
  return changes;
}

function entityMetadatas(dataSource: DataSource): EntityMetadata[] {
  return ENTITIES.map((entity) => dataSource.getMetadata(entity));
}

/** Tables of the current schema with their columns. */
async function readPresentSchema(runner: QueryRunner): Promise<Map<string, Set<string>>> {
  const rows: { table_name: string; column_name: string | null }[] = await runner.query(
    `SELECT c.relname AS table_name, a.attname AS column_name
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
       LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE c.relkind IN ('r', 'p')`,
  );
  const present = new Map<string, Set<string>>();
  for (const row of rows) {
    const columns = present.get(row.table_name) ?? new Set<string>();
    if (row.column_name !== null) columns.add(row.column_name);
    present.set(row.table_name, columns);
  }
  return present;
}

async function relationExists(runner: QueryRunner, name: string): Promise<boolean> {
  const rows: { exists: boolean }[] = await runner.query(
    `SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = current_schema() AND c.relname = $1) AS "exists"`,
    [name],
  );
  return rows[0]?.exists === true;
}

/**
 * `ADD COLUMN IF NOT EXISTS` with the entity's type; the default is attached when the
 * entity has one, and NOT NULL only then, so rows that already exist stay valid.
 */
function addColumnSql(dataSource: DataSource, metadata: EntityMetadata, columnName: string): string {
  const driver = dataSource.driver;
  const column = metadata.findColumnWithDatabaseName(columnName)!;
  const table = quoteIdentifier(metadata.tableName);
  const name = quoteIdentifier(columnName);
  if (column.isGenerated && column.generationStrategy === 'increment') {
    // SERIAL/BIGSERIAL: a sequence default fills existing rows, so NOT NULL is safe.
    const serial = column.type === 'bigint' ? 'bigserial' : 'serial';
    return `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${name} ${serial} NOT NULL`;
  }
  const type = driver.createFullType(new TableColumn({ name: columnName, type: driver.normalizeType(column), length: driver.getColumnLength(column) }));
  const defaultValue = driver.normalizeDefault(column);
  const defaultClause = defaultValue === undefined ? '' : ` DEFAULT ${defaultValue} NOT NULL`;
  return `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${name} ${type}${defaultClause}`;
}

function criticalIndexSql(metadatas: readonly EntityMetadata[], indexName: string): string {
  for (const metadata of metadatas) {
    const index =
      metadata.indices.find((candidate) => candidate.name === indexName) ??
      metadata.uniques.find((candidate) => candidate.name === indexName);
    if (!index) continue;
    const columns = index.columns.map((column) => quoteIdentifier(column.databaseName)).join(', ');
    return `CREATE UNIQUE INDEX IF NOT EXISTS ${quoteIdentifier(indexName)} ON ${quoteIdentifier(metadata.tableName)} (${columns})`;
  }
  throw new Error(`Critical index ${indexName} is not declared on any entity`);
}

/** The production trigger that bumps `updated_at`, plus its function when that is missing. */
async function ensureUpdatedAtTrigger(runner: QueryRunner, tableName: string, triggerName: string, record: (change: string) => void): Promise<void> {
  const functionRows: { exists: boolean }[] = await runner.query(
    `SELECT EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                     WHERE n.nspname = current_schema() AND p.proname = 'set_updated_at' AND p.pronargs = 0) AS "exists"`,
  );
  if (functionRows[0]?.exists !== true) {
    await runner.query(SET_UPDATED_AT_FUNCTION_SQL);
    record('create_function:set_updated_at');
  }
  await runner.query(
    `CREATE TRIGGER ${quoteIdentifier(triggerName)} BEFORE UPDATE ON ${quoteIdentifier(tableName)} FOR EACH ROW EXECUTE FUNCTION set_updated_at()`,
  );
  record(`create_trigger:${triggerName}`);
}
