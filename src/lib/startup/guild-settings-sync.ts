import type { Client } from 'discord.js';
import type { SettingsRepository } from '../db/repositories/settings-repository';
import type { Logger } from '../logging';

/**
 * Start-up guild settings sync, before restoration (which goes by the settings rows):
 * every connected guild has a settings row carrying its current name. Rows of guilds the bot left stay untouched;
 * leaving is handled by the guildDelete listener. Returns how many rows were written.
 */
export async function syncGuildSettings(client: Client, settings: Pick<SettingsRepository, 'ensureGuild' | 'get'>, logger: Logger): Promise<number> {
  let written = 0;
  for (const guild of client.guilds.cache.values()) {
    const name = guild.available ? guild.name : null;
    try {
      const stored = await settings.get(guild.id);
      if (stored !== null && (name === null || stored.guildName === name.trim())) continue;
      await settings.ensureGuild(guild.id, name);
      written += 1;
    } catch (error) {
      logger.error(`guild settings sync of guild ${guild.id} failed`, error);
    }
  }
  logger.info(`guild settings sync: ${client.guilds.cache.size} connected guild(s), ${written} settings row(s) created or renamed`);
  return written;
}
