/**
 * The few text helpers every renderer needs to stay inside Discord's limits
 * (`limits.ts`): cutting, escaping what members typed, fitting lists. Lengths are
 * measured in UTF-16 code units (JavaScript's `length`), which is never less than
 * what Discord counts, so a text that fits here fits there.
 */
import type { RESTPostAPIChannelMessageJSONBody } from 'discord.js';

/** A private answer's payload: plain content that pings nobody (the safe-interaction helpers make it ephemeral). */
export type ReplyPayload = RESTPostAPIChannelMessageJSONBody & { readonly content: string };

export function replyPayload(content: string): ReplyPayload {
  return { content, allowed_mentions: { parse: [] } };
}

export const EMBED_COLOUR = Object.freeze({
  /** Discord blurple: planner, settings, raid list. */
  info: 0x5865f2,
  /** Discord red: closed planner. */
  closed: 0xed4245,
});

const ELLIPSIS = '…';

/** Cuts `text` to at most `max` code units, never inside a surrogate pair, marking the cut with "…". */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - ELLIPSIS.length));
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut}${ELLIPSIS}`;
}

/** Characters that start or end inline markdown (bold, italics, code, spoilers, links, mentions). */
const INLINE_MARKDOWN = /[\\*_~`|[\]()<>]/g;
/** Block syntax (headings, quotes, lists) counts only at the start of a line. */
const LINE_START_MARKDOWN = /^(\s*)(?:([#>+-])(?=[\s#])|(\d+)\.(?=\s))/gm;

/**
 * User-typed or user-chosen text (labels, names, dungeon names) shown in markdown:
 * every markdown character is backslash-escaped, so `*x*`, `[x](y)` or `<@id>` show
 * as typed. (discord.js's escapeMarkdown leaves some runs like `***` unescaped.)
 */
export function markdownSafe(text: string): string {
  return text
    .replace(INLINE_MARKDOWN, '\\$&')
    .replace(LINE_START_MARKDOWN, (_match, space: string, symbol?: string, digits?: string) =>
      symbol === undefined ? `${space}${digits}\\.` : `${space}\\${symbol}`,
    );
}

/** A user-typed text cut to `max` before escaping, so one long label cannot crowd out the rest. */
export function shortMarkdownSafe(text: string, max: number): string {
  return markdownSafe(truncate(text, max));
}

export interface FittedItems {
  readonly text: string;
  /** How many leading items made it into the text. */
  readonly shown: number;
}

/**
 * Joins as many leading `items` as fit into `limit` code units (and at most
 * `maxItems`), followed by `more(hidden)` when some had to be left out (e.g.
 * "… +12 more"). Items are expected to be shorter than the limit; an item that alone
 * is too long is left out as well.
 */
export function fitItems(
  items: readonly string[],
  separator: string,
  limit: number,
  more: (hidden: number) => string,
  maxItems = Number.POSITIVE_INFINITY,
): FittedItems {
  if (items.length <= maxItems) {
    const all = items.join(separator);
    if (all.length <= limit) return { text: all, shown: items.length };
  }
  let length = 0;
  let shown = 0;
  for (const item of items.slice(0, maxItems)) {
    const next = length + (shown > 0 ? separator.length : 0) + item.length;
    const suffix = separator.length + more(items.length - shown - 1).length;
    if (next + suffix > limit) break;
    length = next;
    shown += 1;
  }
  const tail = more(items.length - shown);
  const text = shown > 0 ? `${items.slice(0, shown).join(separator)}${separator}${tail}` : truncate(tail, limit);
  return { text, shown };
}

/** `fitItems` when only the text matters. */
export function joinWithinLimit(
  items: readonly string[],
  separator: string,
  limit: number,
  more: (hidden: number) => string,
): string {
  return fitItems(items, separator, limit, more).text;
}

/**
 * A list of items that show user-typed labels and should all stay visible: the
 * labels are shortened step by step until the whole list fits into `limit`; only if
 * that is not enough are items left out ("… +N more").
 */
export function listWithShortenedLabels<T>(
  items: readonly T[],
  render: (item: T, shownLabel: (label: string) => string) => string,
  options: { readonly separator: string; readonly limit: number; readonly more: (hidden: number) => string; readonly longestLabel: number },
): string {
  const { separator, limit, more, longestLabel } = options;
  let rendered: string[] = [];
  for (let max = longestLabel; max >= 8; max = Math.floor(max * 0.8)) {
    rendered = items.map((item) => render(item, (label) => shortMarkdownSafe(label, max)));
    const text = rendered.join(separator);
    if (text.length <= limit) return text;
  }
  return joinWithinLimit(rendered, separator, limit, more);
}

/** Case-insensitive order of names in the given locale (Array#sort is stable, so ties keep their order). */
export function compareNames(locale: string): (a: string, b: string) => number {
  let compare = nameComparers.get(locale);
  if (compare === undefined) {
    // Building a collator costs more than sorting a planner's names with it: one per locale.
    compare = new Intl.Collator(locale, { sensitivity: 'base' }).compare;
    nameComparers.set(locale, compare);
  }
  return compare;
}

const nameComparers = new Map<string, (a: string, b: string) => number>();

/** A Discord timestamp that every client shows relative to now in its own language. */
export function relativeTime(date: Date): string {
  return `<t:${Math.floor(date.getTime() / 1000)}:R>`;
}
