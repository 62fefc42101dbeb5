import type { QueryRunner } from 'typeorm';
import { quoteIdentifier } from './sql';

/**
 * Id sequences that lag behind their table's stored ids.
 *
 * The old bot wrote its own ids explicitly (its save path and its backups do) and
 * never moved the sequences, so on its database `nextval` hands out ids that already
 * exist: every insert then fails on the primary key until the sequence has been
 * consumed past the highest row. Only sequences owned by a column of the given tables
 * are considered, and a sequence is only ever moved forward.
 */
export interface LaggingSequence {
  readonly sequence: string;
  readonly table: string;
  readonly column: string;
  /** The id `nextval` would hand out now. */
  readonly nextValue: string;
  /** The highest id stored in the column. */
  readonly highestId: string;
}

/** A sequence the check could not read (no SELECT right on it or on its table). */
export interface UnreadableSequence {
  readonly sequence: string;
  readonly table: string;
  readonly reason: string;
}

export interface SequenceScan {
  readonly lagging: LaggingSequence[];
  readonly unreadable: UnreadableSequence[];
}

interface OwnedSequence {
  sequence: string;
  table: string;
  column: string;
}

/**
 * Finds the owned sequences of `tables` whose next value is not above the highest
 * stored id. Reads only; safe in a read-only transaction and for a SELECT-only role.
 */
export async function scanSequences(runner: QueryRunner, tables: readonly string[]): Promise<SequenceScan> {
  const owned: OwnedSequence[] = await runner.query(
    `SELECT s.relname AS sequence, t.relname AS "table", a.attname AS "column"
       FROM pg_class s
       JOIN pg_namespace n ON n.oid = s.relnamespace AND n.nspname = current_schema()
       JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid
                       AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
       JOIN pg_class t ON t.oid = d.refobjid
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
      WHERE s.relkind = 'S' AND t.relname = ANY($1)
      ORDER BY t.relname, a.attname`,
    [tables],
  );
  const lagging: LaggingSequence[] = [];
  const unreadable: UnreadableSequence[] = [];
  for (const entry of owned) {
    const readable: { sequence: boolean; table: boolean }[] = await runner.query(
      `SELECT has_sequence_privilege($1, 'SELECT') AS sequence, has_table_privilege($2, 'SELECT') AS "table"`,
      [quoteIdentifier(entry.sequence), quoteIdentifier(entry.table)],
    );
    if (!readable[0]?.sequence || !readable[0]?.table) {
      const what = readable[0]?.sequence ? `table ${entry.table}` : `sequence ${entry.sequence}`;
      unreadable.push({ sequence: entry.sequence, table: entry.table, reason: `no SELECT right on ${what}` });
      continue;
    }
    // Text, so a BIGSERIAL beyond 2^53 compares exactly (in SQL) and prints exactly.
    const [state]: { next_value: string; highest_id: string | null; behind: boolean | null }[] = await runner.query(
      `SELECT next_value::text AS next_value, highest_id::text AS highest_id, highest_id >= next_value AS behind
         FROM (SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END AS next_value FROM ${quoteIdentifier(entry.sequence)}) s,
              (SELECT max(${quoteIdentifier(entry.column)})::bigint AS highest_id FROM ${quoteIdentifier(entry.table)}) t`,
    );
    if (state?.behind === true && state.highest_id !== null) {
      lagging.push({ ...entry, nextValue: state.next_value, highestId: state.highest_id });
    }
  }
  return { lagging, unreadable };
}

/** `advance_sequence:<name> (next id <old> → <new>)`, the guard's wording for one repair. */
export function describeSequenceRepair(sequence: LaggingSequence): string {
  return `advance_sequence:${sequence.sequence} (next id ${sequence.nextValue} -> ${BigInt(sequence.highestId) + 1n}, highest ${sequence.table}.${sequence.column} is ${sequence.highestId})`;
}

/**
 * Moves each lagging sequence so that its next value is the highest id + 1. Run inside
 * the caller's transaction (the schema guard's), after `scanSequences` in the same one;
 * `GREATEST` keeps it from ever moving a sequence backwards, even if it advanced since.
 */
export async function advanceSequences(runner: QueryRunner, lagging: readonly LaggingSequence[]): Promise<void> {
  for (const entry of lagging) {
    await runner.query(
      `SELECT setval($1::regclass, GREATEST($2::bigint, (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM ${quoteIdentifier(entry.sequence)})), true)`,
      [quoteIdentifier(entry.sequence), entry.highestId],
    );
  }
}
