import { DataSource, type EntityManager } from 'typeorm';

/**
 * The durable record that a reminder (or "starting now" post) was sent, so no process,
 * restart or emptied Redis ever posts it twice. The job queue cannot promise that: a
 * re-plan after Redis lost its jobs creates a job for a post that already went out. The
 * schema is frozen, so the record is a `debug_mirror_cache` row of its own kind; this
 * repository is the only code that knows.
 *
 * | column       | value                                                                  |
 * |--------------|------------------------------------------------------------------------|
 * | cache_key    | `reminder:<raid id>:<reminder|start>:<slot hash>` (≤ 55 characters)    |
 * | kind         | `reminder_sent`                                                        |
 * | guild_id     | the raid's server                                                      |
 * | raid_id      | the raid                                                               |
 * | message_id   | 0 while claimed, the posted message once sent                          |
 * | payload_hash | the token of the attempt that holds the claim                          |
 * | updated_at   | when it was claimed (the lease runs from here) or sent                 |
 *
 * A post goes: `claim` (one INSERT … ON CONFLICT on the primary key: exactly one
 * attempt wins, across processes), post, `markSent`. A claim whose attempt failed is
 * `release`d, and one whose process died expires after the lease; either way a retry
 * may take it over and post again, with the same Discord nonce, so Discord returns the
 * first message should the failed attempt have reached it after all. Rows of raids no
 * longer open are removed (`removeEndedRaids`); raid ids are never reused.
 */

export const REMINDER_CLAIM_KIND = 'reminder_sent';

export type ClaimOutcome =
  /** This attempt holds the claim: post now, then `markSent` or `release`. */
  | 'claimed'
  /** Sent already: nothing to do. */
  | 'sent'
  /** Another attempt holds a live claim (posting right now, or died less than the lease ago). */
  | 'busy';

export interface ClaimTarget {
  readonly claimKey: string;
  readonly guildId: string;
  readonly raidId: number;
}

export class ReminderClaimsRepository {
  private readonly manager: EntityManager;

  public constructor(source: DataSource | EntityManager) {
    this.manager = source instanceof DataSource ? source.manager : source;
  }

  /**
   * Claims the post for the attempt `token` in one statement: a new row, or a claim
   * never sent whose lease (`leaseSeconds`) ran out. Concurrent claims of one key are
   * serialised by the primary key, so exactly one of them wins.
   */
  public async claim(target: ClaimTarget, token: string, leaseSeconds: number): Promise<ClaimOutcome> {
    const won = (await this.manager.query(
      `INSERT INTO debug_mirror_cache (cache_key, kind, guild_id, raid_id, message_id, payload_hash, updated_at)
       VALUES ($1, $2, $3, $4, 0, $5, now())
       ON CONFLICT (cache_key) DO UPDATE SET payload_hash = EXCLUDED.payload_hash, updated_at = now()
        WHERE debug_mirror_cache.kind = $2 AND debug_mirror_cache.message_id = 0
          AND debug_mirror_cache.updated_at < now() - make_interval(secs => $6)
       RETURNING 1`,
      [target.claimKey, REMINDER_CLAIM_KIND, target.guildId, target.raidId, token, leaseSeconds],
    )) as unknown[];
    if (won.length > 0) return 'claimed';
    const rows = (await this.manager.query(`SELECT message_id::text AS message_id FROM debug_mirror_cache WHERE cache_key = $1`, [target.claimKey])) as {
      message_id: string;
    }[];
    // Gone between the two statements (the raid ended): nothing is owed any more.
    if (rows.length === 0) return 'sent';
    return rows[0]!.message_id === '0' ? 'busy' : 'sent';
  }

  /** Records the posted message; the post is never made again. */
  public async markSent(claimKey: string, messageId: string): Promise<void> {
    await this.manager.query(`UPDATE debug_mirror_cache SET message_id = $2, updated_at = now() WHERE cache_key = $1 AND kind = $3 AND message_id = 0`, [
      claimKey,
      messageId,
      REMINDER_CLAIM_KIND,
    ]);
  }

  /** The attempt `token` failed: its claim expires at once, so a retry can take it over. */
  public async release(claimKey: string, token: string): Promise<void> {
    await this.manager.query(
      `UPDATE debug_mirror_cache SET updated_at = 'epoch' WHERE cache_key = $1 AND kind = $3 AND message_id = 0 AND payload_hash = $2`,
      [claimKey, token, REMINDER_CLAIM_KIND],
    );
  }

  /** Claim keys of the raid's posts that went out. */
  public async sentOfRaid(raidId: number): Promise<Set<string>> {
    const rows = (await this.manager.query(`SELECT cache_key FROM debug_mirror_cache WHERE kind = $1 AND raid_id = $2 AND message_id <> 0`, [
      REMINDER_CLAIM_KIND,
      raidId,
    ])) as { cache_key: string }[];
    return new Set(rows.map((row) => row.cache_key));
  }

  /** Removes the rows of raids that are no longer open (all, or one raid's); returns how many. */
  public async removeEndedRaids(raidId?: number): Promise<number> {
    const [{ removed }] = (await this.manager.query(
      `WITH removed AS (
         DELETE FROM debug_mirror_cache cache
          WHERE cache.kind = $1 AND ($2::bigint IS NULL OR cache.raid_id = $2::bigint)
            AND NOT EXISTS (SELECT 1 FROM raids WHERE raids.id = cache.raid_id AND raids.status = 'open')
          RETURNING 1)
       SELECT count(*)::int AS removed FROM removed`,
      [REMINDER_CLAIM_KIND, raidId ?? null],
    )) as [{ removed: number }];
    return removed;
  }
}
