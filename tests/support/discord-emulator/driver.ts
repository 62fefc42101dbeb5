import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ButtonStyle,
  ChannelType,
  ComponentType,
  InteractionContextType,
  InteractionResponseType,
  InteractionType,
  OverwriteType,
  PermissionFlagsBits,
  type APIApplicationCommand,
  type APIApplicationCommandOption,
  type APIAttachment,
  type APIChannel,
  type APIEmbed,
  type APIGuildMember,
  type APIMessage,
  type APIModalInteractionResponseCallbackData,
  type APIRole,
} from 'discord-api-types/v10';
import type { DiscordEmulator } from './index';
import type { InteractionEvent, InteractionKind, InteractionRecord, NewInteraction } from './interactions';
import { LIMITS } from './limits';
import { ALL_PERMISSIONS, basePermissions, channelPermissions, has, resolvePermissions, type PermissionInput } from './permissions';
import type { RestCall } from './rest/server';
import { apiChannel, apiMember, apiMessage, apiUser } from './serialize';
import { snowflake } from './snowflake';
import type { ApplicationRecord, ChannelRecord, GuildRecord, MessageRecord, PingRecord } from './state';

// ── fixtures ──────────────────────────────────────────────────────────────

export interface GuildSetup {
  name?: string;
  preferredLocale?: string;
  owner?: { username?: string; locale?: string };
  /** @everyone's permissions (default: view, send, history, embeds, files, reactions, slash commands, connect, speak). */
  everyonePermissions?: PermissionInput;
  /** The bot's membership: its managed role's permissions (default Administrator-free sensible set), or `join: false`. */
  bot?: { join?: boolean; permissions?: PermissionInput; roleName?: string; application?: ApplicationRecord };
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

/** Values for slash options: strings, numbers and booleans as typed; ids for users/channels/roles; a file for attachments. */
export type OptionValue = string | number | boolean | { filename: string; content: string | Buffer; contentType?: string };

/** The member's client would not send this interaction (Discord's UI refuses it). */
export class InteractionRefusedError extends Error {
  public constructor(
    public readonly reason:
      | 'unknown_command'
      | 'not_allowed'
      | 'unavailable_here'
      | 'missing_subcommand'
      | 'unknown_option'
      | 'missing_option'
      | 'invalid_option'
      | 'not_autocomplete'
      | 'unknown_message'
      | 'cannot_see_message'
      | 'unknown_component'
      | 'component_disabled'
      | 'invalid_values'
      | 'no_modal'
      | 'unknown_field'
      | 'invalid_field'
      | 'not_a_member',
    message: string,
  ) {
    super(`${reason}: ${message}`);
    this.name = 'InteractionRefusedError';
  }
}

/** The bot did not acknowledge in time: the member sees "This interaction failed". */
export class InteractionFailedError extends Error {
  public constructor(public readonly interactionId: string, ackWindowMs: number) {
    super(`The application did not respond: interaction ${interactionId} was not acknowledged within ${ackWindowMs} ms (This interaction failed)`);
    this.name = 'InteractionFailedError';
  }
}

/** The initial response as the member's client received it. */
export interface InteractionAcknowledgement {
  type: InteractionResponseType;
  /** The callback's `data` as the bot sent it. */
  data: unknown;
}

/**
 * One interaction the driver sent, and what the bot did with it. Waiting
 * methods reject with InteractionFailedError when the bot let it expire.
 */
export class InteractionHandle {
  public constructor(
    private readonly emulator: DiscordEmulator,
    public readonly record: InteractionRecord,
  ) {}

  public get id(): string {
    return this.record.id;
  }
  public get token(): string {
    return this.record.token;
  }
  public get kind(): InteractionKind {
    return this.record.kind;
  }
  public get status(): InteractionRecord['status'] {
    return this.record.status;
  }
  /** Callback type of the acknowledgement (4 reply, 5 defer, 6 deferred update, 7 update, 8 choices, 9 modal), null before. */
  public get responseType(): InteractionResponseType | null {
    return this.record.callbackType;
  }
  /** Everything the bot did with this interaction, in order. */
  public get events(): readonly InteractionEvent[] {
    return this.record.events;
  }
  /** True while a deferred reply still shows "thinking…". */
  public get deferred(): boolean {
    return this.record.loading;
  }

  /** The @original message now (as its recipient sees it), or null. */
  public original(): APIMessage | null {
    const id = this.record.originalMessageId;
    const message = id ? this.emulator.state.messages.get(id) : undefined;
    return message ? apiMessage(this.emulator.state, message) : null;
  }

  /** Follow-up messages that still exist, oldest first. */
  public followUps(): APIMessage[] {
    return this.record.followUpIds.flatMap((id) => {
      const message = this.emulator.state.messages.get(id);
      return message ? [apiMessage(this.emulator.state, message)] : [];
    });
  }

