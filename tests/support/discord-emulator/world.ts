import { randomBytes } from 'node:crypto';
import {
  ChannelType,
  GatewayDispatchEvents,
  GatewayIntentBits,
  MessageType,
  OverwriteType,
  PermissionFlagsBits,
  RoleFlags,
  type APIAttachment,
  type APIEmbed,
  type APIMessageInteraction,
  type APIMessageInteractionMetadata,
  type APIMessageReference,
  type APIMessageTopLevelComponent,
  type APIOverwrite,
  type APIRole,
} from 'discord-api-types/v10';
import { SKIP_DISPATCH, type Gateway, type GatewaySession } from './gateway';
import { apiChannel, apiGuild, apiMember, apiMessage, apiUser, apiVoiceState, guildCreatePayload } from './serialize';
import { snowflake } from './snowflake';
import type { ApplicationRecord, ChannelRecord, EmulatorState, GuildRecord, MemberRecord, MessageRecord, UserRecord } from './state';

/** Everything a new message can carry; the REST side and the driver both build these. */
export interface NewMessage {
  channelId: string;
  authorId: string;
  content?: string;
  embeds?: APIEmbed[];
  components?: APIMessageTopLevelComponent[];
  attachments?: APIAttachment[];
  flags?: number;
  tts?: boolean;
  nonce?: string | number;
  allowedMentions?: AllowedMentions | null;
  messageReference?: APIMessageReference;
  type?: MessageType;
  webhookId?: string;
  applicationId?: string;
  interactionMetadata?: APIMessageInteractionMetadata;
  interaction?: APIMessageInteraction;
  /** Ephemeral recipient; such messages never reach the gateway. */
  visibleTo?: string | null;
  /** Creation time (ms) — lets tests seed old messages, e.g. for the 14-day bulk-delete rule. */
  timestamp?: number;
}

export interface AllowedMentions {
  parse?: string[];
  users?: string[];
  roles?: string[];
  replied_user?: boolean;
}

export interface MessageChanges {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIMessageTopLevelComponent[];
  attachments?: APIAttachment[];
  flags?: number;
  allowedMentions?: AllowedMentions | null;
}

/**
 * The emulated Discord's behaviour: every change to the state goes through
 * here and sends the gateway events Discord would send for it, so the REST
 * handlers, the driver and the test helpers all stay consistent.
 */
export class World {
  public constructor(
    public readonly state: EmulatorState,
    public readonly gateway: Gateway,
  ) {}

  // ── users and applications ─────────────────────────────────────────────

  public createUser(options: { username: string; globalName?: string | null; bot?: boolean; locale?: string; id?: string }): UserRecord {
    const user: UserRecord = {
      id: options.id ?? snowflake(),
      username: options.username,
      globalName: options.globalName ?? null,
      bot: options.bot ?? false,
      locale: options.locale ?? 'en-US',
    };
    this.state.users.set(user.id, user);
    return user;
  }

  public createApplication(options: { name: string; privilegedIntents?: number; flags?: number }): ApplicationRecord {
    const bot = this.createUser({ username: options.name, bot: true });
    const application: ApplicationRecord = {
      id: bot.id,
      name: options.name,
      botUserId: bot.id,
      token: `${Buffer.from(bot.id).toString('base64url')}.${randomBytes(4).toString('base64url')}.${randomBytes(20).toString('base64url')}`,
      flags: options.flags ?? 0,
      privilegedIntents:
        options.privilegedIntents ?? GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent,
      globalCommands: new Map(),
      guildCommands: new Map(),
    };
    this.state.applications.set(application.id, application);
    return application;
  }

  // ── guilds ─────────────────────────────────────────────────────────────

