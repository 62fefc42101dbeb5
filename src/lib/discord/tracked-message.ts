/**
 * Messages whose id the database remembers (planner, participant lists, raid list):
 * edit in place by stored id, post again when the message was deleted behind the
 * bot's back. Works on raw REST routes with rendered JSON payloads, so nothing needs
 * the channel in the client's cache and no fetch precedes an edit.
 */
import { RESTJSONErrorCodes, Routes, type REST, type RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { APIMessage } from 'discord.js';
import { messageShowsPayload } from './message-equality';
import { ChannelUnavailableError, channelUnavailableFrom, isDiscordError, isUnknownMessage } from './errors';

export type MessagePayload = RESTPostAPIChannelMessageJSONBody;

export interface TrackedMessageResult {
  readonly messageId: string;
  /** True when a new message was posted (no stored id, or the stored one was gone). */
  readonly posted: boolean;
  /** True when the message was read back, already showed the payload and was left alone. */
  readonly unchanged?: boolean;
}

/** Messages already read (restoration reads whole channels in pages): null = known to be gone, undefined = not read. */
export interface MessageReadBack {
  lookup(channelId: string, messageId: string): APIMessage | null | undefined;
}

export interface UpsertOptions {
  /**
   * Read the message first and leave it alone when it already shows the payload. Used
   * by start-up restoration, so a restart with nothing changed edits nothing.
   */
  readonly skipIfUnchanged?: boolean;
  /** With `skipIfUnchanged`: where the message was read already; a single GET only for what it does not know. */
  readonly readBack?: MessageReadBack;
}

/** Posts a message; a channel the bot cannot use raises ChannelUnavailableError. */
export async function postMessage(rest: REST, channelId: string, payload: MessagePayload): Promise<string> {
  try {
    const message = (await rest.post(Routes.channelMessages(channelId), { body: payload })) as APIMessage;
    return message.id;
  } catch (error) {
    throw channelUnavailableFrom(error, channelId) ?? error;
  }
}

/**
 * Edits the stored message, or posts a new one when there is none or it was deleted
 * (10008). The caller stores `messageId` when `posted` is true. A channel that is gone
 * or closed to the bot raises ChannelUnavailableError.
 */
export async function upsertTrackedMessage(
  rest: REST,
  channelId: string,
  messageId: string | null,
  payload: MessagePayload,
  options: UpsertOptions = {},
): Promise<TrackedMessageResult> {
  if (messageId !== null && options.skipIfUnchanged === true) {
    const known = options.readBack?.lookup(channelId, messageId);
    const current = known !== undefined ? known : await fetchMessage(rest, channelId, messageId).catch((error: unknown) => {
      // Reading needs Read Message History, editing does not: without it, just edit.
      if (error instanceof ChannelUnavailableError && error.reason !== 'unknownChannel') return undefined;
      throw error;
    });
    if (current === null) return { messageId: await postMessage(rest, channelId, payload), posted: true };
    if (current !== undefined && messageShowsPayload(current, payload)) return { messageId, posted: false, unchanged: true };
  }
  if (messageId !== null && (await editMessage(rest, channelId, messageId, payload))) return { messageId, posted: false };
  return { messageId: await postMessage(rest, channelId, payload), posted: true };
}

/** The message as Discord shows it; null when it no longer exists. */
export async function fetchMessage(rest: REST, channelId: string, messageId: string): Promise<APIMessage | null> {
  try {
    return (await rest.get(Routes.channelMessage(channelId, messageId))) as APIMessage;
  } catch (error) {
    if (isUnknownMessage(error)) return null;
    throw channelUnavailableFrom(error, channelId) ?? error;
  }
}

/** Edits a message; false when it no longer exists. */
export async function editMessage(rest: REST, channelId: string, messageId: string, payload: MessagePayload): Promise<boolean> {
  try {
    await rest.patch(Routes.channelMessage(channelId, messageId), { body: editBody(payload) });
    return true;
  } catch (error) {
    if (isUnknownMessage(error)) return false;
    throw channelUnavailableFrom(error, channelId) ?? error;
  }
}

/**
 * Deletes a message. A message or channel that is already gone counts as deleted
 * (that is what the caller wanted); a channel closed to the bot raises ChannelUnavailableError.
 */
export async function deleteMessage(rest: REST, channelId: string, messageId: string): Promise<void> {
  try {
    await rest.delete(Routes.channelMessage(channelId, messageId));
  } catch (error) {
    if (isDiscordError(error, RESTJSONErrorCodes.UnknownMessage, RESTJSONErrorCodes.UnknownChannel)) return;
    throw channelUnavailableFrom(error, channelId) ?? error;
  }
}

/**
 * An edit replaces content, embeds and components only when they are present, so
 * a rendered payload always sends all three: a message that turns from embed to
 * text (or loses its buttons) must not keep the old parts.
 */
function editBody(payload: MessagePayload): MessagePayload {
  return { content: '', embeds: [], components: [], ...payload };
}
