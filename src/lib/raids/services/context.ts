/**
 * What the raid services need from the rest of the bot: the repositories they use
 * (a structural subset of `createRepositories(ds)`), and small helpers about guilds.
 */
import type { Client, Guild } from 'discord.js';
import type { GuildPreferencesRepository } from '../../db/repositories/guild-preferences-repository';
import type { DungeonRepository } from '../../db/repositories/dungeon-repository';
import type { PostedSlotRepository } from '../../db/repositories/posted-slot-repository';
import type { RaidRepository } from '../../db/repositories/raid-repository';
import type { SettingsRepository } from '../../db/repositories/settings-repository';
import { resolveLocale, type Locale } from '../../i18n';

export interface RaidServiceRepositories {
  readonly raids: RaidRepository;
  readonly postedSlots: PostedSlotRepository;
  readonly settings: SettingsRepository;
  readonly dungeons: DungeonRepository;
  readonly guildPreferences: GuildPreferencesRepository;
}

export function cachedGuild(client: Client, guildId: string): Guild | null {
  return client.guilds.cache.get(guildId) ?? null;
}

/** Public posts (planner, participant lists, raid list) speak the guild's preferred language. */
export function guildLocale(guild: Guild | null): Locale {
  return resolveLocale(guild?.preferredLocale);
}