  public createGuild(options: { name: string; ownerId: string; preferredLocale?: string; everyonePermissions?: bigint; id?: string }): GuildRecord {
    const id = options.id ?? snowflake();
    const everyone: APIRole = {
      id,
      name: '@everyone',
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position: 0,
      permissions: (options.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS).toString(),
      managed: false,
      mentionable: false,
      flags: 0 as RoleFlags,
    };
    const guild: GuildRecord = {
      id,
      name: options.name,
      ownerId: options.ownerId,
      preferredLocale: options.preferredLocale ?? 'en-US',
      features: [],
      description: null,
      systemChannelId: null,
      roles: new Map([[id, everyone]]),
      members: new Map(),
      voiceStates: new Map(),
      channelIds: [],
    };
    this.state.guilds.set(id, guild);
    this.addMember(guild, options.ownerId);
    return guild;
  }

  /** Adds a member; a bot joining gets GUILD_CREATE, everyone else GUILD_MEMBER_ADD. */
  public addMember(guild: GuildRecord, userId: string, options: { roles?: string[]; nick?: string | null; joinedAt?: string } = {}): MemberRecord {
    const member: MemberRecord = {
      userId,
      roles: [...(options.roles ?? [])],
      joinedAt: options.joinedAt ?? new Date().toISOString(),
      nick: options.nick ?? null,
      deaf: false,
      mute: false,
    };
    guild.members.set(userId, member);
    this.gateway.dispatch(GatewayDispatchEvents.GuildMemberAdd, { ...apiMember(this.state, member), guild_id: guild.id }, {
      guildId: guild.id,
      transform: (data, session) => (session.application.botUserId === userId ? SKIP_DISPATCH : data),
    });
    this.sendGuildCreateTo(guild, userId);
    return member;
  }

  /** A bot that is now in the guild receives the full GUILD_CREATE. */
  private sendGuildCreateTo(guild: GuildRecord, userId: string): void {
    if (!this.state.applicationOfBot(userId)) return;
    this.gateway.dispatch(GatewayDispatchEvents.GuildCreate, null, {
      botUserIds: [userId],
      guildId: guild.id,
      transform: (_data, session) =>
        guildCreatePayload(this.state, guild, userId, {
          members: (session.intents & GatewayIntentBits.GuildMembers) !== 0,
          voiceStates: (session.intents & GatewayIntentBits.GuildVoiceStates) !== 0,
        }),
    });
  }

  /** Kick/leave: GUILD_MEMBER_REMOVE to the others; a removed bot gets GUILD_DELETE. */
  public removeMember(guild: GuildRecord, userId: string): void {
    const member = guild.members.get(userId);
    if (!member) return;
    if (guild.voiceStates.has(userId)) this.setVoiceChannel(guild, userId, null);
    guild.members.delete(userId);
    const user = this.state.user(userId);
    this.gateway.dispatch(GatewayDispatchEvents.GuildMemberRemove, { guild_id: guild.id, user: apiUser(user) }, { guildId: guild.id });
    if (this.state.applicationOfBot(userId)) {
      this.gateway.dispatch(GatewayDispatchEvents.GuildDelete, { id: guild.id }, { botUserIds: [userId], guildId: guild.id });
    }
  }

  public updateGuild(guild: GuildRecord, changes: Partial<Pick<GuildRecord, 'name' | 'preferredLocale' | 'description' | 'systemChannelId' | 'ownerId'>>): void {
    Object.assign(guild, changes);
    this.gateway.dispatch(GatewayDispatchEvents.GuildUpdate, apiGuild(guild), { guildId: guild.id });
  }

  /** The guild disappears (deleted by its owner): every bot in it gets GUILD_DELETE. */
  public deleteGuild(guild: GuildRecord): void {
    const bots = [...guild.members.keys()].filter((id) => this.state.applicationOfBot(id));
    for (const channelId of [...guild.channelIds]) this.state.removeChannel(channelId);
    this.state.guilds.delete(guild.id);
    this.gateway.dispatch(GatewayDispatchEvents.GuildDelete, { id: guild.id }, { botUserIds: bots, guildId: guild.id });
  }

