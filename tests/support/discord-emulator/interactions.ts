import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  ApplicationCommandType,
  GatewayDispatchEvents,
  InteractionContextType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  MessageType,
  PermissionFlagsBits,
  type APIApplicationCommandAutocompleteResponse,
  type APIInteraction,
  type APIMessageInteractionMetadata,
  type APIModalInteractionResponseCallbackData,
} from 'discord-api-types/v10';
import { resolveAttachments } from './attachments';
import { DiscordHttpError, errors } from './errors';
import { editMessage, messageFields } from './message-bodies';
import { channelPermissions } from './permissions';
import type { RequestContext, RestResult } from './rest/router';
import { apiChannel, apiMember, apiMessage, apiUser } from './serialize';
import { snowflake } from './snowflake';
import type { ApplicationRecord, EmulatorState, MessageRecord } from './state';
import { FormErrors, isRecord } from './validation/form-errors';
import { validateAutocompleteChoices, validateMessageBody, validateModal, type MessageBody } from './validation/message';
import type { World } from './world';

export type InteractionKind = 'command' | 'autocomplete' | 'component' | 'modal';

export type InteractionStatus = 'pending' | 'acknowledged' | 'expired';

/** Something the bot did with an interaction, in order. */
export interface InteractionEvent {
  kind: 'callback' | 'followup' | 'edit' | 'delete' | 'expired';
  at: number;
  /** For `callback`: the response type (4 reply, 5 defer, 6 deferred update, 7 update, 8 choices, 9 modal). */
  callbackType?: InteractionResponseType;
  messageId?: string;
  body?: unknown;
}

export interface InteractionRecord {
  id: string;
  token: string;
  application: ApplicationRecord;
  type: InteractionType;
  kind: InteractionKind;
  guildId: string | null;
  channelId: string;
  userId: string;
  createdAt: number;
  /** The INTERACTION_CREATE payload exactly as dispatched. */
  payload: APIInteraction;
  /** The message a component sits on (or the modal was opened from). */
  sourceMessageId: string | null;
  /** Interaction whose response opened the modal (modal submits only). */
  parentId: string | null;
  status: InteractionStatus;
  callbackType: InteractionResponseType | null;
  originalMessageId: string | null;
  /** A deferred (type 5) reply still showing "thinking…". */
  loading: boolean;
  followUpIds: string[];
  modal: APIModalInteractionResponseCallbackData | null;
  choices: APIApplicationCommandAutocompleteResponse['data']['choices'] | null;
  events: InteractionEvent[];
  metadata: APIMessageInteractionMetadata;
  commandName: string | null;
  commandType: ApplicationCommandType | null;
}

export interface InteractionOptions {
  /** Discord gives a bot 3 s to acknowledge. */
  ackWindowMs: number;
  /** Follow-ups and edits work for 15 minutes. */
  tokenLifetimeMs: number;
}

export interface NewInteraction {
  application: ApplicationRecord;
  type: InteractionType;
  kind: InteractionKind;
  userId: string;
  channelId: string;
  data: unknown;
  sourceMessage?: MessageRecord | null;
  parent?: InteractionRecord | null;
  commandName?: string | null;
  commandType?: ApplicationCommandType | null;
  locale?: string;
}

const SETTLED_FLAGS = MessageFlags.Ephemeral | MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2;

/**
 * Interaction lifecycle as Discord runs it: INTERACTION_CREATE to the bot, one
 * acknowledgement within the window (a second answers 40060, a late one 10062),
 * then webhook follow-ups and edits of @original for 15 minutes.
 *
 * Events: `created`, `updated` (record) whenever the bot did something with it.
 */
export class Interactions extends EventEmitter {
  public readonly records = new Map<string, InteractionRecord>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private baseUrl = '';

  public constructor(
    private readonly state: EmulatorState,
    private readonly world: World,
    private readonly options: InteractionOptions,
  ) {
    super();
    // One waiter per interaction handle awaiting an answer; a burst of 100 votes is normal, not a leak.
    this.setMaxListeners(0);
  }

  public get ackWindowMs(): number {
    return this.options.ackWindowMs;
  }

  public setBaseUrl(baseUrl: string): void {
    this.baseUrl = baseUrl;
  }

