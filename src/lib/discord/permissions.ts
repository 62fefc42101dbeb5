/**
 * "Can the bot post and edit in this channel?", answered from the gateway cache
 * before any REST call, so a member learns what to fix instead of seeing a failed post.
 * When the cache cannot tell (bot member or channel not cached), the check passes and
 * the REST layer's ChannelUnavailableError remains the safety net.
 */
import { PermissionFlagsBits, PermissionsBitField, type Guild, type GuildBasedChannel, type PermissionResolvable } from 'discord.js';
import type { Config } from '../../config';
import { isPrivilegedUser } from '../ops/privileged';

export type ChannelProblem =
  | { readonly kind: 'notFound'; readonly channelId: string }
  | { readonly kind: 'notText'; readonly channelId: string }
  | { readonly kind: 'missingPermissions'; readonly channelId: string; readonly missing: readonly string[] };

/** What posting a planner, participant list or raid list needs: see it, write, embed. */
const POSTING_PERMISSIONS: PermissionResolvable[] = [
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.EmbedLinks,
];

/** The same, by flag name (`ViewChannel`, `SendMessages`, `EmbedLinks`). */
export const POSTING_PERMISSION_NAMES: readonly string[] = new PermissionsBitField(POSTING_PERMISSIONS).toArray();

function requiredPermissions(channel: GuildBasedChannel): PermissionsBitField {
  const required = new PermissionsBitField(POSTING_PERMISSIONS);
  if (channel.isThread()) required.remove(PermissionFlagsBits.SendMessages).add(PermissionFlagsBits.SendMessagesInThreads);
  return required;
}

/** Null when the bot can post in the channel (or the cache cannot tell); otherwise what is wrong. */
export function channelProblemForBot(guild: Guild, channelId: string): ChannelProblem | null {
  const channel = guild.channels.cache.get(channelId);
  if (channel === undefined) {
    // Channels of a cached guild are all in the cache; a miss means the channel is gone.
    return guild.available ? { kind: 'notFound', channelId } : null;
  }
  if (!channel.isTextBased()) return { kind: 'notText', channelId };
  const me = guild.members.me;
  if (me === null) return null;
  const granted = channel.permissionsFor(me);
  const missing = granted.missing(requiredPermissions(channel));
  return missing.length === 0 ? null : { kind: 'missingPermissions', channelId, missing };
}

/** True when the bot may create roles and hand them out (Manage Roles). */
export function botCanManageRoles(guild: Guild): boolean | null {
  const me = guild.members.me;
  if (me === null) return null;
  return me.permissions.has(PermissionFlagsBits.ManageRoles);
}

/** True when the bot may create, edit and delete the server's scheduled events (Manage Events). */
export function botCanManageEvents(guild: Guild): boolean | null {
  const me = guild.members.me;
  if (me === null) return null;
  return me.permissions.has(PermissionFlagsBits.ManageEvents);
}

/** A role the bot may assign: below its own highest role and not managed by an integration. */
export function botCanAssignRole(guild: Guild, roleId: string): boolean | null {
  const me = guild.members.me;
  const role = guild.roles.cache.get(roleId);
  if (me === null || role === undefined) return null;
  return !role.managed && me.roles.highest.comparePositionTo(role) > 0;
}

/** The parts of an interaction that say who acts where, with which rights. */
export interface Actor {
  readonly guildId: string | null;
  readonly user: { readonly id: string };
  readonly memberPermissions: Readonly<PermissionsBitField> | null;
}

/**
 * On a server: an administrator of it, or the bot's privileged user (who passes every
 * admin check). Never in a DM, where nobody administers anything.
 */
export function isGuildAdminOrPrivileged(actor: Actor, config: Pick<Config, 'privilegedUserId'>): boolean {
  if (actor.guildId === null) return false;
  return isPrivilegedUser(config, actor.user.id) || (actor.memberPermissions?.has(PermissionFlagsBits.Administrator) ?? false);
}