  public updateMember(guild: GuildRecord, member: MemberRecord, changes: { roles?: string[]; nick?: string | null }): void {
    if (changes.roles) member.roles = [...new Set(changes.roles)];
    if (changes.nick !== undefined) member.nick = changes.nick;
    const { user, ...rest } = apiMember(this.state, member);
    this.gateway.dispatch(
      GatewayDispatchEvents.GuildMemberUpdate,
      { guild_id: guild.id, user, ...rest, avatar: null, banner: null },
      { guildId: guild.id },
    );
  }

  // ── roles ──────────────────────────────────────────────────────────────

  public createRole(
    guild: GuildRecord,
    options: { name?: string; permissions?: bigint; color?: number; hoist?: boolean; mentionable?: boolean; position?: number; managedByBot?: string },
  ): APIRole {
    const position = options.position ?? 1;
    // Discord inserts the new role at `position` and shifts the others up.
    for (const role of guild.roles.values()) if (role.id !== guild.id && role.position >= position) role.position += 1;
    const role: APIRole = {
      id: snowflake(),
      name: options.name ?? 'new role',
      color: options.color ?? 0,
      colors: { primary_color: options.color ?? 0, secondary_color: null, tertiary_color: null },
      hoist: options.hoist ?? false,
      icon: null,
      unicode_emoji: null,
      position,
      permissions: (options.permissions ?? 0n).toString(),
      managed: options.managedByBot !== undefined,
      mentionable: options.mentionable ?? false,
      flags: 0 as RoleFlags,
      ...(options.managedByBot ? { tags: { bot_id: options.managedByBot } } : {}),
    };
    guild.roles.set(role.id, role);
    this.gateway.dispatch(GatewayDispatchEvents.GuildRoleCreate, { guild_id: guild.id, role: { ...role } }, { guildId: guild.id });
    return role;
  }

  public updateRole(guild: GuildRecord, role: APIRole, changes: Partial<Pick<APIRole, 'name' | 'permissions' | 'color' | 'hoist' | 'mentionable' | 'position'>>): APIRole {
    Object.assign(role, changes);
    if (changes.color !== undefined) role.colors = { primary_color: changes.color, secondary_color: null, tertiary_color: null };
    this.gateway.dispatch(GatewayDispatchEvents.GuildRoleUpdate, { guild_id: guild.id, role: { ...role } }, { guildId: guild.id });
    return role;
  }

  public deleteRole(guild: GuildRecord, role: APIRole): void {
    guild.roles.delete(role.id);
    for (const member of guild.members.values()) member.roles = member.roles.filter((id) => id !== role.id);
    for (const channel of this.state.guildChannels(guild)) channel.overwrites = channel.overwrites.filter((o) => o.id !== role.id);
    this.gateway.dispatch(GatewayDispatchEvents.GuildRoleDelete, { guild_id: guild.id, role_id: role.id }, { guildId: guild.id });
  }

  // ── channels ───────────────────────────────────────────────────────────

  public createChannel(
    guild: GuildRecord,
    options: { name: string; type?: ChannelType; parentId?: string | null; overwrites?: APIOverwrite[]; topic?: string | null; position?: number; nsfw?: boolean },
  ): ChannelRecord {
    const type = options.type ?? ChannelType.GuildText;
    const parent = options.parentId ? this.state.channels.get(options.parentId) : undefined;
    const siblings = this.state.guildChannels(guild).filter((c) => (c.type === ChannelType.GuildCategory) === (type === ChannelType.GuildCategory));
    const channel: ChannelRecord = {
      id: snowflake(),
      type,
      guildId: guild.id,
      name: options.name,
      position: options.position ?? siblings.length,
      parentId: parent?.id ?? null,
      // Without explicit overwrites a channel starts synced with its category.
      overwrites: (options.overwrites ?? parent?.overwrites ?? []).map((o) => ({ ...o })),
      topic: options.topic ?? null,
      nsfw: options.nsfw ?? false,
      rateLimitPerUser: 0,
      bitrate: 64_000,
      userLimit: 0,
      recipientIds: [],
      lastMessageId: null,
      flags: 0,
    };
    this.state.channels.set(channel.id, channel);
    guild.channelIds.push(channel.id);
    this.gateway.dispatch(GatewayDispatchEvents.ChannelCreate, apiChannel(channel), { guildId: guild.id });
    return channel;
  }

