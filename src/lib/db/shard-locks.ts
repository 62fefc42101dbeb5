/**
 * Ownership of shards (issue 15): one PostgreSQL session advisory lock per shard, on
 * the same dedicated connection as the singleton lock (advisory-lock.ts), so a process
 * that dies — or loses its connection — releases its shards at once and its
 * replacement takes them over.
 *
 * Keys (two-int advisory keys never collide with the one-bigint key 92837465):
 * - `pg_try_advisory_lock_shared(92837465)`: every sharded process shares the database
 *   key, so an unsharded instance (or the old Python bot, which takes it exclusively)
 *   and shard processes exclude each other;
 * - `pg_try_advisory_lock_shared(92837466, <shard count>)`: the count in use; processes
 *   started with another count are refused (their shards would cover the same servers);
 * - `pg_try_advisory_lock(92837465, <shard id>)`: the shard itself, exclusively.
 * A claim takes all of its shards or none (no two processes wait for each other's
 * half), serialised by the transaction lock 92837467 so two claims never both pass
 * the count check.
 */
import { Client } from 'pg';
import { SHARD_CLAIM_LOCK_KEY, SHARD_COUNT_LOCK_KEY, SHARD_LOCK_KEY, SINGLETON_LOCK_KEY } from './lock-keys';

export interface ShardSet {
  readonly shardIds: readonly number[];
  readonly shardCount: number;
}

export function shardLockApplication(shards: ShardSet): string {
  return `dmw-raid-bot:shards ${shards.shardIds.join(',')}/${shards.shardCount}`;
}

/** Takes the whole set on `client`'s session, or nothing (true when taken). */
export async function tryShardLocks(client: Client, shards: ShardSet): Promise<boolean> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [SHARD_CLAIM_LOCK_KEY]);
    const { rows } = await client.query<{ database: boolean; count: boolean; other_counts: number; shards: boolean }>(
      `SELECT pg_try_advisory_lock_shared($1::bigint) AS database,
              (SELECT count(*)::int FROM pg_locks
                WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND classid = $2 AND objid <> $3
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())) AS other_counts,
              pg_try_advisory_lock_shared($2::int, $3::int) AS count,
              (SELECT bool_and(pg_try_advisory_lock($4::int, id)) FROM unnest($5::int[]) AS id) AS shards`,
      [SINGLETON_LOCK_KEY, SHARD_COUNT_LOCK_KEY, shards.shardCount, SHARD_LOCK_KEY, shards.shardIds],
    );
    const row = rows[0];
    const taken = row !== undefined && row.database && row.count && row.other_counts === 0 && row.shards;
    if (!taken) await client.query('SELECT pg_advisory_unlock_all()');
    await client.query('COMMIT');
    return taken;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    throw error;
  }
}

/** Why a claim of `shards` was refused, one phrase per obstacle, for the operator's log line. */
export async function shardLockConflicts(databaseUrl: string, shards: ShardSet, connectTimeoutMs = 5_000): Promise<string[]> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'dmw-raid-bot:lock-holders', connectionTimeoutMillis: connectTimeoutMs });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rows } = await client.query<{ kind: string; key: number; pid: number; application: string | null; client: string | null }>(
      `SELECT CASE WHEN l.objsubid = 1 THEN 'database' WHEN l.classid = $2 THEN 'count' ELSE 'shard' END AS kind,
              l.objid::int AS key, l.pid, a.application_name AS application, host(a.client_addr) AS client
         FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND ((l.objsubid = 1 AND l.classid = 0 AND l.objid = $1 AND l.mode = 'ExclusiveLock')
            OR (l.objsubid = 2 AND l.classid = $2 AND l.objid <> $3)
            OR (l.objsubid = 2 AND l.classid = $5 AND l.objid = ANY($4::int[])))
        ORDER BY l.pid`,
      [SINGLETON_LOCK_KEY, SHARD_COUNT_LOCK_KEY, shards.shardCount, shards.shardIds, SHARD_LOCK_KEY],
    );
    return rows.map((row) => {
      const who = `session pid ${row.pid}${row.application ? ` '${row.application}'` : ''}${row.client ? ` from ${row.client}` : ''}`;
      if (row.kind === 'database') return `an unsharded instance (or the old bot) holds the whole database: ${who}`;
      if (row.kind === 'count') return `processes run with SHARD_COUNT=${row.key}, not ${shards.shardCount}: ${who}`;
      return `shard ${row.key} of ${shards.shardCount} is owned by ${who}`;
    });
  } finally {
    await client.end().catch(() => undefined);
  }
}
