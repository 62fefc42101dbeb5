/** What /purge and /purgebot tell the admin; shared so both commands word things alike. */
import type { ChatInputCommandInteraction, GuildTextBasedChannel, PermissionsString } from 'discord.js';
import { t, type TranslationKey } from '../i18n';
import type { DeletionResult } from './purge';

/** The channel the command was used in, when it is a server channel with messages. */
export function purgeChannelOf(interaction: ChatInputCommandInteraction): GuildTextBasedChannel | null {
  const channel = interaction.channel;
  if (!interaction.inCachedGuild() || channel === null || channel.isDMBased() || !channel.isTextBased()) return null;
  return channel;
}

const PERMISSION_TEXT_KEYS: Partial<Record<PermissionsString, TranslationKey & `permissions.${string}`>> = {
  ViewChannel: 'permissions.ViewChannel',
  ReadMessageHistory: 'permissions.ReadMessageHistory',
  ManageMessages: 'permissions.ManageMessages',
};

/** "Read Message History, Manage Messages" in the member's language. */
export function permissionNames(locale: string, permissions: readonly PermissionsString[]): string {
  return permissions
    .map((name) => {
      const key = PERMISSION_TEXT_KEYS[name];
      return key === undefined ? name : t(locale, key);
    })
    .join(', ');
}

export function describeDeletion(locale: string, result: DeletionResult): string {
  const lines = [t(locale, 'purge.done', { count: result.deleted })];
  if (result.deletedSingly > 0) lines.push(t(locale, 'purge.olderDeletedSingly', { count: result.deletedSingly }));
  if (result.failed > 0) lines.push(t(locale, 'purge.failed', { count: result.failed }));
  return lines.join('\n');
}
