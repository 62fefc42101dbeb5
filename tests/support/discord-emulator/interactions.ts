import { EventEmitter } from 'node:events';
import {
  ApplicationCommandType,
  GatewayDispatchEvents,
  InteractionResponseType,
  MessageFlags,
  MessageType,
  type APIMessageInteractionMetadata,
  type APIModalInteractionResponseCallbackData,
} from 'discord-api-types/v10';
import { resolveAttachments } from './attachments';
import { DiscordHttpError, errors } from './errors';
import { newInteractionRecord, type InteractionRecord, type NewInteraction } from './interaction-records';
import { editMessage, messageFields } from './message-bodies';
import type { RequestContext, RestResult } from './rest/router';
import { apiMessage, apiUser } from './serialize';
import type { EmulatorState, MessageRecord } from './state';
import { FormErrors, isRecord } from './validation/form-errors';
import { validateAutocompleteChoices, validateMessageBody, validateModal, type MessageBody } from './validation/message';
import type { World } from './world';

export interface InteractionOptions {
  /** Discord gives a bot 3 s to acknowledge. */
  ackWindowMs: number;
  /** Follow-ups and edits work for 15 minutes. */
  tokenLifetimeMs: number;
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
    const record = newInteractionRecord(this.state, input);
    this.records.set(record.id, record);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (record.status !== 'pending') return;
      record.status = 'expired';
      record.events.push({ kind: 'expired', at: Date.now() });
      this.emit('updated', record);
    }, this.options.ackWindowMs);
    this.timers.add(timer);
    // Only the session of the guild's shard (shard 0 for DMs) receives the interaction.
    this.world.gateway.dispatch(GatewayDispatchEvents.InteractionCreate, record.payload, {
      applicationId: input.application.id,
      ...(record.guildId ? { guildId: record.guildId } : {}),
    });
    this.emit('created', record);
    return record;
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
      attachments: resolveAttachments(this.state, this.baseUrl, data, context.files, [], ephemeral) ?? [],
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
