/**
 * Deleting messages for /purge and /purgebot. Discord deletes up to 100 messages per
 * call in bulk, but only messages younger than 14 days; older ones need one call each.
 * The database is never touched: a tracked message (planner, raid list, participant
 * list) deleted here is posted again by its next refresh.
 */
import {
  ChannelType,
  PermissionFlagsBits,
  SnowflakeUtil,
  type Guild,
  type GuildMember,
  type GuildTextBasedChannel,
  type PermissionsString,
} from 'discord.js';
import { isUnknownMessage } from '../discord/errors';
import { DISCORD_LIMITS } from '../discord/limits';

export const BULK_DELETE_MAX_AGE_MS = 14 * 24 * 60 * 60 * 1000;
/** A message that turns 14 days old while the request travels would fail the whole bulk call. */
const BULK_DELETE_AGE_MARGIN_MS = 60 * 1000;
const BULK_DELETE_MAX_COUNT = DISCORD_LIMITS.bulkDelete;
const FETCH_PAGE_SIZE = DISCORD_LIMITS.messagesPerPage;

/** What the bot needs in a channel to find and delete messages there. */
export const PURGE_PERMISSIONS = [
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.ReadMessageHistory,
  PermissionFlagsBits.ManageMessages,
] as const;
export const PURGE_PERMISSION_NAMES: readonly PermissionsString[] = ['ViewChannel', 'ReadMessageHistory', 'ManageMessages'];

export interface DeletionResult {
  /** Messages deleted, in bulk or singly. */
  readonly deleted: number;
  /** Of those, the ones older than 14 days, deleted one call each. */
  readonly deletedSingly: number;
  /** Messages that could not be deleted (already gone is not a failure). */
  readonly failed: number;
}

const NOTHING_DELETED: DeletionResult = { deleted: 0, deletedSingly: 0, failed: 0 };

/** Permissions from PURGE_PERMISSIONS the member lacks in the channel (empty = all there). */
export function missingPurgePermissions(channel: GuildTextBasedChannel, me: GuildMember): PermissionsString[] {
  return channel.permissionsFor(me).missing([...PURGE_PERMISSIONS]);
}

/** Splits message ids into those Discord still deletes in bulk and those too old for it. */
export function splitForBulkDelete(messageIds: readonly string[], now: number): { bulk: string[]; single: string[] } {
  const oldestBulkDeletable = now - BULK_DELETE_MAX_AGE_MS + BULK_DELETE_AGE_MARGIN_MS;
  const bulk: string[] = [];
  const single: string[] = [];
  for (const id of messageIds) (SnowflakeUtil.timestampFrom(id) > oldestBulkDeletable ? bulk : single).push(id);
  return { bulk, single };
}

/** Deletes the messages: recent ones 100 per call, older ones one by one. */
export async function deleteMessages(channel: GuildTextBasedChannel, messageIds: readonly string[], now = Date.now()): Promise<DeletionResult> {
  const { bulk, single } = splitForBulkDelete(messageIds, now);
  let deleted = 0;
  let failed = 0;
  for (let start = 0; start < bulk.length; start += BULK_DELETE_MAX_COUNT) {
    const chunk = bulk.slice(start, start + BULK_DELETE_MAX_COUNT);
    if (chunk.length >= 2) {
      try {
        await channel.bulkDelete(chunk, false);
        deleted += chunk.length;
        continue;
      } catch {
        // Fall through: one by one tells which of them really cannot be deleted.
      }
    }
    const result = await deleteOneByOne(channel, chunk);
    deleted += result.deleted;
    failed += result.failed;
  }
  const old = await deleteOneByOne(channel, single);
  return { deleted: deleted + old.deleted, deletedSingly: old.deleted, failed: failed + old.failed };
}

async function deleteOneByOne(channel: GuildTextBasedChannel, messageIds: readonly string[]): Promise<{ deleted: number; failed: number }> {
  let deleted = 0;
  let failed = 0;
  for (const id of messageIds) {
    try {
      await channel.messages.delete(id);
      deleted += 1;
    } catch (error) {
      if (!isUnknownMessage(error)) failed += 1;
    }
  }
  return { deleted, failed };
}

/** /purge: the newest `amount` messages of the channel, whoever wrote them (pinned ones too). */
export async function purgeNewestMessages(channel: GuildTextBasedChannel, amount: number): Promise<DeletionResult> {
  const messages = await channel.messages.fetch({ limit: amount, cache: false });
  if (messages.size === 0) return NOTHING_DELETED;
  return deleteMessages(channel, [...messages.keys()]);
}

/** Ids of the messages written by `authorId` among the newest `limit` of the channel. */
export async function findOwnMessages(channel: GuildTextBasedChannel, authorId: string, limit: number): Promise<string[]> {
  const own: string[] = [];
  let before: string | undefined;
  let scanned = 0;
  while (scanned < limit) {
    const page = await channel.messages.fetch({ limit: Math.min(FETCH_PAGE_SIZE, limit - scanned), before, cache: false });
    if (page.size === 0) break;
    scanned += page.size;
    for (const message of page.values()) {
      if (message.author.id === authorId) own.push(message.id);
      if (before === undefined || BigInt(message.id) < BigInt(before)) before = message.id;
    }
    if (page.size < FETCH_PAGE_SIZE) break;
  }
  return own;
}

/** /purgebot in one channel: the bot's own messages among the newest `limit`. */
export async function purgeOwnMessages(channel: GuildTextBasedChannel, authorId: string, limit: number): Promise<DeletionResult> {
  const own = await findOwnMessages(channel, authorId, limit);
  return own.length === 0 ? NOTHING_DELETED : deleteMessages(channel, own);
}

/** The guild's text channels split into those the bot may purge and how many it may not. */
export function purgeableTextChannels(guild: Guild, me: GuildMember): { channels: GuildTextBasedChannel[]; skipped: number } {
  const channels: GuildTextBasedChannel[] = [];
  let skipped = 0;
  for (const channel of guild.channels.cache.values()) {
    if (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement) continue;
    if (missingPurgePermissions(channel, me).length === 0) channels.push(channel);
    else skipped += 1;
  }
  return { channels, skipped };
}

export interface ServerPurgeResult {
  readonly deleted: number;
  readonly failed: number;
  /** Channels in which at least one message was deleted. */
  readonly channelsWithDeletions: number;
  /** Text channels left alone for missing permissions. */
  readonly skipped: number;
}

/**
 * /purgebot across the server: the bot's own messages among the newest `limit` of every
 * text channel it may clean. A channel that fails (deleted meanwhile, permissions
 * changed) counts as one failure and does not stop the others.
 */
export async function purgeOwnMessagesInGuild(
  guild: Guild,
  me: GuildMember,
  limit: number,
  onChannelError: (channelId: string, error: unknown) => void,
): Promise<ServerPurgeResult> {
  const { channels, skipped } = purgeableTextChannels(guild, me);
  let deleted = 0;
  let failed = 0;
  let channelsWithDeletions = 0;
  for (const channel of channels) {
    try {
      const result = await purgeOwnMessages(channel, me.id, limit);
      deleted += result.deleted;
      failed += result.failed;
      if (result.deleted > 0) channelsWithDeletions += 1;
    } catch (error) {
      onChannelError(channel.id, error);
      failed += 1;
    }
  }
  return { deleted, failed, channelsWithDeletions, skipped };
}
