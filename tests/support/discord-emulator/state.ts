import type {
  APIApplicationCommand,
  APIAttachment,
  APIEmbed,
  APIMessageInteraction,
  APIMessageInteractionMetadata,
  APIMessageReference,
  APIMessageTopLevelComponent,
  APIOverwrite,
  APIRole,
  ChannelType,
  MessageType,
} from 'discord-api-types/v10';
import { errors } from './errors';
import { compareSnowflakes } from './snowflake';

/**
 * The emulator's in-memory Discord: plain records keyed by snowflake. Lookups
 * throw the error Discord answers for a missing resource, so REST handlers can
 * just call them.
 */

export interface UserRecord {
  id: string;
  username: string;
  globalName: string | null;
  bot: boolean;
  /** Client locale, sent as the interaction's `locale`. */
  locale: string;
}

export interface ApplicationRecord {
  id: string;
  name: string;
  botUserId: string;
  token: string;
  /** Application flags; the GATEWAY_*_LIMITED bits say which privileged intents it may use. */
  flags: number;
  /** Privileged intents (GuildMembers, GuildPresences, MessageContent bits) enabled in the portal. */
  privilegedIntents: number;
  globalCommands: Map<string, APIApplicationCommand>;
  guildCommands: Map<string, Map<string, APIApplicationCommand>>;
}

export interface MemberRecord {
  userId: string;
  roles: string[];
  joinedAt: string;
  nick: string | null;
  deaf: boolean;
  mute: boolean;
}

export interface VoiceStateRecord {
  userId: string;
  channelId: string;
  sessionId: string;
  selfMute: boolean;
  selfDeaf: boolean;
}

export interface GuildRecord {
  id: string;
  name: string;
  ownerId: string;
  preferredLocale: string;
  features: string[];
  description: string | null;
  systemChannelId: string | null;
  roles: Map<string, APIRole>;
  members: Map<string, MemberRecord>;
  voiceStates: Map<string, VoiceStateRecord>;
  /** Channel ids in creation order. */
  channelIds: string[];
}

export interface ChannelRecord {
  id: string;
  type: ChannelType;
  guildId: string | null;
  name: string | null;
  position: number;
  parentId: string | null;
  overwrites: APIOverwrite[];
  topic: string | null;
  nsfw: boolean;
  rateLimitPerUser: number;
  bitrate: number;
  userLimit: number;
  /** DM channels: the two participants. */
  recipientIds: string[];
  lastMessageId: string | null;
  flags: number;
}

export interface MessageRecord {
  id: string;
  channelId: string;
  guildId: string | null;
  authorId: string;
  type: MessageType;
  content: string;
  embeds: APIEmbed[];
  components: APIMessageTopLevelComponent[];
  attachments: APIAttachment[];
  flags: number;
  timestamp: string;
  editedTimestamp: string | null;
  tts: boolean;
  pinned: boolean;
  nonce?: string | number;
  mentionUserIds: string[];
  mentionRoleIds: string[];
  mentionEveryone: boolean;
  messageReference?: APIMessageReference;
  webhookId?: string;
  applicationId?: string;
  interactionMetadata?: APIMessageInteractionMetadata;
  interaction?: APIMessageInteraction;
  /** Ephemeral messages are visible to this user only and never reach the gateway. */
  visibleTo: string | null;
}

/** One notification Discord sends: a member pinged by a newly created message (edits ping nobody). */
export interface PingRecord {
  readonly messageId: string;
  readonly channelId: string;
  readonly userId: string;
  /** How the member was reached: named in the content, through a mentioned role, or @everyone/@here. */
  readonly via: 'user' | 'role' | 'everyone';
}

