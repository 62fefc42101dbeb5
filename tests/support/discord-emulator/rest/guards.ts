import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { errors } from '../errors';
import { basePermissions, channelPermissions, has } from '../permissions';
import type { ApplicationRecord, ChannelRecord, EmulatorState, GuildRecord } from '../state';
import type { RequestContext } from './router';

/** The authenticated bot (every `auth: true` route has one). */
export function botOf(context: RequestContext): ApplicationRecord {
  if (!context.application) throw errors.unauthorized();
  return context.application;
}

/** A guild the bot is in: 10004 when it does not exist, 50001 when the bot is not a member. */
export function guildOfBot(state: EmulatorState, guildId: string, botUserId: string): GuildRecord {
  const guild = state.guild(guildId);
  if (!guild.members.has(botUserId)) throw errors.missingAccess();
  return guild;
}

/** Guild-wide permissions (roles, owner, Administrator); 50013 when any is missing. */
export function requireGuildPermissions(guild: GuildRecord, botUserId: string, required: bigint): bigint {
  const permissions = basePermissions(guild, botUserId);
  if (!has(permissions, required)) throw errors.missingPermissions();
  return permissions;
}

/**
 * A channel the bot can see: 10003 when it does not exist, 50001 without View
 * Channel (or not a DM participant), 50013 when `required` bits are missing.
 */
export function channelOfBot(
  state: EmulatorState,
  channelId: string,
  botUserId: string,
  required: bigint = 0n,
): { channel: ChannelRecord; guild: GuildRecord | null; permissions: bigint } {
  const channel = state.channel(channelId);
  if (channel.guildId === null) {
    if (!channel.recipientIds.includes(botUserId)) throw errors.missingAccess();
    const dmPermissions =
      PermissionFlagsBits.ViewChannel |
      PermissionFlagsBits.SendMessages |
      PermissionFlagsBits.ReadMessageHistory |
      PermissionFlagsBits.EmbedLinks |
      PermissionFlagsBits.AttachFiles;
    if (!has(dmPermissions, required)) throw errors.missingPermissions();
    return { channel, guild: null, permissions: dmPermissions };
  }
  const guild = guildOfBot(state, channel.guildId, botUserId);
  const permissions = channelPermissions(guild, channel, botUserId);
  if (!(permissions & PermissionFlagsBits.ViewChannel)) throw errors.missingAccess();
  if (!has(permissions, required)) throw errors.missingPermissions();
  return { channel, guild, permissions };
}

const MESSAGE_CHANNEL_TYPES: readonly ChannelType[] = [
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.GuildVoice,
  ChannelType.GuildStageVoice,
  ChannelType.DM,
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
  ChannelType.AnnouncementThread,
];

export function requireMessageChannel(channel: ChannelRecord): void {
  if (!MESSAGE_CHANNEL_TYPES.includes(channel.type)) throw errors.nonTextChannel();
}
