/**
 * Restoration reads channels, not messages. Before anything is compared, every channel
 * that holds tracked messages (planners, participant lists, raid lists) is read in
 * pages of 100 (`GET /channels/{id}/messages`), and each tracked message is then
 * compared with the copy from its page instead of one `GET` per message: a restart
 * with 500 raids reads a few dozen pages instead of two thousand messages.
 *
 * Per channel: first the newest page (which the leftover sweep needs anyway); tracked
 * messages older than it are found by walking forward from the oldest of them
 * (`after=<id − 1>`), jumping over stretches without tracked messages, at most
 * MAX_PAGES_PER_CHANNEL pages. A page covers a contiguous range of ids, so a tracked
 * message inside a range read but not in it is known to be gone (posted again without
 * a read). What the bounded scan did not cover — or a channel whose history the bot
 * may not read (Discord then answers an empty list, which proves nothing) — is left
 * `unknown` and read singly, as before.
 */
import { PermissionFlagsBits, Routes, type APIMessage, type Client } from 'discord.js';
import type { MessageReadBack } from '../discord/tracked-message';

/** Messages per page: Discord's maximum. */
export const PAGE_SIZE = 100;

/** Pages read per channel at most (the newest page included); what lies beyond is read singly. */
export const MAX_PAGES_PER_CHANNEL = 6;

export interface ScanStats {
  readonly channels: number;
  readonly pages: number;
  /** Tracked messages the scan could not settle (read singly later). */
  readonly unsettled: number;
  readonly durationMs?: number;
}

/** What the scan learnt: tracked messages as Discord showed them, gone, or unknown. */
export class ChannelSnapshot implements MessageReadBack {
  private readonly found = new Map<string, APIMessage>();
  private readonly gone = new Set<string>();
  private readonly newest = new Map<string, APIMessage[]>();

  public constructor(public stats: ScanStats = { channels: 0, pages: 0, unsettled: 0 }) {}

  /** The message as read (APIMessage), null when it is known to be gone, undefined when the scan cannot say. */
  public lookup(channelId: string, messageId: string): APIMessage | null | undefined {
    const key = `${channelId}/${messageId}`;
    if (this.found.has(key)) return this.found.get(key);
    return this.gone.has(key) ? null : undefined;
  }

  /** The channel's newest page as read (newest first); undefined when the channel was not read. */
  public newestPage(channelId: string): readonly APIMessage[] | undefined {
    return this.newest.get(channelId);
  }

  /** Internal (the scan): records what one channel showed. */
  public record(channelId: string, newestPage: readonly APIMessage[] | null, found: readonly APIMessage[], gone: readonly string[]): void {
    if (newestPage !== null) this.newest.set(channelId, [...newestPage]);
    for (const message of found) this.found.set(`${channelId}/${message.id}`, message);
    for (const id of gone) this.gone.add(`${channelId}/${id}`);
  }
}

function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** True when the cache says the bot may read the channel's history (without it, Discord lists nothing). */
export function mayReadHistory(client: Client, channelId: string): boolean {
  const channel = client.channels.cache.get(channelId);
  if (channel === undefined || channel.isDMBased() || client.user === null) return false;
  return channel.permissionsFor(client.user)?.has([PermissionFlagsBits.ViewChannel, PermissionFlagsBits.ReadMessageHistory]) ?? false;
}

interface ChannelScan {
  readonly pages: number;
  readonly newestPage: APIMessage[] | null;
  readonly found: APIMessage[];
  readonly gone: string[];
  readonly unsettled: number;
}

async function readPage(client: Client, channelId: string, after?: string): Promise<APIMessage[]> {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (after !== undefined) query.set('after', after);
  return (await client.rest.get(Routes.channelMessages(channelId), { query })) as APIMessage[];
}

/**
 * Reads one channel: the newest page, then forward from the oldest tracked message not
 * yet settled. Errors (channel gone, no access) leave everything unknown: the single
 * reads that follow report them the usual way.
 */
export async function scanChannel(client: Client, channelId: string, tracked: ReadonlySet<string>, maxPages = MAX_PAGES_PER_CHANNEL): Promise<ChannelScan> {
  const empty: ChannelScan = { pages: 0, newestPage: null, found: [], gone: [], unsettled: tracked.size };
  if (!mayReadHistory(client, channelId)) return empty;
  let pages = 0;
  const found: APIMessage[] = [];
  const gone: string[] = [];
  let remaining = [...tracked].sort(compareIds);
  /** Settles every remaining id up to `upTo` (inclusive; null = to the end of the channel) from a page covering (from, upTo]. */
  const settle = (page: readonly APIMessage[], from: string | null, upTo: string | null): void => {
    const byId = new Map(page.map((message) => [message.id, message]));
    remaining = remaining.filter((id) => {
      const inRange = (from === null || compareIds(id, from) > 0) && (upTo === null || compareIds(id, upTo) <= 0);
      if (!inRange) return true;
      const message = byId.get(id);
      if (message === undefined) gone.push(id);
      else found.push(message);
      return false;
    });
  };

  let newestPage: APIMessage[];
  try {
    newestPage = await readPage(client, channelId);
  } catch {
    return empty;
  }
  pages += 1;
  // Newest first: the page covers everything from its oldest message on (all of the channel when short).
  const oldestShown = newestPage.length < PAGE_SIZE ? null : newestPage[newestPage.length - 1]!.id;
  settle(newestPage, oldestShown === null ? null : (BigInt(oldestShown) - 1n).toString(), null);

  while (remaining.length > 0 && pages < maxPages) {
    const after = (BigInt(remaining[0]!) - 1n).toString();
    let page: APIMessage[];
    try {
      page = await readPage(client, channelId, after);
    } catch {
      break;
    }
    pages += 1;
    // A short page reaches the channel's end; a full one covers up to its newest message.
    const newestId = page.length < PAGE_SIZE ? null : page.reduce((max, message) => (compareIds(message.id, max) > 0 ? message.id : max), page[0]!.id);
    settle(page, after, newestId);
  }
  return { pages, newestPage, found, gone, unsettled: remaining.length };
}

/**
 * Scans the channels (`tracked`: message ids per channel; channels with an empty set
 * are read for their newest page only, for the leftover sweep), `concurrency` channels
 * at a time. Never throws.
 */
export async function scanChannels(client: Client, tracked: ReadonlyMap<string, ReadonlySet<string>>, concurrency: number): Promise<ChannelSnapshot> {
  const started = Date.now();
  const snapshot = new ChannelSnapshot();
  const channels = [...tracked.keys()];
  let next = 0;
  let pages = 0;
  let unsettled = 0;
  const worker = async (): Promise<void> => {
    while (next < channels.length) {
      const channelId = channels[next++]!;
      const scan = await scanChannel(client, channelId, tracked.get(channelId)!);
      pages += scan.pages;
      unsettled += scan.unsettled;
      snapshot.record(channelId, scan.newestPage, scan.found, scan.gone);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, channels.length)) }, worker));
  snapshot.stats = { channels: channels.length, pages, unsettled, durationMs: Date.now() - started };
  return snapshot;
}
