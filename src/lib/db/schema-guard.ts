import type { DataSource } from 'typeorm';
import { entityMetadatas, planSchema, readPresentSchema, type PresentSchema } from './schema-plan';

/**
 * Start-up schema guard: completes the database schema, never changes what exists.
 *
 * Creates missing tables (from the entity metadata, with their keys, checks and
 * indexes), adds missing columns (nullable unless the entity has a default), makes
 * sure the unique indexes the application relies on exist, advances id sequences that
 * lag behind their table's highest id, then validates that every table and column the
 * entities need is there. What to do is planned by `schema-plan.ts`. It never drops, renames or
 * retypes anything, never changes nullability or defaults of existing columns and
 * ignores tables and columns it does not know. TypeORM's `synchronize()` is never
 * used: on a type mismatch it would drop and re-add the column, losing data.
 */

export { CRITICAL_UNIQUE_INDEXES, UPSERT_UNIQUE_KEYS, type PresentSchema } from './schema-plan';

/** Serialises concurrent guards (the instance lock uses 92837465; this key must differ). */
const SCHEMA_GUARD_LOCK_KEY = 92837466;

export interface RequiredTable {
  readonly name: string;
  readonly columns: readonly string[];
}

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
 * `create_function:<name>`, `create_trigger:<name>`, `advance_sequence:<name> (…)`),
 * each also passed to `log`. What to change is decided by `planSchema` alone (the
 * same planner `npm run schema:check` runs read-only); on a complete database it
 * issues no DDL and returns [].
 */
export async function ensureSchema(dataSource: DataSource, log: (line: string) => void): Promise<string[]> {
  const changes: string[] = [];
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    try {
      await runner.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_GUARD_LOCK_KEY]);
      const plan = await planSchema(dataSource, runner);
      for (const step of plan.steps) {
        await step.apply(runner);
        if (step.change === null) continue;
        changes.push(step.change);
        log(`Schema guard: ${step.change}`);
      }
      for (const sequence of plan.unreadable) log(`Schema guard: could not check sequence ${sequence.sequence} (${sequence.reason})`);
      assertSchemaComplete(requiredSchemaOf(dataSource), await readPresentSchema(runner));
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
