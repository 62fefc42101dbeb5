/**
 * "Does this message already show that payload?" At start-up every tracked message is
 * read back and compared with what the bot would write, so a restart with nothing
 * changed costs reads only, no edits (edits share a 5-per-5-s bucket per channel;
 * reads do not).
 *
 * The answer must never be a false "yes" (a stale message would stay), while a false
 * "no" only costs one edit. So: every value the payload sets must be equal in the
 * message; whatever the payload leaves out must be empty, a documented default, or a
 * field Discord adds by itself (component ids, proxy urls, …); and a payload with
 * anything this module does not understand (files, polls, …) is never called equal.
 */
import type { APIMessage, RESTPostAPIChannelMessageJSONBody } from 'discord.js';

/** Payload fields whose effect can be read back from the message. */
const COMPARABLE_PAYLOAD_FIELDS = new Set(['content', 'embeds', 'components', 'flags', 'allowed_mentions']);

/** Message flags a message payload can set (SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS, IS_COMPONENTS_V2). */
const SETTABLE_FLAGS = (1 << 2) | (1 << 12) | (1 << 15);

/** Fields Discord adds to what it was sent; they say nothing about the content shown. */
const SERVER_ADDED_FIELDS = new Set(['id', 'content_scan_version', 'proxy_url', 'proxy_icon_url', 'width', 'height', 'flags']);

/** Values Discord fills in when the field was left out, by field name. */
const DEFAULTS: Readonly<Record<string, readonly unknown[]>> = {
  type: ['rich'], // embeds
  min_values: [1], // selects
  max_values: [1],
  inline: [false], // embed fields
};

/** Field names whose values are ISO timestamps Discord may reformat (`+00:00` for `Z`). */
const TIMESTAMP_FIELDS = new Set(['timestamp']);

export function messageShowsPayload(message: APIMessage, payload: RESTPostAPIChannelMessageJSONBody): boolean {
  for (const [field, value] of Object.entries(payload)) {
    if (value !== undefined && !COMPARABLE_PAYLOAD_FIELDS.has(field)) return false;
  }
  if ((payload.content ?? '') !== (message.content ?? '')) return false;
  if (payload.flags !== undefined && (Number(payload.flags) & SETTABLE_FLAGS) !== ((message.flags ?? 0) & SETTABLE_FLAGS)) return false;
  return sameList(payload.embeds ?? [], message.embeds ?? [], 'embeds') && sameList(payload.components ?? [], message.components ?? [], 'components');
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.values(value).every(isEmpty);
  return false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameList(sent: readonly unknown[], shown: readonly unknown[], field: string): boolean {
  return sent.length === shown.length && sent.every((item, index) => sameValue(item, shown[index], field));
}

function sameValue(sent: unknown, shown: unknown, field: string): boolean {
  if (Array.isArray(sent)) return Array.isArray(shown) && sameList(sent, shown, field);
  if (isRecord(sent)) return isRecord(shown) && sameRecord(sent, shown);
  if (TIMESTAMP_FIELDS.has(field) && typeof sent === 'string' && typeof shown === 'string') return Date.parse(sent) === Date.parse(shown);
  return sent === shown;
}

function sameRecord(sent: Record<string, unknown>, shown: Record<string, unknown>): boolean {
  for (const key of new Set([...Object.keys(sent), ...Object.keys(shown)])) {
    const sentValue = sent[key];
    const shownValue = shown[key];
    if (sentValue === undefined || sentValue === null) {
      if (isEmpty(shownValue) || SERVER_ADDED_FIELDS.has(key) || DEFAULTS[key]?.includes(shownValue)) continue;
      return false;
    }
    if (shownValue === undefined || shownValue === null) {
      if (isEmpty(sentValue) || DEFAULTS[key]?.includes(sentValue)) continue;
      return false;
    }
    if (!sameValue(sentValue, shownValue, key)) return false;
  }
  return true;
}