  public updateChannel(channel: ChannelRecord, changes: Partial<Pick<ChannelRecord, 'name' | 'topic' | 'position' | 'parentId' | 'overwrites' | 'nsfw' | 'rateLimitPerUser'>>): ChannelRecord {
    Object.assign(channel, changes);
    if (channel.guildId) this.gateway.dispatch(GatewayDispatchEvents.ChannelUpdate, apiChannel(channel), { guildId: channel.guildId });
    return channel;
  }

  public deleteChannel(channel: ChannelRecord): void {
    const payload = apiChannel(channel);
    if (channel.guildId) {
      const guild = this.state.guild(channel.guildId);
      for (const [userId, voice] of guild.voiceStates) if (voice.channelId === channel.id) this.setVoiceChannel(guild, userId, null);
      for (const child of this.state.guildChannels(guild)) if (child.parentId === channel.id) this.updateChannel(child, { parentId: null });
    }
    this.state.removeChannel(channel.id);
    if (channel.guildId) this.gateway.dispatch(GatewayDispatchEvents.ChannelDelete, payload, { guildId: channel.guildId });
  }

  /** The DM channel between a bot and a user (created on first use, like POST /users/@me/channels). */
  public dmChannel(botUserId: string, userId: string): ChannelRecord {
    for (const channel of this.state.channels.values()) {
      if (channel.type === ChannelType.DM && channel.recipientIds.includes(botUserId) && channel.recipientIds.includes(userId)) return channel;
    }
    const channel: ChannelRecord = {
      id: snowflake(),
      type: ChannelType.DM,
      guildId: null,
      name: null,
      position: 0,
      parentId: null,
      overwrites: [],
      topic: null,
      nsfw: false,
      rateLimitPerUser: 0,
      bitrate: 0,
      userLimit: 0,
      recipientIds: [botUserId, userId],
      lastMessageId: null,
      flags: 0,
    };
    this.state.channels.set(channel.id, channel);
    return channel;
  }

  // ── voice ──────────────────────────────────────────────────────────────

  /** Join (channel id), move (other channel id) or leave (null): VOICE_STATE_UPDATE. */
  public setVoiceChannel(guild: GuildRecord, userId: string, channelId: string | null): void {
    if (channelId === null) guild.voiceStates.delete(userId);
    else {
      const current = guild.voiceStates.get(userId);
      guild.voiceStates.set(userId, {
        userId,
        channelId,
        sessionId: current?.sessionId ?? randomBytes(16).toString('hex'),
        selfMute: false,
        selfDeaf: false,
      });
    }
    this.gateway.dispatch(GatewayDispatchEvents.VoiceStateUpdate, apiVoiceState(this.state, guild, userId), { guildId: guild.id });
  }

  // ── messages ───────────────────────────────────────────────────────────

  public createMessage(input: NewMessage): MessageRecord {
    const channel = this.state.channel(input.channelId);
    const timestamp = input.timestamp ?? Date.now();
    const content = input.content ?? '';
    const mentions = this.resolveMentions(channel, content, input.allowedMentions, input.messageReference);
    const message: MessageRecord = {
      id: snowflake(timestamp),
      channelId: channel.id,
      guildId: channel.guildId,
      authorId: input.authorId,
      type: input.type ?? (input.messageReference ? MessageType.Reply : MessageType.Default),
      content,
      embeds: (input.embeds ?? []).map(normaliseEmbed),
      components: structuredClone(input.components ?? []),
      attachments: input.attachments ?? [],
      flags: input.flags ?? 0,
      timestamp: new Date(timestamp).toISOString(),
      editedTimestamp: null,
      tts: input.tts ?? false,
      pinned: false,
      ...(input.nonce !== undefined ? { nonce: input.nonce } : {}),
      mentionUserIds: mentions.users,
      mentionRoleIds: mentions.roles,
      mentionEveryone: mentions.everyone,
      ...(input.messageReference ? { messageReference: { ...input.messageReference, channel_id: channel.id, ...(channel.guildId ? { guild_id: channel.guildId } : {}) } } : {}),
      ...(input.webhookId ? { webhookId: input.webhookId } : {}),
      ...(input.applicationId ? { applicationId: input.applicationId } : {}),
      ...(input.interactionMetadata ? { interactionMetadata: input.interactionMetadata } : {}),
      ...(input.interaction ? { interaction: input.interaction } : {}),
      visibleTo: input.visibleTo ?? null,
    };
    this.state.addMessage(message);
    this.recordPings(message);
    this.dispatchMessage(GatewayDispatchEvents.MessageCreate, message);
    return message;
  }

