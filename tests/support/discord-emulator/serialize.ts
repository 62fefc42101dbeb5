import {
  ChannelType,
  GuildDefaultMessageNotifications,
  GuildMemberFlags,
  UserFlags,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  type APIChannel,
  type APIGuild,
  type APIGuildMember,
  type APIMessage,
  type APIUser,
  type GatewayGuildCreateDispatchData,
  type GatewayVoiceState,
  type Locale,
} from 'discord-api-types/v10';
import type { ChannelRecord, EmulatorState, GuildRecord, MemberRecord, MessageRecord, UserRecord } from './state';

/** Records → the exact JSON shapes of discord-api-types v10. */

export function apiUser(user: UserRecord): APIUser {
  return {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: user.globalName,
    avatar: null,
    public_flags: 0 as UserFlags,
    flags: 0 as UserFlags,
    banner: null,
    accent_color: null,
    avatar_decoration_data: null,
    ...(user.bot ? { bot: true } : {}),
  };
}

export function apiMember(state: EmulatorState, member: MemberRecord): APIGuildMember {
  return {
    user: apiUser(state.user(member.userId)),
    nick: member.nick,
    avatar: null,
    banner: null,
    roles: [...member.roles],
    joined_at: member.joinedAt,
    premium_since: null,
    deaf: member.deaf,
    mute: member.mute,
    flags: 0 as GuildMemberFlags,
    pending: false,
    communication_disabled_until: null,
  };
}

export function apiChannel(channel: ChannelRecord, state?: EmulatorState): APIChannel {
  if (channel.type === ChannelType.DM) {
    return {
      id: channel.id,
      type: ChannelType.DM,
      last_message_id: channel.lastMessageId,
      flags: channel.flags,
      recipients: channel.recipientIds.flatMap((id) => {
        const user = state?.users.get(id);
        return user && !user.bot ? [apiUser(user)] : [];
      }),
    } as unknown as APIChannel;
  }
  const shape: Record<string, unknown> = {
    id: channel.id,
    type: channel.type,
    guild_id: channel.guildId,
    name: channel.name,
    position: channel.position,
    parent_id: channel.parentId,
    permission_overwrites: channel.overwrites.map((o) => ({ ...o })),
    flags: channel.flags,
    nsfw: channel.nsfw,
  };
  if (channel.type === ChannelType.GuildText || channel.type === ChannelType.GuildAnnouncement) {
    Object.assign(shape, {
      topic: channel.topic,
      last_message_id: channel.lastMessageId,
      rate_limit_per_user: channel.rateLimitPerUser,
      last_pin_timestamp: null,
    });
  }
  if (channel.type === ChannelType.GuildVoice || channel.type === ChannelType.GuildStageVoice) {
    Object.assign(shape, {
      bitrate: channel.bitrate,
      user_limit: channel.userLimit,
      rtc_region: null,
      last_message_id: channel.lastMessageId,
      rate_limit_per_user: channel.rateLimitPerUser,
    });
  }
  return shape as unknown as APIChannel;
}

export function apiGuild(guild: GuildRecord): APIGuild {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    region: 'deprecated',
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: GuildVerificationLevel.None,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.Disabled,
    roles: [...guild.roles.values()].map((role) => ({ ...role })),
    emojis: [],
    stickers: [],
    features: guild.features as APIGuild['features'],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: guild.systemChannelId,
    system_channel_flags: 0 as GuildSystemChannelFlags,
    rules_channel_id: null,
    max_presences: null,
    max_members: 500_000,
    vanity_url_code: null,
    description: guild.description,
    banner: null,
    premium_tier: GuildPremiumTier.None,
    premium_subscription_count: 0,
    preferred_locale: guild.preferredLocale as Locale,
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: GuildNSFWLevel.Default,
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    approximate_member_count: guild.members.size,
    approximate_presence_count: 0,
  } as APIGuild;
}

