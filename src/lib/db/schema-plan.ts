import { Table, TableColumn, TableForeignKey, type DataSource, type EntityMetadata, type QueryRunner } from 'typeorm';
import { ENTITIES, RAIDS_GUILD_STATUS_CREATED_INDEX } from './entities';
import { advanceSequences, describeSequenceRepair, scanSequences, type UnreadableSequence } from './sequences';
import { quoteIdentifier } from './sql';

/**
 * The schema guard's one planner: reads the catalog (and the id sequences) and says
 * what the guard has to do, step by step, in the guard's own words. It only reads, so
 * it runs as well in a READ ONLY transaction of a SELECT-only role (`npm run
 * schema:check`) as inside the guard's own transaction, which then applies the steps
 * (`ensureSchema`). Nothing is decided anywhere else, so the check cannot promise
 * what the guard would not do.
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

export interface SchemaStep {
  /**
   * What the step changes, in the guard's words: `create_table:<t>`, `add_column:<t>.<c>`,
   * `create_index:<name>`, `create_function:<name>`, `create_trigger:<name>`,
   * `advance_sequence:<name> (…)`. Null for the foreign keys of created tables, which
   * complete their `create_table` step (created once every table exists).
   */
  readonly change: string | null;
  readonly apply: (runner: QueryRunner) => Promise<void>;
}

export interface SchemaPlan {
  /** In the order the guard applies them. Empty when the schema is complete. */
  readonly steps: readonly SchemaStep[];
  /** Sequences the planner could not read (no SELECT right): whether they lag is unknown. */
  readonly unreadable: readonly UnreadableSequence[];
}

/** The plan's changes, as the guard reports them. */
export function changesOf(plan: SchemaPlan): string[] {
  return plan.steps.flatMap((step) => (step.change === null ? [] : [step.change]));
}

/** Table name -> the column names it has. */
export type PresentSchema = ReadonlyMap<string, ReadonlySet<string>>;

export function entityMetadatas(dataSource: DataSource): EntityMetadata[] {
  return ENTITIES.map((entity) => dataSource.getMetadata(entity));
}

/**
 * Reads what is there and plans what is missing: tables (with their keys, indexes and
 * `updated_at` trigger), columns, the critical and upsert unique indexes, and id
 * sequences behind their table's highest id. Issues SELECTs only.
 */
export async function planSchema(dataSource: DataSource, runner: QueryRunner): Promise<SchemaPlan> {
  const metadatas = entityMetadatas(dataSource);
  const present = await readPresentSchema(runner);
  const steps: SchemaStep[] = [];
  const run = (sql: string) => async (target: QueryRunner) => void (await target.query(sql));

  const created = metadatas.filter((metadata) => !present.has(metadata.tableName));
  let functionPresent = await updatedAtFunctionExists(runner);
  const tables = new Map(created.map((metadata) => [metadata, Table.create(metadata, dataSource.driver)]));
  for (const [metadata, table] of tables) {
    steps.push({
      change: `create_table:${metadata.tableName}`,
      apply: async (target) => {
        // Foreign keys come after every table exists; indexes, uniques and checks now.
        await target.createTable(table, false, false, true);
        for (const index of RAW_INDEXES[metadata.tableName] ?? []) await target.query(index.sql);
      },
    });
    const trigger = UPDATED_AT_TRIGGERS[metadata.tableName];
    if (trigger === undefined) continue;
    if (!functionPresent) {
      steps.push({ change: 'create_function:set_updated_at', apply: run(SET_UPDATED_AT_FUNCTION_SQL) });
      functionPresent = true;
    }
    const sql = `CREATE TRIGGER ${quoteIdentifier(trigger)} BEFORE UPDATE ON ${quoteIdentifier(metadata.tableName)} FOR EACH ROW EXECUTE FUNCTION set_updated_at()`;
    steps.push({ change: `create_trigger:${trigger}`, apply: run(sql) });
  }

  for (const metadata of metadatas.filter((m) => present.has(m.tableName))) {
    const presentColumns = present.get(metadata.tableName)!;
    for (const column of metadata.columns.filter((c) => !presentColumns.has(c.databaseName))) {
      steps.push({ change: `add_column:${metadata.tableName}.${column.databaseName}`, apply: run(addColumnSql(dataSource, metadata, column.databaseName)) });
    }
  }

  for (const [metadata, table] of tables) {
    const foreignKeys = metadata.foreignKeys.map((fk) => TableForeignKey.create(fk, dataSource.driver));
    if (foreignKeys.length > 0) steps.push({ change: null, apply: (target) => target.createForeignKeys(table, foreignKeys) });
  }

  for (const indexName of [...CRITICAL_UNIQUE_INDEXES, ...UPSERT_UNIQUE_KEYS]) {
    const { metadata, sql } = uniqueIndexOf(metadatas, indexName);
    // A table created above gets the index with it (its entity declares it).
    if (tables.has(metadata) || (await relationExists(runner, indexName))) continue;
    steps.push({ change: `create_index:${indexName}`, apply: run(sql) });
  }

  // Ids the old bot wrote itself leave sequences behind; the next insert would collide.
  // Tables created or columns added above start with fresh sequences and are never behind.
  const { lagging, unreadable } = await scanSequences(runner, metadatas.map((m) => m.tableName));
  for (const sequence of lagging) steps.push({ change: describeSequenceRepair(sequence), apply: (target) => advanceSequences(target, [sequence]) });
  return { steps, unreadable };
}

/** Tables of the current schema with their columns. */
export async function readPresentSchema(runner: QueryRunner): Promise<Map<string, Set<string>>> {
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

async function updatedAtFunctionExists(runner: QueryRunner): Promise<boolean> {
  const rows: { exists: boolean }[] = await runner.query(
    `SELECT EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                     WHERE n.nspname = current_schema() AND p.proname = 'set_updated_at' AND p.pronargs = 0) AS "exists"`,
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

/** The entity declaring a critical index or upsert key, and the statement that builds it. */
function uniqueIndexOf(metadatas: readonly EntityMetadata[], indexName: string): { metadata: EntityMetadata; sql: string } {
  for (const metadata of metadatas) {
    const index =
      metadata.indices.find((candidate) => candidate.name === indexName) ??
      metadata.uniques.find((candidate) => candidate.name === indexName);
    if (!index) continue;
    const columns = index.columns.map((column) => quoteIdentifier(column.databaseName)).join(', ');
    return { metadata, sql: `CREATE UNIQUE INDEX IF NOT EXISTS ${quoteIdentifier(indexName)} ON ${quoteIdentifier(metadata.tableName)} (${columns})` };
  }
  throw new Error(`Critical index ${indexName} is not declared on any entity`);
}
