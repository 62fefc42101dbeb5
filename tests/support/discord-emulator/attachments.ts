import type { APIAttachment } from 'discord-api-types/v10';
import type { UploadedFile } from './rest/router';
import { snowflake } from './snowflake';
import type { EmulatorState } from './state';
import type { MessageBody } from './validation/message';

/**
 * The attachments a message ends up with: uploaded `files[n]` become new
 * attachments (served under `/attachments/...` of the emulator), `attachments`
 * entries with an existing id keep that attachment. Undefined = unchanged.
 */
export function resolveAttachments(
  state: EmulatorState,
  baseUrl: string,
  body: MessageBody,
  files: UploadedFile[],
  existing: APIAttachment[] = [],
): APIAttachment[] | undefined {
  if (body.attachments === undefined && files.length === 0) return undefined;
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
    state.files.set(id, { id, filename, contentType: file.contentType, data: file.data });
    const url = `${baseUrl}/attachments/${id}/${encodeURIComponent(filename)}`;
    return {
      id,
      filename,
      size: file.data.length,
      url,
      proxy_url: url,
      content_type: file.contentType,
      ...(typeof description === 'string' ? { description } : {}),
    };
  });
  return [...kept, ...uploaded];
}
