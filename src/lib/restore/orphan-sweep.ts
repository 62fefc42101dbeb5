/**
 * Messages an interrupted run left behind. A process killed between posting a tracked
 * message and storing its id (a participant list during a vote burst, a planner
 * re-posted during restoration, a raid list) leaves a message the database does not
 * know; restoration then posts the tracked one again and members would see it twice.
 * So at start-up the recent history of every channel that holds tracked messages is
 * read once (restoration's channel scan has read it already), and the bot's own messages that look like a planner of an open raid, a
 * participant list or a raid list but are not tracked are deleted. Only messages
 * older than this process are considered, so nothing this process is posting right
 * now (a vote's list sync) can be mistaken for a leftover.
 */
import { Routes, SnowflakeUtil, type APIMessage, type Client } from 'discord.js';
import { parseCustomId } from '../discord/custom-ids';
import { channelUnavailableFrom } from '../discord/errors';
import { deleteMessage } from '../discord/tracked-message';
import { LOCALES, t } from '../i18n';
import type { Logger } from '../logging';
import type { RaidServiceRepositories } from '../raids/services/context';
import type { ChannelSnapshot } from './channel-scan';

/** Messages read per channel: more than any burst can leave behind. */
const HISTORY_LIMIT = 100;

const DUNGEON = '\u0000DUNGEON\u0000';
const DISPLAY_ID = '\u0000ID\u0000';
const GUILD = '\u0000GUILD\u0000';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A rendered template as a pattern: the placeholders match anything on one line. */
function templatePattern(rendered: string): RegExp {
  const pattern = escapeRegExp(rendered).replaceAll(escapeRegExp(DUNGEON), '.+').replaceAll(escapeRegExp(DISPLAY_ID), '\\d+').replaceAll(escapeRegExp(GUILD), '.+');
  return new RegExp(`^${pattern}$`);
}

const SLOT_TITLES = LOCALES.map((locale) => templatePattern(t(locale, 'slot.title', { dungeon: DUNGEON, displayId: DISPLAY_ID })));
const RAID_LIST_TITLES = LOCALES.map((locale) => templatePattern(t(locale, 'raidList.title', { guild: GUILD })));

export type LeftoverKind = 'planner' | 'participantList' | 'raidList';

/** What a message of the bot is, when it is one of the kinds restoration tracks. */
export function leftoverKind(message: Pick<APIMessage, 'content' | 'embeds' | 'components'>, openRaidIds: ReadonlySet<number>): LeftoverKind | null {
  for (const row of message.components ?? []) {
    for (const component of 'components' in row ? row.components : []) {
      const parsed = 'custom_id' in component ? parseCustomId(component.custom_id) : null;
      if ((parsed?.kind === 'raidVote' || parsed?.kind === 'raidFinish') && openRaidIds.has(parsed.raidId)) return 'planner';
    }
  }
  const firstLine = message.content.split('\n', 1)[0] ?? '';
  if (SLOT_TITLES.some((pattern) => pattern.test(firstLine))) return 'participantList';
  const title = message.embeds[0]?.title ?? '';
  if (title !== '' && RAID_LIST_TITLES.some((pattern) => pattern.test(title))) return 'raidList';
  return null;
}

/** The channel's newest messages; null when the bot cannot read it. */
async function recentHistory(client: Client, channelId: string): Promise<APIMessage[] | null> {
  try {
    return (await client.rest.get(Routes.channelMessages(channelId), { query: new URLSearchParams({ limit: String(HISTORY_LIMIT) }) })) as APIMessage[];
  } catch (error) {
    if (channelUnavailableFrom(error, channelId) !== null) return null;
    throw error;
  }
}

export interface SweepResult {
  readonly channels: number;
  readonly deleted: number;
}

/**
 * Deletes untracked leftovers in the channels of one guild that hold tracked messages.
 * Failures (a channel gone or closed to the bot) are skipped: restoration reported them.
 */
export async function sweepLeftovers(
  client: Client,
  repos: Pick<RaidServiceRepositories, 'raids' | 'settings' | 'postedSlots'>,
  guildId: string,
  notAfter: Date,
  logger: Logger,
  /** Channels restoration read already: their newest page is used instead of reading it again. */
  read?: Pick<ChannelSnapshot, 'newestPage'>,
): Promise<SweepResult> {
  const botUserId = client.user?.id;
  if (botUserId === undefined) return { channels: 0, deleted: 0 };
  const settings = await repos.settings.get(guildId);
  const openRaids = await repos.raids.openRaidsOfGuild(guildId);
  const tracked = new Set<string>();
  const channels = new Set<string>();
  const slotsOf = await repos.postedSlots.slotsOfRaids(openRaids.map((raid) => raid.id));
  for (const raid of openRaids) {
    channels.add(raid.channelId);
    if (raid.messageId !== null) tracked.add(raid.messageId);
    for (const slot of slotsOf.get(raid.id) ?? []) {
      if (slot.messageId !== null) tracked.add(slot.messageId);
      if (slot.channelId !== null) channels.add(slot.channelId);
    }
  }
  for (const channelId of [settings?.plannerChannelId, settings?.participantsChannelId, settings?.raidListChannelId]) if (channelId) channels.add(channelId);
  if (settings?.raidListMessageId) tracked.add(settings.raidListMessageId);
  const openRaidIds = new Set(openRaids.map((raid) => raid.id));
  const cutoff = notAfter.getTime();

  let deleted = 0;
  for (const channelId of channels) {
    const history = read?.newestPage(channelId) ?? (await recentHistory(client, channelId));
    if (history === null) continue; // nothing to sweep where the bot cannot look
    for (const message of history) {
      if (message.author.id !== botUserId || tracked.has(message.id)) continue;
      if (SnowflakeUtil.timestampFrom(message.id) >= cutoff) continue;
      const kind = leftoverKind(message, openRaidIds);
      if (kind === null) continue;
      try {
        await deleteMessage(client.rest, channelId, message.id);
        deleted += 1;
        logger.info(`restoration: deleted an untracked ${kind} message ${message.id} in channel ${channelId}, left by an interrupted run`);
      } catch (error) {
        logger.warn(`restoration: could not delete the untracked message ${message.id} in channel ${channelId}`, error);
      }
    }
  }
  return { channels: channels.size, deleted };
}
