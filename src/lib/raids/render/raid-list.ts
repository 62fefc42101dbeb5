/**
 * The per-guild raid list message: every open raid, oldest first, with a link to its
 * planner. One embed (4096 characters of description hold about 25 raids); beyond
 * that "… +N more". Pings nobody.
 */
import type { RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import { t } from '../../i18n';
import type { Raid } from '../types';
import { DISCORD_LIMITS } from '../../discord/limits';
import { EMBED_COLOUR, joinWithinLimit, markdownSafe, relativeTime, shortMarkdownSafe, truncate } from '../../discord/text';

export interface RaidListRenderOptions {
  /** The guild's preferred locale (a public post). */
  readonly locale: string;
}

const MAX_DUNGEON_SHOWN = 100;

/** Full jump URL of a message (clickable everywhere, unlike a relative path). */
export function messageUrl(guildId: string, channelId: string, messageId: string): string {
  return `https://discord.com/channels/${guildId}/${channelId}/${messageId}`;
}

function oldestFirst(a: Raid, b: Raid): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id;
}

export function renderRaidList(guildName: string, raids: readonly Raid[], { locale }: RaidListRenderOptions): RESTPostAPIChannelMessageJSONBody {
  const lines = [...raids].sort(oldestFirst).map((raid) =>
    t(locale, 'raidList.line', {
      dungeon: shortMarkdownSafe(raid.dungeon, MAX_DUNGEON_SHOWN),
      displayId: raid.displayId,
      minPlayers: raid.minPlayers > 0 ? String(raid.minPlayers) : t(locale, 'slot.anyTarget'),
      link:
        raid.messageId === null
          ? t(locale, 'raidList.notPosted')
          : t(locale, 'raidList.link', { url: messageUrl(raid.guildId, raid.channelId, raid.messageId) }),
      created: relativeTime(raid.createdAt),
    }),
  );
  const description =
    lines.length === 0
      ? t(locale, 'raidList.empty')
      : joinWithinLimit(lines, '\n', DISCORD_LIMITS.embedDescription, (hidden) => t(locale, 'common.more', { count: hidden }));
  return {
    embeds: [
      {
        color: EMBED_COLOUR.info,
        title: truncate(t(locale, 'raidList.title', { guild: markdownSafe(guildName) }), DISCORD_LIMITS.embedTitle),
        description,
      },
    ],
    components: [],
    allowed_mentions: { parse: [] },
  };
}

/**
 * The visible text of a rendered message (content, then each embed's title,
 * description, fields and footer), e.g. for hashing or a plain-text mirror.
 */
export function messageText(payload: RESTPostAPIChannelMessageJSONBody): string {
  const parts: string[] = [];
  if (payload.content) parts.push(payload.content);
  for (const embed of payload.embeds ?? []) {
    if (embed.title) parts.push(embed.title);
    if (embed.description) parts.push(embed.description);
    for (const field of embed.fields ?? []) parts.push(field.name, field.value);
    if (embed.footer?.text) parts.push(embed.footer.text);
  }
  return parts.join('\n');
}

