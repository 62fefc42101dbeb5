/**
 * Votes' toggles in one round trip to PostgreSQL rather than one per query: a raid's
 * votes run one at a time (the raid lock), and every round trip inside that section is
 * time every other voter of the raid waits. Votes that queued up for the lock meanwhile
 * are toggled together (group commit, votes.ts): one round trip and one transaction for
 * all of them.
 *
 * The statements are sent together (a simple query, so one implicit transaction): the
 * first locks the open raid's row (`FOR UPDATE`, so toggles of a raid serialise in the
 * database as well); then one statement per toggle, in order — each with a snapshot
 * taken after the previous statement, so it sees every toggle committed before and every
 * earlier toggle of the batch — deletes the member's chosen labels they had, inserts the
 * others, and returns what it removed and added; the last one also returns the raid's
 * votes as its snapshot saw them (before its own changes, which are applied here). A
 * simple query takes no parameters: every value is a number checked here or an escaped
 * literal.
 */
import { escapeLiteral } from 'pg';
import type { EntityManager } from 'typeorm';
import type { OptionKind, RaidState, RaidVote } from '../../raids/types';

/** One vote on a select as submitted: option ids, or labels on the old bot's planners. */
export interface SubmittedToggle {
  readonly userId: string;
  readonly kind: OptionKind;
  readonly values: readonly string[];
}

/** Toggles of one round trip: what each changed, and the raid after the last. */
export interface BatchToggleResult {
  readonly changes: readonly ToggleChange[];
  readonly state: RaidState;
}

/** One member's toggle on one select: labels already resolved against the raid's options. */
export interface MemberToggle {
  readonly userId: string;
  readonly kind: OptionKind;
  readonly labels: readonly string[];
}

function toggleSql(raidId: number, toggles: readonly MemberToggle[]): string {
  if (!Number.isSafeInteger(raidId) || toggles.length === 0) throw new Error('invalid vote toggle');
  const lock = `SELECT id FROM raids WHERE id = ${raidId} AND status = 'open' AND display_id IS NOT NULL FOR UPDATE`;
  const statements = toggles.map(({ userId, kind, labels }, index) => {
    if (!/^\d{1,20}$/.test(userId) || (kind !== 'day' && kind !== 'time')) throw new Error('invalid vote toggle');
    return (index === toggles.length - 1 ? TOGGLE_SQL : TOGGLE_SQL.replace(VOTES_COLUMN, NO_VOTES_COLUMN))
      .replaceAll('$1', String(raidId))
      .replaceAll('$2', escapeLiteral(kind))
      .replaceAll('$3', userId)
      .replaceAll('$4', `ARRAY[${labels.map(escapeLiteral).join(', ')}]::text[]`);
  });
  return [lock, ...statements].join(';\n');
}

/** The raid's votes, returned by the last toggle of a batch only. */
const VOTES_COLUMN = `(SELECT coalesce(json_agg(json_build_object('kind', v.kind, 'label', v.option_label, 'userId', v.user_id::text) ORDER BY v.id), '[]'::json)
     FROM raid_votes v WHERE v.raid_id = raid.id) AS votes`;
const NO_VOTES_COLUMN = 'NULL::json AS votes';

const TOGGLE_SQL = `
WITH raid AS (
  SELECT id FROM raids WHERE id = $1 AND status = 'open' AND display_id IS NOT NULL
), removed AS (
  DELETE FROM raid_votes v USING raid
   WHERE v.raid_id = raid.id AND v.kind = $2 AND v.user_id = $3 AND v.option_label = ANY($4)
  RETURNING v.option_label
), added AS (
  INSERT INTO raid_votes (raid_id, kind, option_label, user_id)
  SELECT raid.id, $2, label, $3 FROM raid, unnest($4) AS label
   WHERE label NOT IN (SELECT option_label FROM removed)
  ON CONFLICT (raid_id, kind, option_label, user_id) DO NOTHING
  RETURNING option_label
)
SELECT
  (SELECT coalesce(json_agg(option_label), '[]'::json) FROM removed) AS removed,
  (SELECT coalesce(json_agg(option_label), '[]'::json) FROM added) AS added,
  ${VOTES_COLUMN}
FROM raid`;

/** What one toggle changed for its member. */
export interface ToggleChange {
  readonly added: string[];
  readonly removed: string[];
}

export interface ToggledVotes {
  /** Per toggle, in the order given. */
  readonly changes: ToggleChange[];
  /** The raid's votes after the last toggle, oldest first. */
  readonly votes: RaidVote[];
}

/**
 * Toggles, in order, in one transaction. Null when the raid is not open — or has no
 * display id yet (the caller numbers it in a transaction of its own first).
 */
export async function toggleInOneRoundTrip(manager: EntityManager, raidId: number, toggles: readonly MemberToggle[]): Promise<ToggledVotes | null> {
  // The driver's own client: TypeORM's query() reads only one result.
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  const client = (await runner.connect()) as { query(sql: string): Promise<Array<{ rows: unknown[] }>> };
  let results;
  try {
    results = await client.query(toggleSql(raidId, toggles));
  } finally {
    if (manager.queryRunner === undefined) await runner.release();
  }
  const rows = results.slice(1).map((result) => result.rows[0] as { removed: string[]; added: string[]; votes: RaidVote[] | null } | undefined);
  const last = rows.at(-1);
  if (last === undefined || last.votes === null) return null;
  const { userId, kind } = toggles.at(-1)!;
  const removed = new Set(last.removed);
  const votes = last.votes.filter((vote) => !(vote.userId === userId && vote.kind === kind && removed.has(vote.label)));
  for (const label of last.added) votes.push({ kind, label, userId });
  return { changes: rows.map((row) => ({ added: row!.added, removed: row!.removed })), votes };
}
