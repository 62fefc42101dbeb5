import { DataSource, type EntityManager } from 'typeorm';
import { DebugMirrorCacheEntry, GuildSettings, Raid, RaidTemplate, UserLevel } from '../entities';
import { GuildPreferencesRepository } from './guild-preferences-repository';

/** Rows deleted per table when the bot left a guild. */
export interface RemovedGuildData {
  readonly raids: number;
  readonly userLevels: number;
  readonly templates: number;
  readonly settings: number;
  /** Preferences the server had changed (time zone, reminders, …). */
  readonly preferences: number;
  /** Debug-mirror rows proper (raid and member lists), preferences not counted. */
  readonly debugMirrorCache: number;
}

/**
 * Forgets a guild the bot left, in one transaction: raids (options, votes and slot rows
 * by cascade), levels, templates, settings, preferences and debug-mirror rows (the
 * preferences live in `debug_mirror_cache` too, see guild-preferences-repository.ts).
 * Attendance history is kept on purpose: it is the record of who took part, and display
 * ids continue after it should the bot return.
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
    // Preferences first, so the count of debug-mirror rows is only the mirror's own.
    const preferences = await new GuildPreferencesRepository(transaction).reset(guildId);
    const debugMirrorCache = await count(transaction.delete(DebugMirrorCacheEntry, { guildId }));
    return { raids, userLevels, templates, settings, preferences, debugMirrorCache };
  });
}
