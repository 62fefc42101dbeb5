import { DataSource, type EntityManager } from 'typeorm';
import { DebugMirrorCacheEntry } from '../entities';

export type DebugMirrorKind = 'raidlist' | 'memberlist';

/** Where a mirrored debug summary is posted and the hash of what it shows. */
export interface DebugMirrorRecord {
  readonly cacheKey: string;
  readonly kind: DebugMirrorKind;
  readonly guildId: string;
  /** Internal raid id for member lists; null for raid lists. */
  readonly raidId: number | null;
  readonly messageId: string;
  /** Lowercase hex SHA-256 of the mirrored text. */
  readonly payloadHash: string;
}

/** The old bot's keys, so the hashes it stored still spare unchanged mirrors: `raidlist:<guild>:0` and `memberlist:<guild>:<raid id>`. */
export function raidListMirrorKey(guildId: string): string {
  return `raidlist:${guildId}:0`;
}

export function memberListMirrorKey(guildId: string, raidId: number): string {
  return `memberlist:${guildId}:${raidId}`;
}

function toRecord(entity: DebugMirrorCacheEntry): DebugMirrorRecord {
  return {
    cacheKey: entity.cacheKey,
    kind: entity.kind as DebugMirrorKind,
    guildId: entity.guildId,
    raidId: entity.raidId === null ? null : Number(entity.raidId),
    messageId: entity.messageId,
    payloadHash: entity.payloadHash,
  };
}

/**
 * The debug mirror's cache (`debug_mirror_cache`): one row per mirrored summary. The table
 * also holds server preferences (kind `guild_preference`, GuildPreferencesRepository), so
 * whatever deletes here names the mirror's own kind.
 */
export class DebugMirrorRepository {
  private readonly manager: EntityManager;

  public constructor(source: DataSource | EntityManager) {
    this.manager = source instanceof DataSource ? source.manager : source;
  }

  public async get(cacheKey: string): Promise<DebugMirrorRecord | null> {
    const entity = await this.manager.findOne(DebugMirrorCacheEntry, { where: { cacheKey } });
    return entity ? toRecord(entity) : null;
  }

  /** Inserts or replaces the row of `record.cacheKey`. */
  public async save(record: DebugMirrorRecord): Promise<void> {
    await this.manager.query(
      `INSERT INTO debug_mirror_cache (cache_key, kind, guild_id, raid_id, message_id, payload_hash, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT (cache_key) DO UPDATE SET kind = EXCLUDED.kind, guild_id = EXCLUDED.guild_id, raid_id = EXCLUDED.raid_id,
         message_id = EXCLUDED.message_id, payload_hash = EXCLUDED.payload_hash, updated_at = now()`,
      [record.cacheKey, record.kind, record.guildId, record.raidId, record.messageId, record.payloadHash],
    );
  }

  /**
   * Removes the member-list rows of raids that are no longer open (of one guild, or of
   * all guilds); returns how many. Raid ids are never reused, so such a row is dead.
   */
  public async removeEndedRaids(guildId?: string): Promise<number> {
    // A CTE, because TypeORM returns [rows, count] rather than rows for a bare DELETE.
    const [{ removed }] = (await this.manager.query(
      `WITH removed AS (
         DELETE FROM debug_mirror_cache cache
          WHERE cache.kind = 'memberlist' AND cache.raid_id IS NOT NULL
            AND ($1::bigint IS NULL OR cache.guild_id = $1::bigint)
            AND NOT EXISTS (SELECT 1 FROM raids WHERE raids.id = cache.raid_id AND raids.status = 'open')
          RETURNING 1)
       SELECT count(*)::int AS removed FROM removed`,
      [guildId ?? null],
    )) as [{ removed: number }];
    return removed;
  }
}