  /** Waits until `check` returns a value (re-checked on every change of this interaction). */
  public waitFor<T>(check: (record: InteractionRecord) => T | undefined | null | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
    const interactions = this.emulator.interactions;
    return new Promise((resolve, reject) => {
      const evaluate = (): boolean => {
        const value = check(this.record);
        if (value !== undefined && value !== null && value !== false) {
          cleanup();
          resolve(value);
          return true;
        }
        if (this.record.status === 'expired') {
          cleanup();
          reject(new InteractionFailedError(this.record.id, this.emulator.driver.ackWindowMs));
          return true;
        }
        return false;
      };
      const onUpdate = (record: InteractionRecord) => {
        if (record === this.record) evaluate();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`interaction ${this.record.id}: no ${what} within ${timeoutMs} ms; events so far: ${JSON.stringify(this.record.events.map((e) => e.kind + (e.callbackType ? `:${e.callbackType}` : '')))}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        interactions.off('updated', onUpdate);
      };
      interactions.on('updated', onUpdate);
      evaluate();
    });
  }

  /** The initial response (any type). */
  public acknowledged(timeoutMs?: number): Promise<InteractionAcknowledgement> {
    return this.waitFor(
      (r) => {
        const callback = r.events.find((e) => e.kind === 'callback');
        if (!callback) return undefined;
        const body = callback.body as { data?: unknown } | undefined;
        return { type: callback.callbackType!, data: body?.data };
      },
      timeoutMs,
      'acknowledgement',
    );
  }

  /**
   * The bot's visible answer: the reply (type 4), the update (type 7), the
   * filled-in deferred reply (type 5 then edit or follow-up), or, after a
   * deferred update (type 6), the edited message or first follow-up.
   */
  public reply(timeoutMs?: number): Promise<APIMessage> {
    return this.waitFor(
      (r) => {
        if (r.callbackType === InteractionResponseType.ChannelMessageWithSource || r.callbackType === InteractionResponseType.UpdateMessage) {
          return this.original() ?? undefined;
        }
        if (r.callbackType === InteractionResponseType.DeferredChannelMessageWithSource) {
          return r.loading ? undefined : (this.original() ?? this.followUps()[0]);
        }
        if (r.callbackType === InteractionResponseType.DeferredMessageUpdate) {
          const answered = r.events.find((e) => e.kind === 'edit' || e.kind === 'followup');
          if (!answered?.messageId) return undefined;
          const message = this.emulator.state.messages.get(answered.messageId);
          return message ? apiMessage(this.emulator.state, message) : undefined;
        }
        return undefined;
      },
      timeoutMs,
      'visible reply',
    );
  }

  /** Waits until at least `count` follow-ups exist and returns them. */
  public waitForFollowUps(count = 1, timeoutMs?: number): Promise<APIMessage[]> {
    return this.waitFor((r) => (r.followUpIds.length >= count ? this.followUps() : undefined), timeoutMs, `${count} follow-up(s)`);
  }

  /** The modal the bot opened (type 9). */
  public modal(timeoutMs?: number): Promise<APIModalInteractionResponseCallbackData> {
    return this.waitFor((r) => r.modal ?? (r.callbackType !== null && r.callbackType !== InteractionResponseType.Modal ? fail(r) : undefined), timeoutMs, 'modal');
  }

  /** The autocomplete choices the bot answered (type 8). */
  public choices(timeoutMs?: number): Promise<Array<{ name: string; value: string | number }>> {
    return this.waitFor((r) => (r.choices ? [...r.choices] : undefined), timeoutMs, 'autocomplete choices') as Promise<
      Array<{ name: string; value: string | number }>
    >;
  }
}

function fail(record: InteractionRecord): never {
  throw new Error(`interaction ${record.id} was answered with type ${record.callbackType}, not a modal`);
}

// ── the driver ─────────────────────────────────────────────────────────────

/**
 * Acts as Discord's users and admins around the bot under test: builds guilds,
 * channels, roles and members; sends slash commands, autocomplete, button
 * clicks, select choices and modal submits exactly as the Discord client would
 * (refusing what the client would refuse); and reads back what the bot did.
 */
export class DiscordDriver {
  public constructor(private readonly emulator: DiscordEmulator) {}

  private get state() {
    return this.emulator.state;
  }
  private get world() {
    return this.emulator.world;
  }

  public get ackWindowMs(): number {
    return this.emulator.interactions.ackWindowMs;
  }

  // ── building the server ─────────────────────────────────────────────────

  /** A guild with an owner, @everyone, and (by default) the bot as a member with its own managed role. */
  public createGuild(setup: GuildSetup = {}): GuildFixture {
    const application = setup.bot?.application ?? this.emulator.bot.application;
    const owner = this.world.createUser({ username: setup.owner?.username ?? 'owner', locale: setup.owner?.locale ?? 'en-US' });
    const guild = this.world.createGuild({
      name: setup.name ?? 'Test Guild',
      ownerId: owner.id,
      ...(setup.preferredLocale ? { preferredLocale: setup.preferredLocale } : {}),
      ...(setup.everyonePermissions !== undefined ? { everyonePermissions: resolvePermissions(setup.everyonePermissions) } : {}),
    });
    let botRoleId: string | null = null;
    if (setup.bot?.join !== false) {
      const role = this.world.createRole(guild, {
        name: setup.bot?.roleName ?? application.name,
        permissions: setup.bot?.permissions !== undefined ? resolvePermissions(setup.bot.permissions) : DEFAULT_BOT_PERMISSIONS,
        managedByBot: application.botUserId,
        position: 1,
      });
      botRoleId = role.id;
      this.world.addMember(guild, application.botUserId, { roles: [role.id] });
    }
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
    const application = options.application ?? this.emulator.bot.application;
    const guild = this.state.guild(guildId);
    const role = this.world.createRole(guild, {
      name: application.name,
      permissions: options.permissions !== undefined ? resolvePermissions(options.permissions) : DEFAULT_BOT_PERMISSIONS,
      managedByBot: application.botUserId,
      position: 1,
    });
    this.world.addMember(guild, application.botUserId, { roles: [role.id] });
    return role.id;
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

  // ── acting as a member ──────────────────────────────────────────────────

  /** A member writes a message (MESSAGE_CREATE). `timestamp` back-dates it (e.g. older than 14 days). */
  public postMessage(options: { channelId: string; userId: string; content?: string; embeds?: APIEmbed[]; replyTo?: string; timestamp?: number }): APIMessage {
    const channel = this.state.channel(options.channelId);
    if (channel.guildId) {
      const guild = this.state.guild(channel.guildId);
      if (!guild.members.has(options.userId)) throw new InteractionRefusedError('not_a_member', `${options.userId} is not in guild ${guild.id}`);
      if (!has(channelPermissions(guild, channel, options.userId), PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages)) {
        throw new InteractionRefusedError('not_allowed', `${options.userId} cannot send messages in ${channel.id}`);
      }
    }
    const message = this.world.createMessage({
      channelId: channel.id,
      authorId: options.userId,
      content: options.content ?? '',
      ...(options.embeds ? { embeds: options.embeds } : {}),
      ...(options.replyTo ? { messageReference: { message_id: options.replyTo, channel_id: channel.id } } : {}),
      ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
    });
    return apiMessage(this.state, message);
  }

  /** Joins (or moves to) a voice channel: VOICE_STATE_UPDATE. */
  public joinVoice(guildId: string, userId: string, channelId: string): void {
    const guild = this.state.guild(guildId);
    const channel = this.state.channel(channelId);
    if (channel.guildId !== guild.id || (channel.type !== ChannelType.GuildVoice && channel.type !== ChannelType.GuildStageVoice)) {
      throw new Error(`${channelId} is not a voice channel of guild ${guildId}`);
    }
    if (!guild.members.has(userId)) throw new InteractionRefusedError('not_a_member', `${userId} is not in guild ${guildId}`);
    if (!has(channelPermissions(guild, channel, userId), PermissionFlagsBits.ViewChannel | PermissionFlagsBits.Connect)) {
      throw new InteractionRefusedError('not_allowed', `${userId} may not connect to ${channelId}`);
    }
    this.world.setVoiceChannel(guild, userId, channel.id);
  }

  public moveVoice(guildId: string, userId: string, channelId: string): void {
    this.joinVoice(guildId, userId, channelId);
  }

  public leaveVoice(guildId: string, userId: string): void {
    const guild = this.state.guild(guildId);
    if (guild.voiceStates.has(userId)) this.world.setVoiceChannel(guild, userId, null);
  }

  /**
   * Runs a slash command. `command` is the full path as the member types it,
   * e.g. `'raidplan'` or `'settings language'` (subcommand [group] included).
   * Options are checked against what the bot registered; the member must have
   * the command's default_member_permissions (Administrator and owner pass).
   */
  public async slash(options: { channelId: string; userId: string; command: string; options?: Record<string, OptionValue>; locale?: string; application?: ApplicationRecord }): Promise<InteractionHandle> {
    const { command, path, definitions, channel, guild } = this.resolveCommand(options);
    const resolved = new ResolvedBuilder(this.state, guild, channel, options.userId);
    const given = options.options ?? {};
    const values = this.buildOptions(definitions, given, resolved, null);
    const data = {
      id: command.id,
      name: command.name,
      type: ApplicationCommandType.ChatInput,
      ...(command.guild_id ? { guild_id: command.guild_id } : {}),
      ...(wrapPath(path, values).length ? { options: wrapPath(path, values) } : {}),
      ...(resolved.isEmpty ? {} : { resolved: resolved.toJSON() }),
    };
    return this.send({
      application: options.application,
      type: InteractionType.ApplicationCommand,
      kind: 'command',
      userId: options.userId,
      channelId: channel.id,
      data,
      commandName: command.name,
      commandType: ApplicationCommandType.ChatInput,
      ...(options.locale ? { locale: options.locale } : {}),
    });
  }

  /** Types into an autocomplete option: the bot's answer is `await handle.choices()`. */
  public async autocomplete(options: {
    channelId: string;
    userId: string;
    command: string;
    focused: string;
    /** What the member typed so far in the focused option. */
    value: string;
    options?: Record<string, OptionValue>;
    locale?: string;
    application?: ApplicationRecord;
  }): Promise<InteractionHandle> {
    const { command, path, definitions, channel, guild } = this.resolveCommand(options);
    const focusedDefinition = definitions.find((d) => d.name === options.focused);
    if (!focusedDefinition) throw new InteractionRefusedError('unknown_option', `/${options.command} has no option "${options.focused}"`);
    if (!('autocomplete' in focusedDefinition) || focusedDefinition.autocomplete !== true) {
      throw new InteractionRefusedError('not_autocomplete', `option "${options.focused}" of /${options.command} does not autocomplete`);
    }
    const resolved = new ResolvedBuilder(this.state, guild, channel, options.userId);
    const values = this.buildOptions(definitions, { ...(options.options ?? {}), [options.focused]: options.value }, resolved, options.focused);
    const data = {
      id: command.id,
      name: command.name,
      type: ApplicationCommandType.ChatInput,
      ...(command.guild_id ? { guild_id: command.guild_id } : {}),
      options: wrapPath(path, values),
    };
    return this.send({
      application: options.application,
      type: InteractionType.ApplicationCommandAutocomplete,
      kind: 'autocomplete',
      userId: options.userId,
      channelId: channel.id,
      data,
      commandName: command.name,
      commandType: ApplicationCommandType.ChatInput,
      ...(options.locale ? { locale: options.locale } : {}),
    });
  }

  /** Clicks a button (by custom id or label) on a message the member can see. */
  public async clickButton(options: { channelId: string; messageId: string; userId: string; customId?: string; label?: string; locale?: string }): Promise<InteractionHandle> {
    const message = this.visibleMessage(options.channelId, options.messageId, options.userId);
    const button = findComponent(message.components, (c) =>
      c.type === ComponentType.Button && (options.customId !== undefined ? c.custom_id === options.customId : c.label === options.label),
    );
    if (!button) {
      throw new InteractionRefusedError('unknown_component', `message ${message.id} has no button ${options.customId ?? `labelled "${options.label}"`}`);
    }
    if (button.style === ButtonStyle.Link || button.style === ButtonStyle.Premium) {
      throw new InteractionRefusedError('unknown_component', `button ${button.label ?? button.url} opens a link, it sends no interaction`);
    }
    if (button.disabled) throw new InteractionRefusedError('component_disabled', `button ${button.custom_id} is disabled`);
    return this.send({
      application: this.applicationOfMessage(message),
      type: InteractionType.MessageComponent,
      kind: 'component',
      userId: options.userId,
      channelId: message.channelId,
      data: { custom_id: button.custom_id, component_type: ComponentType.Button },
      sourceMessage: message,
      ...(options.locale ? { locale: options.locale } : {}),
    });
  }

  /** Chooses values in a select menu on a message; values must be options of that menu (or existing ids for user/role/channel selects). */
  public async selectMenu(options: { channelId: string; messageId: string; userId: string; customId: string; values: string[]; locale?: string }): Promise<InteractionHandle> {
    const message = this.visibleMessage(options.channelId, options.messageId, options.userId);
    const select = findComponent(message.components, (c) => SELECT_TYPES.includes(c.type) && c.custom_id === options.customId);
    if (!select) throw new InteractionRefusedError('unknown_component', `message ${message.id} has no select menu ${options.customId}`);
    if (select.disabled) throw new InteractionRefusedError('component_disabled', `select menu ${options.customId} is disabled`);
    const channel = this.state.channel(message.channelId);
    const guild = channel.guildId ? this.state.guild(channel.guildId) : null;
    const resolved = new ResolvedBuilder(this.state, guild, channel, options.userId);
    checkSelectValues(select, options.values, resolved);
    return this.send({
      application: this.applicationOfMessage(message),
      type: InteractionType.MessageComponent,
      kind: 'component',
      userId: options.userId,
      channelId: message.channelId,
      data: {
        custom_id: select.custom_id,
        component_type: select.type,
        values: [...options.values],
        ...(select.type !== ComponentType.StringSelect && !resolved.isEmpty ? { resolved: resolved.toJSON() } : {}),
      },
      sourceMessage: message,
      ...(options.locale ? { locale: options.locale } : {}),
    });
  }

  /**
   * Submits the modal the bot opened in answer to `from`. Fields are keyed by
   * custom id or by label; unnamed inputs keep their pre-filled value. Checks
   * required inputs and length limits like the client does.
   */
  public async submitModal(from: InteractionHandle, options: { fields: Record<string, string | string[]>; userId?: string; locale?: string; timeoutMs?: number }): Promise<InteractionHandle> {
    const modal = await from.modal(options.timeoutMs);
    const userId = options.userId ?? from.record.userId;
    const used = new Set<string>();
    const pick = (customId: string, label: string | undefined): string | string[] | undefined => {
      if (customId in options.fields) {
        used.add(customId);
        return options.fields[customId];
      }
      if (label !== undefined && label in options.fields) {
        used.add(label);
        return options.fields[label];
      }
      return undefined;
    };
    let nextId = 1;
    const components = (modal.components as unknown as RawComponent[]).map((component): Record<string, unknown> => {
      const id = component.id ?? nextId;
      nextId = Math.max(nextId, id) + 1;
      if (component.type === ComponentType.TextDisplay) return { type: ComponentType.TextDisplay, id };
      if (component.type === ComponentType.Label) {
        const inner = component.component!;
        const innerId = inner.id ?? nextId++;
        return { type: ComponentType.Label, id, component: submittedInput(inner, innerId, pick(inner.custom_id!, component.label), this.state) };
      }
      const input = component.components![0]!;
      const innerId = input.id ?? nextId++;
      return { type: ComponentType.ActionRow, id, components: [submittedInput(input, innerId, pick(input.custom_id!, input.label), this.state)] };
    });
    const unknown = Object.keys(options.fields).filter((key) => !used.has(key));
    if (unknown.length) throw new InteractionRefusedError('unknown_field', `modal "${modal.title}" has no field ${unknown.map((k) => `"${k}"`).join(', ')}`);
    const source = from.record.kind === 'component' && from.record.sourceMessageId ? this.state.messages.get(from.record.sourceMessageId) : undefined;
    return this.send({
      application: from.record.application,
      type: InteractionType.ModalSubmit,
      kind: 'modal',
      userId,
      channelId: from.record.channelId,
      data: { custom_id: modal.custom_id, components },
      sourceMessage: source ?? null,
      parent: from.record,
      ...(options.locale ? { locale: options.locale } : {}),
    });
  }

  // ── read-backs ──────────────────────────────────────────────────────────

  /** Messages of a channel, oldest first; ephemeral ones only when `visibleTo` is their recipient. */
  public messages(channelId: string, options: { visibleTo?: string } = {}): APIMessage[] {
    return this.state.channelMessages(channelId, options.visibleTo).map((m) => apiMessage(this.state, m));
  }

  public message(channelId: string, messageId: string, options: { visibleTo?: string } = {}): APIMessage | null {
    const message = this.state.messages.get(messageId);
    if (!message || message.channelId !== channelId) return null;
    if (message.visibleTo !== null && message.visibleTo !== options.visibleTo) return null;
    return apiMessage(this.state, message);
  }

  /** Pings so far (who was notified by which new message), optionally of one channel. */
  public pings(channelId?: string): PingRecord[] {
    return this.state.pings.filter((ping) => channelId === undefined || ping.channelId === channelId);
  }

  public lastMessage(channelId: string, options: { visibleTo?: string } = {}): APIMessage | null {
    return this.messages(channelId, options).at(-1) ?? null;
  }

  /** Waits for a message in a channel that satisfies `predicate` (already there or still to come). */
  public async waitForMessage(channelId: string, predicate: (message: APIMessage) => boolean = () => true, timeoutMs = 10_000): Promise<APIMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages(channelId).find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching message in channel ${channelId} within ${timeoutMs} ms`);
      await sleep(20);
    }
  }

  public channel(channelId: string): APIChannel | null {
    const channel = this.state.channels.get(channelId);
    return channel ? apiChannel(channel, this.state) : null;
  }

  public channels(guildId: string): APIChannel[] {
    return this.state.guildChannels(this.state.guild(guildId)).map((c) => apiChannel(c, this.state));
  }

  public roles(guildId: string): APIRole[] {
    return [...this.state.guild(guildId).roles.values()].map((r) => ({ ...r })).sort((a, b) => a.position - b.position);
  }

  public role(guildId: string, roleId: string): APIRole | null {
    const role = this.state.guild(guildId).roles.get(roleId);
    return role ? { ...role } : null;
  }

  public member(guildId: string, userId: string): APIGuildMember | null {
    const member = this.state.guild(guildId).members.get(userId);
    return member ? apiMember(this.state, member) : null;
  }

  public memberRoles(guildId: string, userId: string): string[] {
    return [...(this.state.guild(guildId).members.get(userId)?.roles ?? [])];
  }

  /** Who is in which voice channel. */
  public voiceChannelOf(guildId: string, userId: string): string | null {
    return this.state.guild(guildId).voiceStates.get(userId)?.channelId ?? null;
  }

  /** Commands the bot registered: global ones, plus those of `guildId` when given. */
  public commands(options: { guildId?: string; application?: ApplicationRecord } = {}): APIApplicationCommand[] {
    const application = options.application ?? this.emulator.bot.application;
    const global = [...application.globalCommands.values()];
    const local = options.guildId ? [...(application.guildCommands.get(options.guildId)?.values() ?? [])] : [];
    return [...global, ...local].map((c) => structuredClone(c));
  }

  /** The log of REST calls the bot made, optionally filtered by method and route template or path. */
  public restCalls(filter: { method?: string; route?: string | RegExp; path?: string | RegExp } = {}): RestCall[] {
    return this.emulator.rest.calls.filter((call) => {
      if (filter.method && call.method !== filter.method.toUpperCase()) return false;
      if (filter.route !== undefined && !matchText(call.route ?? '', filter.route)) return false;
      if (filter.path !== undefined && !matchText(call.path, filter.path)) return false;
      return true;
    });
  }

  /** Waits for the bot's next REST call matching `filter` (one already finished counts when `since` is before it). */
  public async waitForRestCall(
    filter: { method?: string; route?: string | RegExp; path?: string | RegExp; since?: number } = {},
    timeoutMs = 10_000,
  ): Promise<RestCall> {
    const since = filter.since ?? 0;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.restCalls(filter).find((call) => call.finishedAt !== null && call.startedAt >= since);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no REST call ${JSON.stringify({ ...filter, route: String(filter.route ?? ''), path: String(filter.path ?? '') })} within ${timeoutMs} ms`);
      await sleep(20);
    }
  }

  /** Interactions the driver sent, oldest first. */
  public interactions(): InteractionHandle[] {
    return [...this.emulator.interactions.records.values()].map((r) => new InteractionHandle(this.emulator, r));
  }

  /**
   * Waits until the bot is idle: no REST request in flight, no interaction
   * waiting for its acknowledgement, and nothing sent or received for `quietMs`.
   */
  public async settle(options: { quietMs?: number; timeoutMs?: number; signal?: AbortSignal } = {}): Promise<void> {
    const quietMs = options.quietMs ?? 250;
    const timeoutMs = options.timeoutMs ?? 15_000;
    const deadline = Date.now() + timeoutMs;
    while (!options.signal?.aborted) {
      const now = Date.now();
      const lastActivity = Math.max(this.emulator.rest.lastActivityAt, this.emulator.gateway.lastActivityAt);
      const pending = this.emulator.interactions.pending.length;
      const inFlight = this.emulator.rest.inFlight;
      if (inFlight === 0 && pending === 0 && now - lastActivity >= quietMs) return;
      if (now > deadline) {
        throw new Error(`settle: bot still busy after ${timeoutMs} ms (${inFlight} REST request(s) in flight, ${pending} unacknowledged interaction(s))`);
      }
      await sleep(Math.min(25, quietMs));
    }
  }

  // ── internals ───────────────────────────────────────────────────────────

  private async send(input: Omit<NewInteraction, 'application'> & { application: ApplicationRecord | undefined }): Promise<InteractionHandle> {
    const record = this.emulator.interactions.create({ ...input, application: input.application ?? this.emulator.bot.application });
    return new InteractionHandle(this.emulator, record);
  }

  private applicationOfMessage(message: MessageRecord): ApplicationRecord {
    const application = (message.applicationId && this.state.applications.get(message.applicationId)) || this.state.applicationOfBot(message.authorId);
    if (!application) throw new InteractionRefusedError('unknown_component', `message ${message.id} was not sent by an application`);
    return application;
  }

  /** A message the member could click on: it exists, they can see the channel, and ephemeral ones are theirs. */
  private visibleMessage(channelId: string, messageId: string, userId: string): MessageRecord {
    const message = this.state.messages.get(messageId);
    if (!message || message.channelId !== channelId) throw new InteractionRefusedError('unknown_message', `no message ${messageId} in channel ${channelId}`);
    if (message.visibleTo !== null) {
      if (message.visibleTo !== userId) throw new InteractionRefusedError('cannot_see_message', `message ${messageId} is ephemeral for another member`);
      return message;
    }
    const channel = this.state.channel(channelId);
    if (channel.guildId) {
      const guild = this.state.guild(channel.guildId);
      if (!guild.members.has(userId)) throw new InteractionRefusedError('not_a_member', `${userId} is not in guild ${guild.id}`);
      if (!has(channelPermissions(guild, channel, userId), PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory)) {
        throw new InteractionRefusedError('cannot_see_message', `${userId} cannot see channel ${channelId}`);
      }
    } else if (!channel.recipientIds.includes(userId)) {
      throw new InteractionRefusedError('cannot_see_message', `${userId} is not in DM ${channelId}`);
    }
    return message;
  }

  /** Finds the command the member typed and checks they may use it here. */
  private resolveCommand(options: { channelId: string; userId: string; command: string; application?: ApplicationRecord }): {
    command: APIApplicationCommand;
    path: string[];
    definitions: APIApplicationCommandOption[];
    channel: ChannelRecord;
    guild: GuildRecord | null;
  } {
    const application = options.application ?? this.emulator.bot.application;
    const channel = this.state.channel(options.channelId);
    const guild = channel.guildId ? this.state.guild(channel.guildId) : null;
    const [name, ...path] = options.command.trim().replace(/^\//, '').split(/\s+/);
    const candidates = [
      ...(guild ? [...(application.guildCommands.get(guild.id)?.values() ?? [])] : []),
      ...application.globalCommands.values(),
    ];
    const command = candidates.find((c) => c.name === name && (c.type ?? ApplicationCommandType.ChatInput) === ApplicationCommandType.ChatInput);
    if (!command) throw new InteractionRefusedError('unknown_command', `the bot registered no command /${name}${guild ? ` for guild ${guild.id}` : ''}`);
    if (guild) {
      if (!guild.members.has(options.userId)) throw new InteractionRefusedError('not_a_member', `${options.userId} is not in guild ${guild.id}`);
      if (!guild.members.has(application.botUserId)) throw new InteractionRefusedError('unknown_command', `the bot is not in guild ${guild.id}`);
      if (command.contexts && !command.contexts.includes(InteractionContextType.Guild)) {
        throw new InteractionRefusedError('unavailable_here', `/${name} is not available in servers`);
      }
      const permissions = channelPermissions(guild, channel, options.userId);
      if (!has(permissions, PermissionFlagsBits.UseApplicationCommands | PermissionFlagsBits.ViewChannel)) {
        throw new InteractionRefusedError('not_allowed', `${options.userId} may not use application commands in ${channel.id}`);
      }
      if (command.default_member_permissions !== null && command.default_member_permissions !== undefined) {
        const required = BigInt(command.default_member_permissions);
        const isAdmin = basePermissions(guild, options.userId) === ALL_PERMISSIONS;
        if (!isAdmin && (required === 0n || !has(permissions, required))) {
          throw new InteractionRefusedError('not_allowed', `${options.userId} lacks the permissions /${name} requires (${command.default_member_permissions}): the client does not offer it`);
        }
      }
    } else {
      if (!channel.recipientIds.includes(options.userId)) throw new InteractionRefusedError('not_a_member', `${options.userId} is not in DM ${channel.id}`);
      const inDms = command.contexts ? command.contexts.includes(InteractionContextType.BotDM) : command.dm_permission !== false;
      if (!inDms || command.guild_id) throw new InteractionRefusedError('unavailable_here', `/${name} is not available in DMs`);
    }
    let definitions = (command.options ?? []) as APIApplicationCommandOption[];
    for (const part of path) {
      const sub = definitions.find(
        (o) => o.name === part && (o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup),
      );
      if (!sub) throw new InteractionRefusedError('unknown_command', `/${name} has no subcommand "${part}"`);
      definitions = ('options' in sub ? (sub.options ?? []) : []) as APIApplicationCommandOption[];
    }
    if (definitions.some((o) => o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup)) {
      throw new InteractionRefusedError('missing_subcommand', `/${options.command} needs a subcommand`);
    }
    return { command, path, definitions, channel, guild };
  }

  /** Option values as Discord sends them, validated against the registered definitions. */
  private buildOptions(
    definitions: APIApplicationCommandOption[],
    given: Record<string, OptionValue>,
    resolved: ResolvedBuilder,
    focused: string | null,
  ): Array<Record<string, unknown>> {
    for (const key of Object.keys(given)) {
      if (!definitions.some((d) => d.name === key)) throw new InteractionRefusedError('unknown_option', `no option "${key}"`);
    }
    const result: Array<Record<string, unknown>> = [];
    for (const definition of definitions) {
      const value = given[definition.name];
      if (value === undefined) {
        if (definition.required && focused === null) throw new InteractionRefusedError('missing_option', `option "${definition.name}" is required`);
        continue;
      }
      if (definition.name === focused) {
        result.push({ name: definition.name, type: definition.type, value: String(value), focused: true });
        continue;
      }
      result.push({ name: definition.name, type: definition.type, value: this.optionValue(definition, value, resolved) });
    }
    return result;
  }

  private optionValue(definition: APIApplicationCommandOption, value: OptionValue, resolved: ResolvedBuilder): unknown {
    const invalid = (why: string) => new InteractionRefusedError('invalid_option', `option "${definition.name}": ${why}`);
    const choices = 'choices' in definition ? definition.choices : undefined;
    switch (definition.type) {
      case ApplicationCommandOptionType.String: {
        if (typeof value !== 'string') throw invalid('must be text');
        if ('min_length' in definition && definition.min_length !== undefined && [...value].length < definition.min_length) throw invalid(`at least ${definition.min_length} characters`);
        if ('max_length' in definition && definition.max_length !== undefined && [...value].length > definition.max_length) throw invalid(`at most ${definition.max_length} characters`);
        if ([...value].length > LIMITS.commandStringLength) throw invalid('too long');
        if (choices?.length && !choices.some((c) => c.value === value)) throw invalid(`must be one of ${choices.map((c) => JSON.stringify(c.value)).join(', ')}`);
        return value;
      }
      case ApplicationCommandOptionType.Integer:
      case ApplicationCommandOptionType.Number: {
        if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid('must be a number');
        if (definition.type === ApplicationCommandOptionType.Integer && !Number.isInteger(value)) throw invalid('must be a whole number');
        // Discord's range for integer options, whatever min/max the command registered.
        if (definition.type === ApplicationCommandOptionType.Integer && !Number.isSafeInteger(value)) throw invalid('must be between -(2^53 - 1) and 2^53 - 1');
        if ('min_value' in definition && definition.min_value !== undefined && value < definition.min_value) throw invalid(`at least ${definition.min_value}`);
        if ('max_value' in definition && definition.max_value !== undefined && value > definition.max_value) throw invalid(`at most ${definition.max_value}`);
        if (choices?.length && !choices.some((c) => c.value === value)) throw invalid(`must be one of ${choices.map((c) => c.value).join(', ')}`);
        return value;
      }
      case ApplicationCommandOptionType.Boolean:
        if (typeof value !== 'boolean') throw invalid('must be true or false');
        return value;
      case ApplicationCommandOptionType.User:
        if (typeof value !== 'string' || !resolved.addUser(value)) throw invalid(`no user ${String(value)}`);
        return value;
      case ApplicationCommandOptionType.Role:
        if (typeof value !== 'string' || !resolved.addRole(value)) throw invalid(`no role ${String(value)} in this guild`);
        return value;
      case ApplicationCommandOptionType.Mentionable:
        if (typeof value !== 'string' || !(resolved.addRole(value) || resolved.addUser(value))) throw invalid(`no user or role ${String(value)}`);
        return value;
      case ApplicationCommandOptionType.Channel: {
        const types = 'channel_types' in definition ? definition.channel_types : undefined;
        if (typeof value !== 'string' || !resolved.addChannel(value, types)) throw invalid(`no suitable channel ${String(value)}`);
        return value;
      }
      case ApplicationCommandOptionType.Attachment: {
        if (typeof value !== 'object') throw invalid('must be a file');
        return resolved.addAttachment(value);
      }
      default:
        throw invalid('unsupported option type');
    }
  }
}

// ── helpers ───────────────────────────────────────────────────────────────

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

const SELECT_TYPES: number[] = [
  ComponentType.StringSelect,
  ComponentType.UserSelect,
  ComponentType.RoleSelect,
  ComponentType.MentionableSelect,
  ComponentType.ChannelSelect,
];

interface RawComponent {
  type: number;
  id?: number;
  custom_id?: string;
  label?: string;
  style?: number;
  url?: string;
  disabled?: boolean;
  required?: boolean;
  value?: string;
  min_length?: number;
  max_length?: number;
  min_values?: number;
  max_values?: number;
  options?: Array<{ label: string; value: string; default?: boolean }>;
  components?: RawComponent[];
  component?: RawComponent;
  accessory?: RawComponent;
  channel_types?: ChannelType[];
}

function findComponent(components: unknown, match: (component: RawComponent) => boolean): RawComponent | undefined {
  for (const component of (components ?? []) as RawComponent[]) {
    if (match(component)) return component;
    for (const child of [...(component.components ?? []), ...(component.accessory ? [component.accessory] : []), ...(component.component ? [component.component] : [])]) {
      const found = findComponent([child], match);
      if (found) return found;
    }
  }
  return undefined;
}

function checkSelectValues(select: RawComponent, values: string[], resolved: ResolvedBuilder): void {
  const min = select.min_values ?? 1;
  const max = select.max_values ?? 1;
  if (values.length < min || values.length > max) {
    throw new InteractionRefusedError('invalid_values', `select ${select.custom_id} takes ${min}..${max} values, got ${values.length}`);
  }
  if (new Set(values).size !== values.length) throw new InteractionRefusedError('invalid_values', `select ${select.custom_id}: duplicate values`);
  for (const value of values) {
    const ok =
      select.type === ComponentType.StringSelect
        ? (select.options ?? []).some((o) => o.value === value)
        : select.type === ComponentType.UserSelect
          ? resolved.addUser(value)
          : select.type === ComponentType.RoleSelect
            ? resolved.addRole(value)
            : select.type === ComponentType.MentionableSelect
              ? resolved.addRole(value) || resolved.addUser(value)
              : resolved.addChannel(value, select.channel_types);
    if (!ok) throw new InteractionRefusedError('invalid_values', `select ${select.custom_id} has no option "${value}"`);
  }
}

/** The submitted form of one modal input, validated as the client validates before sending. */
function submittedInput(input: RawComponent, id: number, given: string | string[] | undefined, _state: unknown): Record<string, unknown> {
  if (input.type === ComponentType.TextInput) {
    if (Array.isArray(given)) throw new InteractionRefusedError('invalid_field', `text input ${input.custom_id} takes text`);
    const value = given ?? input.value ?? '';
    const length = [...value].length;
    const required = input.required ?? true;
    if (required && length === 0) throw new InteractionRefusedError('invalid_field', `"${input.label ?? input.custom_id}" is required`);
    if (length > 0 && input.min_length !== undefined && length < input.min_length) {
      throw new InteractionRefusedError('invalid_field', `"${input.label ?? input.custom_id}" needs at least ${input.min_length} characters`);
    }
    if (length > (input.max_length ?? LIMITS.textInputValue)) {
      throw new InteractionRefusedError('invalid_field', `"${input.label ?? input.custom_id}" allows at most ${input.max_length ?? LIMITS.textInputValue} characters`);
    }
    return { type: ComponentType.TextInput, id, custom_id: input.custom_id, value };
  }
  if (input.type === ComponentType.StringSelect) {
    const values = given === undefined ? (input.options ?? []).filter((o) => o.default).map((o) => o.value) : Array.isArray(given) ? given : [given];
    const required = input.required ?? true;
    if (values.length === 0 && !required) return { type: input.type, id, custom_id: input.custom_id, values };
    const min = input.min_values ?? 1;
    const max = input.max_values ?? 1;
    if (values.length < min || values.length > max) throw new InteractionRefusedError('invalid_field', `select ${input.custom_id} takes ${min}..${max} values`);
    for (const value of values) {
      if (!(input.options ?? []).some((o) => o.value === value)) throw new InteractionRefusedError('invalid_field', `select ${input.custom_id} has no option "${value}"`);
    }
    return { type: input.type, id, custom_id: input.custom_id, values };
  }
  throw new InteractionRefusedError('invalid_field', `modal component type ${input.type} is not supported by the driver`);
}

/** Collects `resolved` users/members/roles/channels/attachments for an interaction. */
class ResolvedBuilder {
  private readonly users: Record<string, unknown> = {};
  private readonly members: Record<string, unknown> = {};
  private readonly roles: Record<string, unknown> = {};
  private readonly channels: Record<string, unknown> = {};
  private readonly attachments: Record<string, APIAttachment> = {};

  public constructor(
    private readonly state: DiscordEmulator['state'],
    private readonly guild: GuildRecord | null,
    private readonly channel: ChannelRecord,
    /** The invoking member: resolved channels carry their permissions there. */
    private readonly userId: string,
  ) {}

  public get isEmpty(): boolean {
    return [this.users, this.roles, this.channels, this.attachments].every((o) => Object.keys(o).length === 0);
  }

  public addUser(id: string): boolean {
    const user = this.state.users.get(id);
    if (!user) return false;
    this.users[id] = apiUser(user);
    const member = this.guild?.members.get(id);
    if (member && this.guild) {
      const { user: _user, ...rest } = apiMember(this.state, member);
      this.members[id] = { ...rest, permissions: channelPermissions(this.guild, this.channel, id).toString() };
    }
    return true;
  }

  public addRole(id: string): boolean {
    const role = this.guild?.roles.get(id);
    if (!role) return false;
    this.roles[id] = { ...role };
    return true;
  }

  public addChannel(id: string, types: readonly ChannelType[] | undefined): boolean {
    const channel = this.state.channels.get(id);
    if (!channel || !this.guild || channel.guildId !== this.guild.id) return false;
    if (types?.length && !types.includes(channel.type)) return false;
    this.channels[id] = {
      id: channel.id,
      type: channel.type,
      name: channel.name,
      parent_id: channel.parentId,
      permissions: channelPermissions(this.guild, channel, this.userId).toString(),
    };
    return true;
  }

  public addAttachment(file: { filename: string; content: string | Buffer; contentType?: string }): string {
    const id = snowflake();
    const data = typeof file.content === 'string' ? Buffer.from(file.content) : file.content;
    const contentType = file.contentType ?? 'application/octet-stream';
    this.state.files.set(id, { id, filename: file.filename, contentType, data });
    const url = `attachment://${file.filename}`;
    this.attachments[id] = { id, filename: file.filename, size: data.length, url, proxy_url: url, content_type: contentType };
    return id;
  }

  public toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (Object.keys(this.users).length) out.users = this.users;
    if (Object.keys(this.members).length) out.members = this.members;
    if (Object.keys(this.roles).length) out.roles = this.roles;
    if (Object.keys(this.channels).length) out.channels = this.channels;
    if (Object.keys(this.attachments).length) out.attachments = this.attachments;
    return out;
  }
}

/** Nests option values under their subcommand (group), as Discord sends them. */
function wrapPath(path: string[], values: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  if (path.length === 0) return values;
  if (path.length === 1) return [{ name: path[0], type: ApplicationCommandOptionType.Subcommand, options: values }];
  return [{ name: path[0], type: ApplicationCommandOptionType.SubcommandGroup, options: [{ name: path[1], type: ApplicationCommandOptionType.Subcommand, options: values }] }];
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

function matchText(text: string, pattern: string | RegExp): boolean {
  return typeof pattern === 'string' ? text === pattern : pattern.test(text);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

