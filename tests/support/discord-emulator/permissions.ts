import { ChannelType, OverwriteType, PermissionFlagsBits, type APIRole } from 'discord-api-types/v10';
import type { ChannelRecord, GuildRecord } from './state';

/**
 * Discord's permission algorithm (developer docs, "Permission Hierarchy" and
 * "Permission Overwrites"): base permissions from @everyone plus the member's
 * roles, owner and Administrator get everything, then channel overwrites in the
 * order @everyone → roles (denies, then allows) → member.
 */

export const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

/** Permission names (as in PermissionFlagsBits) or raw bits, for the driver's convenience. */
export type PermissionInput = bigint | keyof typeof PermissionFlagsBits | ReadonlyArray<keyof typeof PermissionFlagsBits | bigint>;

export function resolvePermissions(input: PermissionInput | undefined): bigint {
  if (input === undefined) return 0n;
  if (typeof input === 'bigint') return input;
  if (typeof input === 'string') return PermissionFlagsBits[input];
  return input.reduce<bigint>((all, item) => all | (typeof item === 'bigint' ? item : PermissionFlagsBits[item]), 0n);
}

export function has(permissions: bigint, required: bigint): boolean {
  return (permissions & required) === required;
}

export function basePermissions(guild: GuildRecord, userId: string): bigint {
  if (guild.ownerId === userId) return ALL_PERMISSIONS;
  const member = guild.members.get(userId);
  if (!member) return 0n;
  let permissions = BigInt(guild.roles.get(guild.id)?.permissions ?? '0');
  for (const roleId of member.roles) {
    const role = guild.roles.get(roleId);
    if (role) permissions |= BigInt(role.permissions);
  }
  if (permissions & PermissionFlagsBits.Administrator) return ALL_PERMISSIONS;
  return permissions;
}

const TEXT_PERMISSIONS_NEEDING_SEND =
  PermissionFlagsBits.MentionEveryone |
  PermissionFlagsBits.SendTTSMessages |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.EmbedLinks;

export function channelPermissions(guild: GuildRecord, channel: ChannelRecord, userId: string): bigint {
  const base = basePermissions(guild, userId);
  if (base === ALL_PERMISSIONS) return ALL_PERMISSIONS;
  const member = guild.members.get(userId);
  if (!member) return 0n;
  let permissions = base;
  const everyone = channel.overwrites.find((o) => o.id === guild.id);
  if (everyone) permissions = (permissions & ~BigInt(everyone.deny)) | BigInt(everyone.allow);
  let allow = 0n;
  let deny = 0n;
  for (const overwrite of channel.overwrites) {
    if (overwrite.type === OverwriteType.Role && overwrite.id !== guild.id && member.roles.includes(overwrite.id)) {
      allow |= BigInt(overwrite.allow);
      deny |= BigInt(overwrite.deny);
    }
  }
  permissions = (permissions & ~deny) | allow;
  const own = channel.overwrites.find((o) => o.type === OverwriteType.Member && o.id === userId);
  if (own) permissions = (permissions & ~BigInt(own.deny)) | BigInt(own.allow);
  // Implicit permissions: nothing without View Channel; no text extras without Send Messages.
  if (!(permissions & PermissionFlagsBits.ViewChannel)) return 0n;
  const isText = channel.type !== ChannelType.GuildVoice && channel.type !== ChannelType.GuildStageVoice && channel.type !== ChannelType.GuildCategory;
  if (isText && !(permissions & PermissionFlagsBits.SendMessages)) permissions &= ~TEXT_PERMISSIONS_NEEDING_SEND;
  return permissions;
}

/** Position of the member's highest role (@everyone is 0); the owner outranks everything. */
export function highestRolePosition(guild: GuildRecord, userId: string): number {
  if (guild.ownerId === userId) return Number.POSITIVE_INFINITY;
  const member = guild.members.get(userId);
  if (!member) return -1;
  return member.roles.reduce((highest, roleId) => Math.max(highest, guild.roles.get(roleId)?.position ?? 0), 0);
}

/** Role hierarchy: a member may only manage roles strictly below its highest role. */
export function canManageRole(guild: GuildRecord, userId: string, role: APIRole): boolean {
  return highestRolePosition(guild, userId) > role.position;
}

export function toPermissionString(permissions: bigint): string {
  return permissions.toString();
}
