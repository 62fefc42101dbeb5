import type { DataSource } from 'typeorm';
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
export async function removeGuildData(dataSource: DataSource, guildId: string): Promise<RemovedGuildData> {
  return dataSource.transaction(async (manager) => {
    const count = async (deleted: Promise<{ affected?: number | null }>) => (await deleted).affected ?? 0;
    const raids = await count(manager.delete(Raid, { guildId }));
    const userLevels = await count(manager.delete(UserLevel, { guildId }));
    // Templates before settings: they reference the settings row.
    const templates = await count(manager.delete(RaidTemplate, { guildId }));
    const settings = await count(manager.delete(GuildSettings, { guildId }));
    const debugMirrorCache = await count(manager.delete(DebugMirrorCacheEntry, { guildId }));
    return { raids, userLevels, templates, settings, debugMirrorCache };
  });
}
