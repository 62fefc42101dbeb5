/**
 * What /purge and /purgebot share around the deletion itself (purge.ts): the channel
 * they clean, the bot's member, the refusals when the bot may not delete, and how a
 * result is told, so both commands check and word things alike.
 */
import type { ChatInputCommandInteraction, Guild, GuildMember, GuildTextBasedChannel } from 'discord.js';
import { refusal } from '../discord/error-replies';
import { isForbidden } from '../discord/errors';
import { permissionNames } from '../discord/permission-texts';
import { t } from '../i18n';
import { PURGE_PERMISSION_NAMES, missingPurgePermissions, type DeletionResult } from './purge';

/** The channel the command was used in, when it is a server channel with messages. */
export function purgeChannelOf(interaction: ChatInputCommandInteraction): GuildTextBasedChannel | null {
  const channel = interaction.channel;
  if (!interaction.inCachedGuild() || channel === null || channel.isDMBased() || !channel.isTextBased()) return null;
  return channel;
}

/** The bot's own member of the server, from the cache or else fetched; refused when Discord has none. */
export async function botMemberOf(guild: Guild, locale: string): Promise<GuildMember> {
  const me = guild.members.me ?? (await guild.members.fetchMe().catch(() => null));
  if (me === null) throw refusal(locale, 'purgebot.botMemberMissing');
  return me;
}

function missingPermissionsRefusal(locale: string, permissions: readonly string[]) {
  return refusal(locale, 'purge.missingPermissions', { permissions: permissionNames(permissions, locale) });
}

/** Refuses, naming what is missing, unless the bot may find and delete messages in the channel. */
export function assertMayPurge(channel: GuildTextBasedChannel, me: GuildMember, locale: string): void {
  const missing = missingPurgePermissions(channel, me);
  if (missing.length > 0) throw missingPermissionsRefusal(locale, missing);
}

/**
 * Runs a deletion the cache allowed. When Discord refuses it all the same (overwrites
 * changed meanwhile), the member is told which permissions deleting needs.
 */
export async function purgeAsAllowed<T>(locale: string, deletion: () => Promise<T>): Promise<T> {
  try {
    return await deletion();
  } catch (error) {
    if (!isForbidden(error)) throw error;
    throw missingPermissionsRefusal(locale, PURGE_PERMISSION_NAMES);
  }
}

export function describeDeletion(locale: string, result: DeletionResult): string {
  const lines = [t(locale, 'purge.done', { count: result.deleted })];
  if (result.deletedSingly > 0) lines.push(t(locale, 'purge.olderDeletedSingly', { count: result.deletedSingly }));
  if (result.failed > 0) lines.push(t(locale, 'purge.failed', { count: result.failed }));
  return lines.join('\n');
}
