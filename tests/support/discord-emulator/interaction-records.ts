/**
 * What the emulator keeps of an interaction, and the INTERACTION_CREATE payload a
 * member's action turns into (as Discord builds it: channel, permissions, member or
 * user, locale, the message a component sits on, interaction metadata).
 */
import { randomBytes } from 'node:crypto';
import {
  InteractionContextType,
  InteractionType,
  PermissionFlagsBits,
  type APIApplicationCommandAutocompleteResponse,
  type APIInteraction,
  type APIMessageInteractionMetadata,
  type APIModalInteractionResponseCallbackData,
  type ApplicationCommandType,
  type InteractionResponseType,
} from 'discord-api-types/v10';
import { ATTACHMENT_SIZE_LIMIT } from './attachments';
import { channelPermissions } from './permissions';
import { apiChannel, apiMember, apiMessage, apiUser } from './serialize';
import { snowflake } from './snowflake';
import type { ApplicationRecord, EmulatorState, MessageRecord } from './state';

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

/** A new, pending record of `input` with the payload Discord dispatches for it. */
export function newInteractionRecord(state: EmulatorState, input: NewInteraction): InteractionRecord {
  const id = snowflake();
  const token = `aW50ZXJhY3Rpb246${id}:${randomBytes(48).toString('base64url')}`;
  const channel = state.channel(input.channelId);
  const user = state.user(input.userId);
  const guild = channel.guildId ? state.guild(channel.guildId) : null;
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
    channel: apiChannel(channel, state),
    channel_id: channel.id,
    app_permissions: appPermissions.toString(),
    locale: input.locale ?? user.locale,
    entitlements: [],
    authorizing_integration_owners: authorizingOwners,
    context: guild ? InteractionContextType.Guild : InteractionContextType.BotDM,
    attachment_size_limit: ATTACHMENT_SIZE_LIMIT,
  };
  if (guild && member) {
    payload.guild_id = guild.id;
    payload.guild = { id: guild.id, locale: guild.preferredLocale, features: [...guild.features] };
    payload.guild_locale = guild.preferredLocale;
    payload.member = { ...apiMember(state, member), permissions: channelPermissions(guild, channel, user.id).toString() };
  } else {
    payload.user = apiUser(user);
  }
  if (input.sourceMessage) payload.message = apiMessage(state, input.sourceMessage);
  const metadata = metadataFor(state, input, id, user.id, authorizingOwners);
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
  return record;
}

function metadataFor(state: EmulatorState, input: NewInteraction, id: string, userId: string, owners: Record<string, string>): APIMessageInteractionMetadata {
  const base = { id, user: apiUser(state.user(userId)), authorizing_integration_owners: owners };
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
