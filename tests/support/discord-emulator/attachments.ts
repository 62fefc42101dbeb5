import type { APIAttachment } from 'discord-api-types/v10';
import { DiscordHttpError } from './errors';
import type { UploadedFile } from './rest/router';
import { snowflake } from './snowflake';
import type { EmulatorState, StoredFile } from './state';
import type { MessageBody } from './validation/message';

/** Discord's upload limit without boosts (also the `attachment_size_limit` interactions carry). */
export const ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;

/**
 * What Discord answers for a part that came without a type of its own (discord.js
 * sends text without one): the type of the file name's extension, as Discord detects it.
 */
const TYPE_BY_EXTENSION: Readonly<Record<string, string>> = {
  ics: 'text/calendar; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  sql: 'application/sql',
  json: 'application/json; charset=utf-8',
  png: 'image/png',
};

function contentTypeOf(file: UploadedFile, filename: string): string {
  if (file.contentType !== '' && file.contentType !== 'application/octet-stream') return file.contentType;
  return TYPE_BY_EXTENSION[filename.split('.').pop()?.toLowerCase() ?? ''] ?? file.contentType;
}

/**
 * The attachments a message ends up with: uploaded `files[n]` become new
 * attachments (served under `/attachments/...` of the emulator), `attachments`
 * entries with an existing id keep that attachment. Undefined = unchanged.
 * Attachments of an ephemeral message are marked `ephemeral`, as Discord does.
 * A file over the upload limit fails the whole request (413, 40005).
 */
export function resolveAttachments(
  state: EmulatorState,
  baseUrl: string,
  body: MessageBody,
  files: UploadedFile[],
  existing: APIAttachment[] = [],
  ephemeral = false,
): APIAttachment[] | undefined {
  if (body.attachments === undefined && files.length === 0) return undefined;
  if (files.some((file) => file.data.length > ATTACHMENT_SIZE_LIMIT)) throw new DiscordHttpError(413, { message: 'Request entity too large', code: 40005 });
  const described = new Map<number, Record<string, unknown>>();
  const kept: APIAttachment[] = [];
  for (const entry of body.attachments ?? []) {
    const id = String(entry.id ?? '');
    const old = existing.find((a) => a.id === id);
    if (old) kept.push(old);
    else described.set(Number(id), entry);
  }
  const uploaded = files.map((file): APIAttachment => {
    const id = snowflake();
    const description = described.get(file.index)?.description;
    const filename = String(described.get(file.index)?.filename ?? file.filename);
    const contentType = contentTypeOf(file, filename);
    state.files.set(id, { id, filename, contentType, data: file.data });
    const url = `${baseUrl}/attachments/${id}/${encodeURIComponent(filename)}`;
    return {
      id,
      filename,
      size: file.data.length,
      url,
      proxy_url: url,
      content_type: contentType,
      ...(typeof description === 'string' ? { description } : {}),
      ...(ephemeral ? { ephemeral: true } : {}),
    };
  });
  return [...kept, ...uploaded];
}

/** The stored file behind an attachment (its object, id or URL); null when the emulator has none. */
export function storedFileOf(state: EmulatorState, attachment: APIAttachment | string): StoredFile | null {
  const ref = typeof attachment === 'string' ? attachment : attachment.id;
  const id = /\/attachments\/(\d+)\//.exec(ref)?.[1] ?? ref;
  return state.files.get(id) ?? null;
}
