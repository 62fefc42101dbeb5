import { ChannelType, OverwriteType, PermissionFlagsBits, type APIChannel, type APIRole } from 'discord-api-types/v10';
import { resolvePermissions, type PermissionInput } from '../permissions';
import { apiChannel } from '../serialize';
import { snowflakeOnShard } from '../sharding';
import type { ApplicationRecord, GuildRecord } from '../state';
import type { World } from '../world';
import { DriverPart } from './part';

export interface GuildSetup {
  name?: string;
  preferredLocale?: string;
  owner?: { username?: string; locale?: string };
  /** @everyone's permissions (default: view, send, history, embeds, files, reactions, slash commands, connect, speak). */
  everyonePermissions?: PermissionInput;
  /** The bot's membership: its managed role's permissions (default Administrator-free sensible set), or `join: false`. */
  bot?: { join?: boolean; permissions?: PermissionInput; roleName?: string; application?: ApplicationRecord };
  /** A guild id that lands on shard `id` of `count` (`(guild_id >> 22) % count === id`). */
  onShard?: { id: number; count: number };
}

export interface GuildFixture {
  id: string;
  name: string;
  ownerId: string;
  everyoneRoleId: string;
  /** The bot's managed role (null when the bot did not join). */
  botRoleId: string | null;
  botUserId: string;
}

export interface MemberFixture {
  id: string;
  guildId: string;
  username: string;
  locale: string;
}

export interface OverwriteInput {
  /** Role id (the guild id for @everyone) or user id. */
  id: string;
  type: 'role' | 'member';
  allow?: PermissionInput;
  deny?: PermissionInput;
}

export type ChannelKind = 'text' | 'voice' | 'category' | 'announcement' | 'stage' | ChannelType;

/**
 * Building the server around the bot as its owner and admins would: guilds (with or
 * without the bot), channels and overwrites, roles, members and their roles.
 */
export class ServerSetup extends DriverPart {
  /** A guild with an owner, @everyone, and (by default) the bot as a member with its own managed role. */
  public createGuild(setup: GuildSetup = {}): GuildFixture {
    const application = setup.bot?.application ?? this.emulator.bot.application;
    const owner = this.world.createUser({ username: setup.owner?.username ?? 'owner', locale: setup.owner?.locale ?? 'en-US' });
    const guild = this.world.createGuild({
      name: setup.name ?? 'Test Guild',
      ownerId: owner.id,
      ...(setup.onShard ? { id: snowflakeOnShard(setup.onShard.id, setup.onShard.count) } : {}),
      ...(setup.preferredLocale ? { preferredLocale: setup.preferredLocale } : {}),
      ...(setup.everyonePermissions !== undefined ? { everyonePermissions: resolvePermissions(setup.everyonePermissions) } : {}),
    });
    const botRoleId = setup.bot?.join === false ? null : joinBot(this.world, guild, application, setup.bot?.permissions, setup.bot?.roleName);
    return { id: guild.id, name: guild.name, ownerId: owner.id, everyoneRoleId: guild.id, botRoleId, botUserId: application.botUserId };
  }

  /** A channel; without overwrites a channel in a category starts synced with it. */
  public createChannel(
    guildId: string,
    options: { name: string; type?: ChannelKind; parentId?: string; topic?: string; overwrites?: OverwriteInput[]; position?: number },
  ): APIChannel {
    const guild = this.state.guild(guildId);
    const channel = this.world.createChannel(guild, {
      name: options.name,
      type: channelType(options.type ?? 'text'),
      parentId: options.parentId ?? null,
      topic: options.topic ?? null,
      ...(options.position !== undefined ? { position: options.position } : {}),
      ...(options.overwrites ? { overwrites: options.overwrites.map(toOverwrite) } : {}),
    });
    return apiChannel(channel, this.state);
  }

  /** Sets (replaces) one channel overwrite as an admin would (CHANNEL_UPDATE). */
  public setChannelOverwrite(channelId: string, overwrite: OverwriteInput): void {
    const o = toOverwrite(overwrite);
    this.world.setOverwrite(this.state.channel(channelId), o.id, o.type, BigInt(o.allow), BigInt(o.deny));
  }

  /**
   * A role; by default placed just above @everyone (below the bot's role).
   * `position` puts it elsewhere, e.g. above the bot's role to test the hierarchy.
   */
  public createRole(
    guildId: string,
    options: { name: string; permissions?: PermissionInput; color?: number; position?: number; hoist?: boolean; mentionable?: boolean },
  ): APIRole {
    const guild = this.state.guild(guildId);
    const role = this.world.createRole(guild, {
      name: options.name,
      permissions: resolvePermissions(options.permissions),
      ...(options.color !== undefined ? { color: options.color } : {}),
      ...(options.hoist !== undefined ? { hoist: options.hoist } : {}),
      ...(options.mentionable !== undefined ? { mentionable: options.mentionable } : {}),
      position: options.position ?? 1,
    });
    return { ...role };
  }

