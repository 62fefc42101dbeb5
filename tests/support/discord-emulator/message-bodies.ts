/**
 * What a validated message body does to the state, the same for every route that
 * takes one: the fields of a new message (channel POST, interaction replies and
 * follow-ups) and an edit (channel PATCH, an interaction's update, @original and
 * follow-up edits through its webhook).
 */
import { MessageFlags } from 'discord-api-types/v10';
import { resolveAttachments } from './attachments';
import { errors } from './errors';
import type { UploadedFile } from './rest/router';
import type { EmulatorState, MessageRecord } from './state';
import { isEmptyMessage, type MessageBody } from './validation/message';
import type { AllowedMentions, NewMessage, World } from './world';

/** Flags an edit may set or clear; every other flag the message carries stays. */
const EDITABLE_FLAGS = MessageFlags.SuppressEmbeds | MessageFlags.IsComponentsV2;

/** The body's message fields (flags and nonce are the caller's: they differ by route). */
export function messageFields(body: MessageBody): Pick<NewMessage, 'content' | 'embeds' | 'components' | 'tts' | 'allowedMentions'> {
  return {
    ...(body.content !== undefined ? { content: body.content } : {}),
    ...(body.embeds !== undefined ? { embeds: body.embeds as never } : {}),
    ...(body.components !== undefined ? { components: body.components as never } : {}),
    ...(body.tts !== undefined ? { tts: body.tts } : {}),
    ...(body.allowed_mentions !== undefined ? { allowedMentions: body.allowed_mentions as AllowedMentions | null } : {}),
  };
}

export interface MessageEdit {
  readonly state: EmulatorState;
  readonly world: World;
  /** The emulator's base URL, for uploaded attachments. */
  readonly baseUrl: string;
  readonly files: UploadedFile[];
  /** The edit fills in a deferred reply: "thinking…" ends. */
  readonly clearLoading?: boolean;
}

/** Edits `message` as `body` says; a message left with nothing to show is refused (50006). */
export function editMessage(message: MessageRecord, body: MessageBody, edit: MessageEdit): MessageRecord {
  const attachments = resolveAttachments(edit.state, edit.baseUrl, body, edit.files, message.attachments, (message.flags & MessageFlags.Ephemeral) !== 0);
  const next = {
    content: body.content ?? message.content,
    embeds: body.embeds ?? message.embeds,
    components: body.components ?? message.components,
    attachments: attachments ?? message.attachments,
  };
  if (isEmptyMessage(next)) throw errors.emptyMessage();
  const flags = body.flags === undefined ? message.flags : (message.flags & ~EDITABLE_FLAGS) | (body.flags & EDITABLE_FLAGS);
  const { tts: _tts, ...fields } = messageFields(body);
  return edit.world.editMessage(message, {
    ...fields,
    ...(attachments ? { attachments } : {}),
    flags: edit.clearLoading ? flags & ~MessageFlags.Loading : flags,
  });
}
