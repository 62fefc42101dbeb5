/**
 * `/restart` and the log channel's `restart` message: the bot shuts down gracefully
 * with exit code 0 and the supervisor (`npm start`) starts it again.
 */
import { PermissionFlagsBits, type Message } from 'discord.js';
import { container } from '@sapphire/framework';
import type { Config } from '../../config';
import { EXIT_RESTART_REQUESTED } from '../shutdown';
import { t } from '../i18n';
import { createLogger } from '../logging';

const logger = createLogger('dmw.restart');

/**
 * Starts the graceful shutdown with exit code 0: the same steps, order and time limit
 * as a signal, so the supervisor (`npm start`) starts the bot again.
 */
export function requestRestart(requestedBy: string): void {
  logger.info(`Restart requested by ${requestedBy}; shutting down for the supervisor to start the bot again`);
  void container.shutdown.run(`restart requested by ${requestedBy}`, EXIT_RESTART_REQUESTED);
}

/**
 * True when the text is the console command: its first word, after any leading
 * slashes, is `restart` (any case). A text of only slashes is not.
 */
export function isConsoleRestartCommand(content: string): boolean {
  const firstWord = content.trim().replace(/^\/+/, '').split(/\s+/, 1)[0] ?? '';
  return firstWord.toLowerCase() === 'restart';
}

/**
 * The log channel's console: an Administrator's `restart` there announces the restart
 * in the channel and restarts the bot. Returns true when the message was that command
 * (the message listener then stops processing it).
 */
export async function handleConsoleRestart(message: Message, config: Pick<Config, 'logGuildId' | 'logChannelId'>): Promise<boolean> {
  if (config.logChannelId === null || message.channelId !== config.logChannelId) return false;
  if (!message.inGuild() || (config.logGuildId !== null && message.guildId !== config.logGuildId)) return false;
  if (message.author.bot || !isConsoleRestartCommand(message.content)) return false;
  const member = message.member ?? (await message.guild.members.fetch(message.author.id).catch(() => null));
  if (!member?.permissions.has(PermissionFlagsBits.Administrator)) return false;
  try {
    await message.channel.send({ content: t(message.guild.preferredLocale, 'restart.console'), allowedMentions: { parse: [] } });
  } catch (error) {
    logger.warn('Could not announce the restart in the log channel', error);
  }
  requestRestart(`${message.author.tag} (${message.author.id}) in the log channel`);
  return true;
}