  /** Changes a role as an admin (GUILD_ROLE_UPDATE). */
  public updateRole(guildId: string, roleId: string, changes: { name?: string; permissions?: PermissionInput; position?: number }): APIRole {
    const guild = this.state.guild(guildId);
    const role = this.state.role(guild, roleId);
    this.world.updateRole(guild, role, {
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.permissions !== undefined ? { permissions: resolvePermissions(changes.permissions).toString() } : {}),
      ...(changes.position !== undefined ? { position: changes.position } : {}),
    });
    return { ...role };
  }

  /**
   * A new user joining the guild (GUILD_MEMBER_ADD). `admin: true` gives them a
   * role with Administrator; `permissions` a role with exactly those bits.
   */
  public createMember(
    guildId: string,
    options: { id?: string; username?: string; globalName?: string; locale?: string; admin?: boolean; permissions?: PermissionInput; roles?: string[]; nick?: string; bot?: boolean } = {},
  ): MemberFixture {
    const guild = this.state.guild(guildId);
    const user = this.world.createUser({
      ...(options.id === undefined ? {} : { id: options.id }),
      username: options.username ?? `member${guild.members.size}`,
      globalName: options.globalName ?? null,
      locale: options.locale ?? 'en-US',
      bot: options.bot ?? false,
    });
    const roles = [...(options.roles ?? [])];
    if (options.admin) roles.push(this.world.createRole(guild, { name: `${user.username} admin`, permissions: PermissionFlagsBits.Administrator }).id);
    if (options.permissions !== undefined) {
      roles.push(this.world.createRole(guild, { name: `${user.username} perms`, permissions: resolvePermissions(options.permissions) }).id);
    }
    this.world.addMember(guild, user.id, { roles, nick: options.nick ?? null });
    return { id: user.id, guildId, username: user.username, locale: user.locale };
  }

  /** An existing user (e.g. a member of another guild) joins this guild. */
  public joinGuild(guildId: string, userId: string, roles: string[] = []): void {
    this.world.addMember(this.state.guild(guildId), userId, { roles });
  }

  public addMemberRole(guildId: string, userId: string, roleId: string): void {
    const guild = this.state.guild(guildId);
    const member = this.state.member(guild, userId);
    this.state.role(guild, roleId);
    if (!member.roles.includes(roleId)) this.world.updateMember(guild, member, { roles: [...member.roles, roleId] });
  }

  public removeMemberRole(guildId: string, userId: string, roleId: string): void {
    const guild = this.state.guild(guildId);
    const member = this.state.member(guild, userId);
    if (member.roles.includes(roleId)) this.world.updateMember(guild, member, { roles: member.roles.filter((id) => id !== roleId) });
  }

  /** A member leaves (or is kicked): GUILD_MEMBER_REMOVE. */
  public removeMember(guildId: string, userId: string): void {
    this.world.removeMember(this.state.guild(guildId), userId);
  }

  /** The bot is invited into an existing guild (it receives GUILD_CREATE). */
  public addBotToGuild(guildId: string, options: { permissions?: PermissionInput; application?: ApplicationRecord } = {}): string {
    return joinBot(this.world, this.state.guild(guildId), options.application ?? this.emulator.bot.application, options.permissions);
  }

  /** The bot is kicked (it receives GUILD_DELETE). */
  public removeBotFromGuild(guildId: string, application: ApplicationRecord = this.emulator.bot.application): void {
    this.world.removeMember(this.state.guild(guildId), application.botUserId);
  }

  public setGuildLocale(guildId: string, preferredLocale: string): void {
    this.world.updateGuild(this.state.guild(guildId), { preferredLocale });
  }

  /** Changes what locale a user's client sends in interactions. */
  public setUserLocale(userId: string, locale: string): void {
    this.state.user(userId).locale = locale;
  }
}

/** A bot invited with the usual raid-bot scopes: enough to post, manage its messages, roles and channels. */
export const DEFAULT_BOT_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.ManageMessages |
  PermissionFlagsBits.ManageRoles |
  PermissionFlagsBits.ManageChannels |
  PermissionFlagsBits.UseApplicationCommands |
  PermissionFlagsBits.Connect |
  PermissionFlagsBits.AddReactions;

/** The bot joins a guild with its managed role (position 1); returns the role's id. */
function joinBot(world: World, guild: GuildRecord, application: ApplicationRecord, permissions: PermissionInput | undefined, roleName = application.name): string {
  const role = world.createRole(guild, {
    name: roleName,
    permissions: permissions !== undefined ? resolvePermissions(permissions) : DEFAULT_BOT_PERMISSIONS,
    managedByBot: application.botUserId,
    position: 1,
  });
  world.addMember(guild, application.botUserId, { roles: [role.id] });
  return role.id;
}

function channelType(kind: ChannelKind): ChannelType {
  if (typeof kind === 'number') return kind;
  return {
    text: ChannelType.GuildText,
    voice: ChannelType.GuildVoice,
    category: ChannelType.GuildCategory,
    announcement: ChannelType.GuildAnnouncement,
    stage: ChannelType.GuildStageVoice,
  }[kind];
}

function toOverwrite(input: OverwriteInput) {
  return {
    id: input.id,
    type: input.type === 'role' ? OverwriteType.Role : OverwriteType.Member,
    allow: resolvePermissions(input.allow).toString(),
    deny: resolvePermissions(input.deny).toString(),
  };
}