  /** Interactions still waiting for their acknowledgement. */
  public get pending(): InteractionRecord[] {
    return [...this.records.values()].filter((r) => r.status === 'pending');
  }

  public create(input: NewInteraction): InteractionRecord {
    const id = snowflake();
    const token = `aW50ZXJhY3Rpb246${id}:${randomBytes(48).toString('base64url')}`;
    const channel = this.state.channel(input.channelId);
    const user = this.state.user(input.userId);
    const guild = channel.guildId ? this.state.guild(channel.guildId) : null;
    const member = guild?.members.get(user.id);
    const botUserId = input.application.botUserId;
    const appPermissions = guild
      ? channelPermissions(guild, channel, botUserId)
      : PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.AttachFiles | PermissionFlagsBits.ReadMessageHistory;
    const authorizingOwners = guild ? { '0': guild.id } : { '0': '0' };
    const payload: Record<string, unknown> = {
      id,
      application_id: input.application.id,
      type: input.type,
      data: input.data,
      token,
      version: 1,
      channel: apiChannel(channel, this.state),
      channel_id: channel.id,
      app_permissions: appPermissions.toString(),
      locale: input.locale ?? user.locale,
      entitlements: [],
      authorizing_integration_owners: authorizingOwners,
      context: guild ? InteractionContextType.Guild : InteractionContextType.BotDM,
      attachment_size_limit: 10 * 1024 * 1024,
    };
    if (guild && member) {
      payload.guild_id = guild.id;
      payload.guild = { id: guild.id, locale: guild.preferredLocale, features: [...guild.features] };
      payload.guild_locale = guild.preferredLocale;
      payload.member = { ...apiMember(this.state, member), permissions: channelPermissions(guild, channel, user.id).toString() };
    } else {
      payload.user = apiUser(user);
    }
    if (input.sourceMessage) payload.message = apiMessage(this.state, input.sourceMessage);
    const metadata = this.metadataFor(input, id, user.id, authorizingOwners);
    const record: InteractionRecord = {
      id,
      token,
      application: input.application,
      type: input.type,
      kind: input.kind,
      guildId: guild?.id ?? null,
      channelId: channel.id,
      userId: user.id,
      createdAt: Date.now(),
      payload: payload as unknown as APIInteraction,
      sourceMessageId: input.sourceMessage?.id ?? null,
      parentId: input.parent?.id ?? null,
      status: 'pending',
      callbackType: null,
      originalMessageId: null,
      loading: false,
      followUpIds: [],
      modal: null,
      choices: null,
      events: [],
      metadata,
      commandName: input.commandName ?? null,
      commandType: input.commandType ?? null,
    };
    this.records.set(id, record);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (record.status !== 'pending') return;
      record.status = 'expired';
      record.events.push({ kind: 'expired', at: Date.now() });
      this.emit('updated', record);
    }, this.options.ackWindowMs);
    this.timers.add(timer);
    this.world.gateway.dispatch(GatewayDispatchEvents.InteractionCreate, payload, { applicationId: input.application.id });
    this.emit('created', record);
    return record;
  }

  private metadataFor(input: NewInteraction, id: string, userId: string, owners: Record<string, string>): APIMessageInteractionMetadata {
    const base = { id, user: apiUser(this.state.user(userId)), authorizing_integration_owners: owners };
    if (input.type === InteractionType.MessageComponent) {
      return { ...base, type: InteractionType.MessageComponent, interacted_message_id: input.sourceMessage?.id ?? '' };
    }
    if (input.type === InteractionType.ModalSubmit) {
      const parent = input.parent?.metadata;
      return {
        ...base,
        type: InteractionType.ModalSubmit,
        triggering_interaction_metadata: (parent && parent.type !== InteractionType.ModalSubmit ? parent : { ...base, type: InteractionType.ApplicationCommand }) as never,
      };
    }
    return { ...base, type: InteractionType.ApplicationCommand, ...(input.commandName ? { name: input.commandName, command_type: input.commandType ?? 1 } : {}) } as APIMessageInteractionMetadata;
  }

  // ── POST /interactions/:id/:token/callback ─────────────────────────────

  public callback(context: RequestContext): RestResult {
    const record = this.records.get(context.params.interaction_id!);
    if (!record || record.token !== context.params.interaction_token) throw errors.unknownInteraction();
    if (record.status === 'acknowledged') throw errors.alreadyAcknowledged();
    if (record.status === 'expired' || Date.now() - record.createdAt > this.options.ackWindowMs) throw errors.unknownInteraction();
    const body = isRecord(context.body) ? context.body : {};
    const type = body.type as InteractionResponseType;
    if (!allowedResponses(record).includes(type)) {
      const form = new FormErrors();
      form.add(['type'], 'INTERACTION_RESPONSE_TYPE_INVALID', 'Interaction response type is invalid for this interaction');
      throw form.toError();
    }
    let resourceMessage: MessageRecord | null = null;
    switch (type) {
      case InteractionResponseType.ChannelMessageWithSource: {
        const data = validateMessageBody(body.data, { requireSomething: true, allowEphemeral: true, fileCount: context.files.length });
        resourceMessage = this.createResponseMessage(record, data, context, false);
        record.originalMessageId = resourceMessage.id;
        break;
      }
      case InteractionResponseType.DeferredChannelMessageWithSource: {
        const data = validateMessageBody(body.data ?? {}, { requireSomething: false, allowEphemeral: true });
        resourceMessage = this.createResponseMessage(record, { flags: (data.flags ?? 0) & MessageFlags.Ephemeral }, context, true);
        record.originalMessageId = resourceMessage.id;
        record.loading = true;
        break;
      }
      case InteractionResponseType.DeferredMessageUpdate:
        record.originalMessageId = record.sourceMessageId;
        break;
      case InteractionResponseType.UpdateMessage: {
        const source = this.sourceMessage(record);
        const data = validateMessageBody(body.data ?? {}, { requireSomething: false, allowEphemeral: true });
        this.applyEdit(source, data, context);
        record.originalMessageId = source.id;
        resourceMessage = source;
        break;
      }
      case InteractionResponseType.ApplicationCommandAutocompleteResult:
        record.choices = validateAutocompleteChoices(body.data);
        break;
      case InteractionResponseType.Modal:
        validateModal(body.data);
        record.modal = structuredClone(body.data) as APIModalInteractionResponseCallbackData;
        break;
      default:
        break;
    }
    record.status = 'acknowledged';
    record.callbackType = type;
    record.events.push({ kind: 'callback', at: Date.now(), callbackType: type, body: context.body, ...(resourceMessage ? { messageId: resourceMessage.id } : {}) });
    this.emit('updated', record);
    if (context.query.get('with_response') !== 'true') return {};
    return {
      status: 200,
      body: {
        interaction: {
          id: record.id,
          type: record.type,
          ...(resourceMessage
            ? {
                response_message_id: resourceMessage.id,
                response_message_loading: record.loading,
                response_message_ephemeral: (resourceMessage.flags & MessageFlags.Ephemeral) !== 0,
              }
            : {}),
        },
        resource: { type, ...(resourceMessage ? { message: apiMessage(this.state, resourceMessage) } : {}) },
      },
    };
  }

  private sourceMessage(record: InteractionRecord): MessageRecord {
    const message = record.sourceMessageId ? this.state.messages.get(record.sourceMessageId) : undefined;
    if (!message) throw errors.unknownMessage();
    return message;
  }

  private createResponseMessage(record: InteractionRecord, data: MessageBody, context: RequestContext, loading: boolean): MessageRecord {
    const flags = (data.flags ?? 0) & SETTLED_FLAGS;
    const ephemeral = (flags & MessageFlags.Ephemeral) !== 0;
    const app = record.application;
    const original = record.originalMessageId ? this.state.messages.get(record.originalMessageId) : undefined;
    return this.world.createMessage({
      channelId: record.channelId,
      authorId: app.botUserId,
      ...messageFields(data),
      attachments: resolveAttachments(this.state, this.baseUrl, data, context.files) ?? [],
      flags: flags | (loading ? MessageFlags.Loading : 0),
      type: record.kind === 'command' ? (record.commandType === ApplicationCommandType.ChatInput || record.commandType === null ? MessageType.ChatInputCommand : MessageType.ContextMenuCommand) : MessageType.Default,
      webhookId: app.id,
      applicationId: app.id,
      interactionMetadata: original ? { ...record.metadata, original_response_message_id: original.id } as APIMessageInteractionMetadata : record.metadata,
      ...(record.commandName ? { interaction: { id: record.id, type: record.type, name: record.commandName, user: apiUser(this.state.user(record.userId)) } } : {}),
      visibleTo: ephemeral ? record.userId : null,
    });
  }

  private applyEdit(message: MessageRecord, data: MessageBody, context: RequestContext, clearLoading = false): MessageRecord {
    return editMessage(message, data, { state: this.state, world: this.world, baseUrl: this.baseUrl, files: context.files, clearLoading });
  }

  // ── webhook routes: /webhooks/:application_id/:token/... ───────────────

  private byToken(context: RequestContext): InteractionRecord {
    const token = context.params.webhook_token;
    const record = [...this.records.values()].find((r) => r.token === token && r.application.id === context.params.webhook_id);
    if (!record) throw errors.unknownWebhook();
    if (Date.now() - record.createdAt > this.options.tokenLifetimeMs) {
      throw new DiscordHttpError(401, { message: 'Invalid Webhook Token', code: 50027 });
    }
    // Until the interaction is acknowledged its webhook does not exist yet.
    if (record.status !== 'acknowledged') throw errors.unknownWebhook();
    return record;
  }

  private messageOf(record: InteractionRecord, messageId: string): MessageRecord {
    const id = messageId === '@original' ? record.originalMessageId : messageId;
    if (!id || (id !== record.originalMessageId && !record.followUpIds.includes(id))) throw errors.unknownMessage();
    const message = this.state.messages.get(id);
    if (!message) throw errors.unknownMessage();
    return message;
  }

  public followUp(context: RequestContext): RestResult {
    const record = this.byToken(context);
    const data = validateMessageBody(context.body, { requireSomething: true, allowEphemeral: true, fileCount: context.files.length });
    let message: MessageRecord;
    if (record.loading && record.originalMessageId && this.state.messages.has(record.originalMessageId)) {
      // Discord: the first follow-up after a deferred reply replaces the "thinking…" message.
      message = this.applyEdit(this.state.messages.get(record.originalMessageId)!, { ...data, flags: undefined }, context, true);
      record.loading = false;
    } else {
      message = this.createResponseMessage(record, data, context, false);
      record.followUpIds.push(message.id);
    }
    record.events.push({ kind: 'followup', at: Date.now(), messageId: message.id, body: context.body });
    this.emit('updated', record);
    return { body: apiMessage(this.state, message) };
  }

  public getMessage(context: RequestContext): RestResult {
    const record = this.byToken(context);
    return { body: apiMessage(this.state, this.messageOf(record, context.params.message_id!)) };
  }

  public editMessage(context: RequestContext): RestResult {
    const record = this.byToken(context);
    const message = this.messageOf(record, context.params.message_id!);
    const data = validateMessageBody(context.body, { requireSomething: false, allowEphemeral: false });
    const clearLoading = record.loading && message.id === record.originalMessageId;
    this.applyEdit(message, data, context, clearLoading);
    if (clearLoading) record.loading = false;
    record.events.push({ kind: 'edit', at: Date.now(), messageId: message.id, body: context.body });
    this.emit('updated', record);
    return { body: apiMessage(this.state, message) };
  }

  public deleteMessage(context: RequestContext): RestResult {
    const record = this.byToken(context);
    const message = this.messageOf(record, context.params.message_id!);
    this.world.deleteMessage(message);
    record.events.push({ kind: 'delete', at: Date.now(), messageId: message.id });
    this.emit('updated', record);
    return {};
  }

  public close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

/** Which response types each kind of interaction accepts. */
function allowedResponses(record: InteractionRecord): InteractionResponseType[] {
  const reply = [InteractionResponseType.ChannelMessageWithSource, InteractionResponseType.DeferredChannelMessageWithSource];
  const update = [InteractionResponseType.DeferredMessageUpdate, InteractionResponseType.UpdateMessage];
  switch (record.kind) {
    case 'command':
      return [...reply, InteractionResponseType.Modal];
    case 'autocomplete':
      return [InteractionResponseType.ApplicationCommandAutocompleteResult];
    case 'component':
      return [...reply, ...update, InteractionResponseType.Modal];
    case 'modal':
      return record.sourceMessageId ? [...reply, ...update] : reply;
  }
}
