import { DataSource, type EntityManager } from 'typeorm';
import { DebugMirrorCacheEntry, GuildSettings, Raid, RaidTemplate, UserLevel } from '../entities';

/** Rows deleted per table when the bot left a guild. */
export interface RemovedGuildData {
  readonly raids: number;
  readonly userLevels: number;
  readonly templates: number;
  readonly settings: number;
  readonly debugMirrorCache: number;
}

/**
 * Forgets a guild the bot left, in one transaction: raids (options, votes and slot rows
 * by cascade), levels, templates, settings and debug-mirror rows. Attendance history is
 * kept on purpose: it is the record of who took part, and display ids continue after it
 * should the bot return.
 */
export async function removeGuildData(source: DataSource | EntityManager, guildId: string): Promise<RemovedGuildData> {
  const manager = source instanceof DataSource ? source.manager : source;
  return manager.transaction(async (transaction) => {
    const count = async (deleted: Promise<{ affected?: number | null }>) => (await deleted).affected ?? 0;
    const raids = await count(transaction.delete(Raid, { guildId }));
    const userLevels = await count(transaction.delete(UserLevel, { guildId }));
    // Templates before settings: they reference the settings row.
    const templates = await count(transaction.delete(RaidTemplate, { guildId }));
    const settings = await count(transaction.delete(GuildSettings, { guildId }));
    const debugMirrorCache = await count(transaction.delete(DebugMirrorCacheEntry, { guildId }));
    return { raids, userLevels, templates, settings, debugMirrorCache };
  });
}