  public editMessage(message: MessageRecord, changes: MessageChanges): MessageRecord {
    if (changes.content !== undefined) message.content = changes.content;
    if (changes.embeds !== undefined) message.embeds = changes.embeds.map(normaliseEmbed);
    if (changes.components !== undefined) message.components = structuredClone(changes.components);
    if (changes.attachments !== undefined) message.attachments = changes.attachments;
    if (changes.flags !== undefined) message.flags = changes.flags;
    if (changes.content !== undefined || changes.allowedMentions !== undefined) {
      const mentions = this.resolveMentions(this.state.channel(message.channelId), message.content, changes.allowedMentions, undefined);
      message.mentionUserIds = mentions.users;
      message.mentionRoleIds = mentions.roles;
      message.mentionEveryone = mentions.everyone;
    }
    message.editedTimestamp = new Date().toISOString();
    this.dispatchMessage(GatewayDispatchEvents.MessageUpdate, message);
    return message;
  }

  public deleteMessage(message: MessageRecord): void {
    this.state.removeMessage(message.id);
    if (message.visibleTo !== null) return;
    this.dispatchToChannel(message.channelId, GatewayDispatchEvents.MessageDelete, {
      id: message.id,
      channel_id: message.channelId,
      ...(message.guildId ? { guild_id: message.guildId } : {}),
    });
  }

  public bulkDeleteMessages(channel: ChannelRecord, messages: MessageRecord[]): void {
    for (const message of messages) this.state.removeMessage(message.id);
    if (messages.length === 0) return;
    this.dispatchToChannel(channel.id, GatewayDispatchEvents.MessageDeleteBulk, {
      ids: messages.map((m) => m.id),
      channel_id: channel.id,
      ...(channel.guildId ? { guild_id: channel.guildId } : {}),
    });
  }

  private dispatchMessage(event: GatewayDispatchEvents.MessageCreate | GatewayDispatchEvents.MessageUpdate, message: MessageRecord): void {
    if (message.visibleTo !== null) return;
    const payload = apiMessage(this.state, message, { forGateway: true });
    this.dispatchToChannel(message.channelId, event, payload, (data, session) => withoutContentUnlessAllowed(data, session, message));
  }

  private dispatchToChannel(channelId: string, event: GatewayDispatchEvents, data: unknown, transform?: (data: unknown, session: GatewaySession) => unknown): void {
    const channel = this.state.channels.get(channelId);
    if (!channel) return;
    if (channel.guildId) this.gateway.dispatch(event, data, { guildId: channel.guildId, ...(transform ? { transform } : {}) });
    else this.gateway.dispatch(event, data, { botUserIds: channel.recipientIds, direct: true, ...(transform ? { transform } : {}) });
  }

