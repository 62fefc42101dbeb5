/** What /purge and /purgebot tell the admin; shared so both commands word things alike. */
import type { ChatInputCommandInteraction, GuildTextBasedChannel } from 'discord.js';
import { t } from '../i18n';
import type { DeletionResult } from './purge';

/** The channel the command was used in, when it is a server channel with messages. */
export function purgeChannelOf(interaction: ChatInputCommandInteraction): GuildTextBasedChannel | null {
  const channel = interaction.channel;
  if (!interaction.inCachedGuild() || channel === null || channel.isDMBased() || !channel.isTextBased()) return null;
  return channel;
}

export function describeDeletion(locale: string, result: DeletionResult): string {
  const lines = [t(locale, 'purge.done', { count: result.deleted })];
  if (result.deletedSingly > 0) lines.push(t(locale, 'purge.olderDeletedSingly', { count: result.deletedSingly }));
  if (result.failed > 0) lines.push(t(locale, 'purge.failed', { count: result.failed }));
  return lines.join('\n');
}
