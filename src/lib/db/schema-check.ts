/**
 * `npm run schema:check`: what the start-up schema guard would change on a database,
 * found without changing anything — for a look at production before the switch from
 * the old bot, the way its maintainers did ("SCHEMA_CHANGES [] / VALIDATION OK").
 *
 * Runs the guard's own planner (`planSchema`) in one REPEATABLE READ, READ ONLY
 * transaction on a connection whose every transaction is read-only
 * (`default_transaction_read_only`), so the server refuses any write. It takes no
 * advisory lock and only the ACCESS SHARE locks any SELECT takes (the highest id of
 * each table with a sequence), and gives up instead of queueing behind a DDL lock
 * for more than LOCK_TIMEOUT_MS. A role with SELECT rights is enough; what the role
 * cannot read is listed, and the verdict then says the check is incomplete.
 */
import { createDataSource } from './data-source';
import { changesOf, planSchema } from './schema-plan';

/** How long the check waits for a table another session holds exclusively (a running DDL). */
export const LOCK_TIMEOUT_MS = 3_000;

export interface SchemaCheckReport {
  /** The role the check ran as (`current_user`). */
  readonly role: string;
  /** The schema inspected (the first visible one on the search path), null when none is. */
  readonly schema: string | null;
  /** What the guard would change, in its own words and order. */
  readonly changes: readonly string[];
  /** What the check could not see, one sentence each; non-empty means incomplete. */
  readonly notVisible: readonly string[];
}

/** Connects read-only, plans, rolls back. Connection and query errors are thrown. */
export async function checkSchema(databaseUrl: string): Promise<SchemaCheckReport> {
  const dataSource = createDataSource(databaseUrl, { poolSize: 1, applicationName: 'dmw-raid-bot:schema-check', readOnly: true });
  await dataSource.initialize();
  try {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        await runner.query(`SET LOCAL lock_timeout = ${LOCK_TIMEOUT_MS}`);
        const [who]: { role: string; schema: string | null; search_path: string }[] = await runner.query(
          `SELECT current_user AS role, current_schema() AS schema, current_setting('search_path') AS search_path`,
        );
        const role = who!.role;
        if (who!.schema === null) {
          const reason = `no schema of the search path (${who!.search_path}) is visible to role ${role}: it needs USAGE on the bot's schema (usually public)`;
          return { role, schema: null, changes: [], notVisible: [reason] };
        }
        const plan = await planSchema(dataSource, runner);
        const notVisible = plan.unreadable.map(
          (sequence) => `whether sequence ${sequence.sequence} lags behind the ids of ${sequence.table}: ${sequence.reason} for role ${role}`,
        );
        return { role, schema: who!.schema, changes: changesOf(plan), notVisible };
      } finally {
        // A failed ROLLBACK (connection gone) must not hide the error that matters.
        await runner.query('ROLLBACK').catch(() => undefined);
      }
    } finally {
      await runner.release();
    }
  } finally {
    await dataSource.destroy();
  }
}

/** Exit codes of `npm run schema:check`. */
export const SCHEMA_CHECK_EXIT = {
  /** VALIDATION OK: the guard would change nothing. */
  ok: 0,
  /** The guard would change something (listed). */
  changesPending: 1,
  /** Nothing to change among what the role could see, but it could not see everything. */
  incomplete: 2,
  /** The check could not run (no URL, no connection, an error while reading). */
  failed: 3,
} as const;

/** The report as printed, and the exit code; the verdict line comes last. */
export function formatSchemaCheck(report: SchemaCheckReport, database: string): { lines: string[]; exitCode: number } {
  const lines = [`Schema check of ${database} as role ${report.role}${report.schema === null ? '' : `, schema ${report.schema}`} (read-only transaction, nothing written)`];
  if (report.changes.length === 0) {
    lines.push('SCHEMA_CHANGES []');
  } else {
    lines.push(`SCHEMA_CHANGES (${report.changes.length}): the bot's start-up schema guard would`);
    for (const change of report.changes) lines.push(`  ${change}`);
  }
  if (report.notVisible.length > 0) {
    lines.push(`NOT VISIBLE (${report.notVisible.length}): the check could not see`);
    for (const what of report.notVisible) lines.push(`  ${what}`);
  }
  const incomplete = report.notVisible.length > 0 ? '; incomplete: run it as a role that can read what is listed as not visible' : '';
  if (report.changes.length > 0) {
    lines.push(
      `VALIDATION CHANGES PENDING: ${report.changes.length} change(s) above, made by the bot at its next start ` +
        `(additive only: nothing existing is dropped, renamed or retyped)${incomplete}`,
    );
    return { lines, exitCode: SCHEMA_CHECK_EXIT.changesPending };
  }
  if (report.notVisible.length > 0) {
    lines.push(`VALIDATION INCOMPLETE: nothing to change in what the check could see${incomplete}`);
    return { lines, exitCode: SCHEMA_CHECK_EXIT.incomplete };
  }
  lines.push('VALIDATION OK');
  return { lines, exitCode: SCHEMA_CHECK_EXIT.ok };
}