  /**
   * Notifications of a new message, as Discord sends them: each resolved user mention,
   * every member holding a resolved role mention, everyone for @everyone/@here; a member
   * reached twice is pinged once, the author never. Edits notify nobody, so only
   * creation records pings.
   */
  private recordPings(message: MessageRecord): void {
    if (message.visibleTo !== null) return;
    const guild = message.guildId ? this.state.guilds.get(message.guildId) : undefined;
    const pinged = new Map<string, 'user' | 'role' | 'everyone'>();
    for (const userId of message.mentionUserIds) pinged.set(userId, 'user');
    for (const [userId, member] of guild?.members ?? []) {
      if (!pinged.has(userId) && member.roles.some((roleId) => message.mentionRoleIds.includes(roleId))) pinged.set(userId, 'role');
      if (!pinged.has(userId) && message.mentionEveryone) pinged.set(userId, 'everyone');
    }
    pinged.delete(message.authorId);
    for (const [userId, via] of pinged) this.state.pings.push({ messageId: message.id, channelId: message.channelId, userId, via });
  }

  /**
   * Who a message actually pings: the ids written in the content, narrowed by
   * allowed_mentions as Discord does (no allowed_mentions = everything parses).
   */
  private resolveMentions(
    channel: ChannelRecord,
    content: string,
    allowed: AllowedMentions | null | undefined,
    reference: APIMessageReference | undefined,
  ): { users: string[]; roles: string[]; everyone: boolean } {
    const writtenUsers = [...content.matchAll(/<@!?(\d{17,20})>/g)].map((m) => m[1]!);
    const writtenRoles = [...content.matchAll(/<@&(\d{17,20})>/g)].map((m) => m[1]!);
    const writtenEveryone = /@(everyone|here)/.test(content);
    const parse = allowed ? (allowed.parse ?? []) : ['users', 'roles', 'everyone'];
    const users = writtenUsers.filter((id) => parse.includes('users') || (allowed?.users ?? []).includes(id));
    const roles = writtenRoles.filter((id) => parse.includes('roles') || (allowed?.roles ?? []).includes(id));
    const repliedUser = allowed ? allowed.replied_user === true : true;
    if (reference?.message_id && repliedUser) {
      const referenced = this.state.messages.get(reference.message_id);
      if (referenced && referenced.channelId === channel.id) users.push(referenced.authorId);
    }
    const guild = channel.guildId ? this.state.guilds.get(channel.guildId) : undefined;
    return {
      users: [...new Set(users)].filter((id) => this.state.users.has(id)),
      roles: [...new Set(roles)].filter((id) => guild?.roles.has(id)),
      everyone: writtenEveryone && parse.includes('everyone'),
    };
  }

  /** Grants or revokes bits of a channel overwrite (as a server admin would in the client). */
  public setOverwrite(channel: ChannelRecord, targetId: string, type: OverwriteType, allow: bigint, deny: bigint): void {
    const others = channel.overwrites.filter((o) => o.id !== targetId);
    const overwrites = allow === 0n && deny === 0n ? others : [...others, { id: targetId, type, allow: allow.toString(), deny: deny.toString() }];
    this.updateChannel(channel, { overwrites });
  }
}

export const DEFAULT_EVERYONE_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseApplicationCommands |
  PermissionFlagsBits.Connect |
  PermissionFlagsBits.Speak |
  PermissionFlagsBits.CreateInstantInvite |
  PermissionFlagsBits.ChangeNickname;

/** Discord marks embeds sent by bots as `rich` and normalises the timestamp. */
function normaliseEmbed(embed: APIEmbed): APIEmbed {
  const copy = structuredClone(embed) as APIEmbed;
  copy.type ??= 'rich' as APIEmbed['type'];
  if (copy.timestamp) copy.timestamp = new Date(copy.timestamp).toISOString().replace('Z', '+00:00');
  return copy;
}

/**
 * Without the MessageContent intent a bot sees content, embeds, attachments and
 * components only of its own messages, DMs and messages that mention it.
 */
function withoutContentUnlessAllowed(data: unknown, session: GatewaySession, message: MessageRecord): unknown {
  if (session.intents & GatewayIntentBits.MessageContent) return data;
  const botId = session.application.botUserId;
  if (message.authorId === botId || message.guildId === null || message.mentionUserIds.includes(botId)) return data;
  return { ...(data as object), content: '', embeds: [], attachments: [], components: [] };
}