export function apiVoiceState(state: EmulatorState, guild: GuildRecord, userId: string): GatewayVoiceState {
  const voice = guild.voiceStates.get(userId);
  const member = guild.members.get(userId);
  return {
    guild_id: guild.id,
    channel_id: voice?.channelId ?? null,
    user_id: userId,
    ...(member ? { member: apiMember(state, member) } : {}),
    session_id: voice?.sessionId ?? '',
    deaf: member?.deaf ?? false,
    mute: member?.mute ?? false,
    self_deaf: voice?.selfDeaf ?? false,
    self_mute: voice?.selfMute ?? false,
    self_video: false,
    suppress: false,
    request_to_speak_timestamp: null,
  };
}

/**
 * GUILD_CREATE as Discord sends it to one bot: all channels and roles; members
 * only with the GuildMembers intent (otherwise the bot itself and voice members);
 * voice states only with the GuildVoiceStates intent.
 */
export function guildCreatePayload(
  state: EmulatorState,
  guild: GuildRecord,
  botUserId: string,
  options: { members: boolean; voiceStates: boolean },
): GatewayGuildCreateDispatchData {
  const voiceUserIds = new Set(options.voiceStates ? guild.voiceStates.keys() : []);
  const members = [...guild.members.values()].filter(
    (member) => options.members || member.userId === botUserId || voiceUserIds.has(member.userId),
  );
  const botMember = guild.members.get(botUserId);
  return {
    ...apiGuild(guild),
    joined_at: botMember?.joinedAt ?? new Date().toISOString(),
    large: guild.members.size > 250,
    unavailable: false,
    member_count: guild.members.size,
    voice_states: [...voiceUserIds].map((userId) => {
      const { guild_id: _guildId, member: _member, ...voice } = apiVoiceState(state, guild, userId);
      return voice;
    }),
    members: members.map((member) => apiMember(state, member)),
    channels: state.guildChannels(guild).map((channel) => apiChannel(channel)) as GatewayGuildCreateDispatchData['channels'],
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  } as GatewayGuildCreateDispatchData;
}

/** A message as REST returns it (and, with `forGateway`, as MESSAGE_CREATE carries it). */
export function apiMessage(state: EmulatorState, message: MessageRecord, options: { forGateway?: boolean; depth?: number } = {}): APIMessage {
  const author = state.users.get(message.authorId);
  const shape: APIMessage = {
    id: message.id,
    channel_id: message.channelId,
    author: author
      ? apiUser(author)
      : { id: message.authorId, username: 'Deleted User', discriminator: '0', global_name: null, avatar: null },
    content: message.content,
    timestamp: message.timestamp,
    edited_timestamp: message.editedTimestamp,
    tts: message.tts,
    mention_everyone: message.mentionEveryone,
    mentions: message.mentionUserIds.flatMap((id) => {
      const user = state.users.get(id);
      return user ? [apiUser(user)] : [];
    }),
    mention_roles: [...message.mentionRoleIds],
    attachments: message.attachments.map((a) => ({ ...a })),
    embeds: structuredClone(message.embeds),
    components: structuredClone(message.components),
    pinned: message.pinned,
    type: message.type,
    flags: message.flags,
    ...(message.nonce !== undefined ? { nonce: message.nonce } : {}),
    ...(message.webhookId ? { webhook_id: message.webhookId } : {}),
    ...(message.applicationId ? { application_id: message.applicationId } : {}),
    ...(message.interactionMetadata ? { interaction_metadata: structuredClone(message.interactionMetadata) } : {}),
    ...(message.interaction ? { interaction: structuredClone(message.interaction) } : {}),
    ...(message.messageReference ? { message_reference: { ...message.messageReference } } : {}),
  };
  if (message.messageReference?.message_id && (options.depth ?? 0) === 0) {
    const referenced = state.messages.get(message.messageReference.message_id);
    shape.referenced_message = referenced ? apiMessage(state, referenced, { depth: 1 }) : null;
  }
  if (options.forGateway && message.guildId) {
    const gatewayShape = shape as APIMessage & { guild_id?: string; member?: Omit<APIGuildMember, 'user'> };
    gatewayShape.guild_id = message.guildId;
    const guild = state.guilds.get(message.guildId);
    const member = guild?.members.get(message.authorId);
    if (member && !message.webhookId) {
      const { user: _user, ...partial } = apiMember(state, member);
      gatewayShape.member = partial;
    }
  }
  return shape;
}
