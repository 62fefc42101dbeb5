import {
  ButtonStyle,
  ChannelType,
  ComponentType,
  InteractionType,
  PermissionFlagsBits,
  type APIEmbed,
  type APIMessage,
} from 'discord-api-types/v10';
import type { NewInteraction } from '../interaction-records';
import { LIMITS } from '../limits';
import { channelPermissions, has } from '../permissions';
import { apiMessage } from '../serialize';
import type { ApplicationRecord, EmulatorState, MessageRecord } from '../state';
import { InteractionRefusedError } from './errors';
import type { InteractionHandle } from './handle';
import { DriverPart } from './part';
import { ResolvedBuilder } from './resolved';

/**
 * A member acting on what they see: writing a message, joining voice, clicking a
 * button, choosing in a select menu and submitting a modal, each refused the way
 * Discord's client refuses it.
 */
export class MemberActs extends DriverPart {
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

  /** Clicks a button (by custom id or label) on a message the member can see. */
  public async clickButton(options: { channelId: string; messageId: string; userId: string; customId?: string; label?: string; locale?: string }): Promise<InteractionHandle> {
    const message = visibleMessage(this.state, options.channelId, options.messageId, options.userId);
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
    return this.send(componentInteraction(this.state, message, options, { custom_id: button.custom_id, component_type: ComponentType.Button }));
  }

  /** Chooses values in a select menu on a message; values must be options of that menu (or existing ids for user/role/channel selects). */
  public async selectMenu(options: { channelId: string; messageId: string; userId: string; customId: string; values: string[]; locale?: string }): Promise<InteractionHandle> {
    const message = visibleMessage(this.state, options.channelId, options.messageId, options.userId);
    const select = findComponent(message.components, (c) => SELECT_TYPES.includes(c.type) && c.custom_id === options.customId);
    if (!select) throw new InteractionRefusedError('unknown_component', `message ${message.id} has no select menu ${options.customId}`);
    if (select.disabled) throw new InteractionRefusedError('component_disabled', `select menu ${options.customId} is disabled`);
    const channel = this.state.channel(message.channelId);
    const guild = channel.guildId ? this.state.guild(channel.guildId) : null;
    const resolved = new ResolvedBuilder(this.state, guild, channel, options.userId);
    checkSelectValues(select, options.values, resolved);
    return this.send(
      componentInteraction(this.state, message, options, {
        custom_id: select.custom_id,
        component_type: select.type,
        values: [...options.values],
        ...(select.type !== ComponentType.StringSelect && !resolved.isEmpty ? { resolved: resolved.toJSON() } : {}),
      }),
    );
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
        return { type: ComponentType.Label, id, component: submittedInput(inner, innerId, pick(inner.custom_id!, component.label)) };
      }
      const input = component.components![0]!;
      const innerId = input.id ?? nextId++;
      return { type: ComponentType.ActionRow, id, components: [submittedInput(input, innerId, pick(input.custom_id!, input.label))] };
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
}

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
function submittedInput(input: RawComponent, id: number, given: string | string[] | undefined): Record<string, unknown> {
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

/** The interaction a member's click or choice on `message` sends. */
function componentInteraction(
  state: EmulatorState,
  message: MessageRecord,
  options: { userId: string; locale?: string },
  data: Record<string, unknown>,
): Omit<NewInteraction, 'application'> & { application: ApplicationRecord } {
  return {
    application: applicationOfMessage(state, message),
    type: InteractionType.MessageComponent,
    kind: 'component',
    userId: options.userId,
    channelId: message.channelId,
    data,
    sourceMessage: message,
    ...(options.locale ? { locale: options.locale } : {}),
  };
}

function applicationOfMessage(state: EmulatorState, message: MessageRecord): ApplicationRecord {
  const application = (message.applicationId && state.applications.get(message.applicationId)) || state.applicationOfBot(message.authorId);
  if (!application) throw new InteractionRefusedError('unknown_component', `message ${message.id} was not sent by an application`);
  return application;
}

/** A message the member could click on: it exists, they can see the channel, and ephemeral ones are theirs. */
function visibleMessage(state: EmulatorState, channelId: string, messageId: string, userId: string): MessageRecord {
  const message = state.messages.get(messageId);
  if (!message || message.channelId !== channelId) throw new InteractionRefusedError('unknown_message', `no message ${messageId} in channel ${channelId}`);
  if (message.visibleTo !== null) {
    if (message.visibleTo !== userId) throw new InteractionRefusedError('cannot_see_message', `message ${messageId} is ephemeral for another member`);
    return message;
  }
  const channel = state.channel(channelId);
  if (channel.guildId) {
    const guild = state.guild(channel.guildId);
    if (!guild.members.has(userId)) throw new InteractionRefusedError('not_a_member', `${userId} is not in guild ${guild.id}`);
    if (!has(channelPermissions(guild, channel, userId), PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory)) {
      throw new InteractionRefusedError('cannot_see_message', `${userId} cannot see channel ${channelId}`);
    }
  } else if (!channel.recipientIds.includes(userId)) {
    throw new InteractionRefusedError('cannot_see_message', `${userId} is not in DM ${channelId}`);
  }
  return message;
}