export interface StoredFile {
  id: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export class EmulatorState {
  public readonly users = new Map<string, UserRecord>();
  public readonly applications = new Map<string, ApplicationRecord>();
  public readonly guilds = new Map<string, GuildRecord>();
  public readonly channels = new Map<string, ChannelRecord>();
  public readonly messages = new Map<string, MessageRecord>();
  /** Every ping in creation order, as the members' clients would have notified them. */
  public readonly pings: PingRecord[] = [];
  public readonly files = new Map<string, StoredFile>();
  /** Message ids per channel, ascending. */
  private readonly channelMessageIds = new Map<string, string[]>();

  public user(id: string): UserRecord {
    const user = this.users.get(id);
    if (!user) throw errors.unknownUser();
    return user;
  }

  public guild(id: string): GuildRecord {
    const guild = this.guilds.get(id);
    if (!guild) throw errors.unknownGuild();
    return guild;
  }

  public channel(id: string): ChannelRecord {
    const channel = this.channels.get(id);
    if (!channel) throw errors.unknownChannel();
    return channel;
  }

  public member(guild: GuildRecord, userId: string): MemberRecord {
    const member = guild.members.get(userId);
    if (!member) throw errors.unknownMember();
    return member;
  }

  public role(guild: GuildRecord, roleId: string): APIRole {
    const role = guild.roles.get(roleId);
    if (!role) throw errors.unknownRole();
    return role;
  }

  /** A message of a channel; ephemeral ones exist only for their recipient. */
  public message(channelId: string, messageId: string, viewerId?: string): MessageRecord {
    const message = this.messages.get(messageId);
    if (!message || message.channelId !== channelId) throw errors.unknownMessage();
    if (message.visibleTo !== null && message.visibleTo !== viewerId) throw errors.unknownMessage();
    return message;
  }

  public application(id: string): ApplicationRecord {
    const application = this.applications.get(id);
    if (!application) throw errors.unknownApplication();
    return application;
  }

  public applicationByToken(token: string): ApplicationRecord | undefined {
    for (const application of this.applications.values()) if (application.token === token) return application;
    return undefined;
  }

  public applicationOfBot(botUserId: string): ApplicationRecord | undefined {
    for (const application of this.applications.values()) if (application.botUserId === botUserId) return application;
    return undefined;
  }

  public guildsOf(userId: string): GuildRecord[] {
    return [...this.guilds.values()].filter((guild) => guild.members.has(userId));
  }

  public guildChannels(guild: GuildRecord): ChannelRecord[] {
    return guild.channelIds.map((id) => this.channels.get(id)).filter((c): c is ChannelRecord => c !== undefined);
  }

  public addMessage(message: MessageRecord): void {
    this.messages.set(message.id, message);
    const ids = this.channelMessageIds.get(message.channelId) ?? [];
    let index = ids.length;
    while (index > 0 && compareSnowflakes(ids[index - 1]!, message.id) > 0) index -= 1;
    ids.splice(index, 0, message.id);
    this.channelMessageIds.set(message.channelId, ids);
    const channel = this.channels.get(message.channelId);
    if (channel && message.visibleTo === null && (channel.lastMessageId === null || compareSnowflakes(message.id, channel.lastMessageId) > 0)) {
      channel.lastMessageId = message.id;
    }
  }

  public removeMessage(messageId: string): void {
    const message = this.messages.get(messageId);
    if (!message) return;
    this.messages.delete(messageId);
    const ids = this.channelMessageIds.get(message.channelId);
    if (ids) ids.splice(ids.indexOf(messageId), 1);
  }

  /** Messages of a channel, oldest first, as `viewerId` sees them (ephemeral ones only for their recipient). */
  public channelMessages(channelId: string, viewerId?: string): MessageRecord[] {
    const ids = this.channelMessageIds.get(channelId) ?? [];
    return ids
      .map((id) => this.messages.get(id)!)
      .filter((message) => message.visibleTo === null || message.visibleTo === viewerId);
  }

  public removeChannel(channelId: string): void {
    const channel = this.channels.get(channelId);
    if (!channel) return;
    for (const id of this.channelMessageIds.get(channelId) ?? []) this.messages.delete(id);
    this.channelMessageIds.delete(channelId);
    this.channels.delete(channelId);
    if (channel.guildId) {
      const guild = this.guilds.get(channel.guildId);
      if (guild) guild.channelIds = guild.channelIds.filter((id) => id !== channelId);
    }
  }
}
