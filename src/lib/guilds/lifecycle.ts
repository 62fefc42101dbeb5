/**
 * A guild's life with the bot: joining creates its settings row and restores what it
 * had configured, a settings change moves its tracked messages along, and leaving
 * removes its data.
 */
import { container } from '@sapphire/framework';
import type { Guild } from 'discord.js';
import { removeGuildData } from '../db/repositories/guild-data';
import { createLogger } from '../logging';
import { restoreOnRunningBot, whenStartupRestored } from '../startup';

const logger = createLogger('dmw.restore');

/**
 * The bot joined a guild: its settings row is created (or renamed), and whatever the
 * guild had configured before is restored. A guild seen for the first time has no
 * channels configured, so nothing is posted there uninvited.
 */
export async function onGuildJoined(guild: Guild): Promise<void> {
  await container.repos.settings.ensureGuild(guild.id, guild.name);
  logger.info(`joined guild ${guild.id} (${guild.name}); settings row ensured`);
  await whenStartupRestored();
  await restoreOnRunningBot({ sweepLeftovers: true }, [guild.id]);
}

/**
 * After /settings was saved: the guild's tracked messages are brought in line with the
 * new channels — participant lists follow the participants channel, a planner whose
 * channel is gone or closed to the bot moves to the planner channel. The raid list is
 * left to the caller, which publishes it itself to tell the member about a problem.
 * Never throws.
 */
export async function repairGuildMessages(guildId: string): Promise<void> {
  try {
    await restoreOnRunningBot({ includeRaidLists: false }, [guildId]);
  } catch (error) {
    logger.error(`repairing the messages of guild ${guildId} after a settings change failed`, error);
  }
}

/**
 * The bot left (or was removed from) a guild: its raids, levels, templates, settings
 * and debug-mirror rows go in one transaction. Attendance stays, since members'
 * participation counts are made of it.
 */
export async function onGuildLeft(guildId: string): Promise<void> {
  const removed = await removeGuildData(container.db, guildId);
  logger.info(
    `left guild ${guildId}: removed ${removed.raids} raid(s), ${removed.userLevels} level row(s), ${removed.templates} template(s), ` +
      `${removed.settings} settings row(s), ${removed.preferences} preference(s), ${removed.debugMirrorCache} debug mirror row(s); attendance kept`,
  );
}
