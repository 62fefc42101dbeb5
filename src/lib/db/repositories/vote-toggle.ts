/**
 * A vote's toggle in one round trip to PostgreSQL rather than one per query: a raid's
 * votes run one at a time (the raid lock), and every round trip inside that section is
 * time every other voter of the raid waits.
 *
 * Two statements sent together (a simple query, so one implicit transaction): the first
 * locks the open raid's row (`FOR UPDATE`, so toggles of a raid serialise in the
 * database as well); the second — with a snapshot taken after the lock, so it sees every
 * toggle committed before — deletes the member's chosen labels they had, inserts the
 * others, and returns what it removed and added with the raid's votes as its snapshot saw
 * them (before its own changes, which are applied here). A simple query takes no
 * parameters: every value is a number checked here or an escaped literal.
 */
import { escapeLiteral } from 'pg';
import type { EntityManager } from 'typeorm';
import type { OptionKind, RaidVote } from '../../raids/types';

function toggleSql(raidId: number, kind: OptionKind, userId: string, labels: readonly string[]): string {
  if (!Number.isSafeInteger(raidId) || !/^\d{1,20}$/.test(userId) || (kind !== 'day' && kind !== 'time')) throw new Error('invalid vote toggle');
  const lock = `SELECT id FROM raids WHERE id = ${raidId} AND status = 'open' AND display_id IS NOT NULL FOR UPDATE`;
  const toggle = TOGGLE_SQL.replaceAll('$1', String(raidId))
    .replaceAll('$2', escapeLiteral(kind))
    .replaceAll('$3', userId)
    .replaceAll('$4', `ARRAY[${labels.map(escapeLiteral).join(', ')}]::text[]`);
  return `${lock};\n${toggle}`;
}

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
  (SELECT coalesce(json_agg(json_build_object('kind', v.kind, 'label', v.option_label, 'userId', v.user_id::text) ORDER BY v.id), '[]'::json)
     FROM raid_votes v WHERE v.raid_id = raid.id) AS votes
FROM raid`;

export interface ToggledVotes {
  readonly added: string[];
  readonly removed: string[];
  /** The raid's votes after the toggle, oldest first. */
  readonly votes: RaidVote[];
}

/**
 * Toggles `labels` (already resolved against the raid's options) for the member. Null
 * when the raid is not open — or has no display id yet (the caller numbers it in a
 * transaction of its own first).
 */
export async function toggleInOneRoundTrip(manager: EntityManager, raidId: number, userId: string, kind: OptionKind, labels: readonly string[]): Promise<ToggledVotes | null> {
  // The driver's own client: TypeORM's query() reads only one result.
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  const client = (await runner.connect()) as { query(sql: string): Promise<Array<{ rows: unknown[] }>> };
  let results;
  try {
    results = await client.query(toggleSql(raidId, kind, userId, labels));
  } finally {
    if (manager.queryRunner === undefined) await runner.release();
  }
  const [row] = results[1]!.rows as Array<{ removed: string[]; added: string[]; votes: RaidVote[] }>;
  if (row === undefined) return null;
  const removed = new Set(row.removed);
  const votes = row.votes.filter((vote) => !(vote.userId === userId && vote.kind === kind && removed.has(vote.label)));
  for (const label of row.added) votes.push({ kind, label, userId });
  return { added: row.added, removed: row.removed, votes };
}
