import { DataSource, type EntityManager } from 'typeorm';
import { levelForXp } from './formula';

export interface XpGrant {
  readonly guildId: string;
  readonly userId: string;
  readonly amount: number;
  /** Last seen display name; null keeps the stored one. */
  readonly username: string | null;
}

export interface XpResult {
  readonly xp: number;
  readonly oldLevel: number;
  readonly newLevel: number;
}

/**
 * Adds XP in one transaction: the upsert increments in the database (never
 * read-modify-write in the process, so concurrent grants all count) and locks the
 * row, then the level is recomputed from the new total.
 */
export async function grantXp(source: DataSource | EntityManager, grant: XpGrant): Promise<XpResult> {
  const run = async (manager: EntityManager): Promise<XpResult> => {
    const [row] = (await manager.query(
      `INSERT INTO user_levels (guild_id, user_id, xp, level, username, updated_at)
       VALUES ($1, $2, $3, 0, $4, now())
       ON CONFLICT (guild_id, user_id) DO UPDATE
         SET xp = user_levels.xp + EXCLUDED.xp,
             username = COALESCE(EXCLUDED.username, user_levels.username),
             updated_at = now()
       RETURNING xp, level`,
      [grant.guildId, grant.userId, grant.amount, grant.username],
    )) as [{ xp: number; level: number }];
    const newLevel = levelForXp(row.xp);
    if (newLevel !== row.level) {
      await manager.query(`UPDATE user_levels SET level = $3 WHERE guild_id = $1 AND user_id = $2`, [grant.guildId, grant.userId, newLevel]);
    }
    return { xp: row.xp, oldLevel: row.level, newLevel };
  };
  if (source instanceof DataSource) return source.transaction(run);
  return source.queryRunner?.isTransactionActive ? run(source) : source.transaction(run);
}

/** Member display name, else global name, else username: the first that is not blank. */
export function displayNameOf(...candidates: ReadonlyArray<string | null | undefined>): string | null {
  for (const candidate of candidates) if (candidate && candidate.trim() !== '') return candidate.trim();
  return null;
}
