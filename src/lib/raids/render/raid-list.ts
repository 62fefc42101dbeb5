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
import { slotTimestamp } from '../../time';
import type { RaidWhen } from '../schedule';

export interface RaidListRenderOptions {
  /** The guild's preferred locale (a public post). */
  readonly locale: string;
  /**
   * When each raid happens, by raid id (see `raidWhen`): shown with Discord timestamps.
   * A raid missing here or mapped to null (labels without dates) shows no time.
   */
  readonly when?: ReadonlyMap<number, RaidWhen | null>;
}

const WHEN_KEY = { next: 'schedule.raidListNext', option: 'schedule.raidListFirstOption', over: 'schedule.raidListOver' } as const;

/** " · next slot <t:…:F> (<t:…:R>)" for a raid with dates, nothing for one without. */
function whenPart(locale: string, when: RaidWhen | null | undefined): string {
  if (when == null) return '';
  const key = when.kind === 'over' ? WHEN_KEY.over : when.qualified ? WHEN_KEY.next : WHEN_KEY.option;
  return ` · ${t(locale, key, { when: slotTimestamp(when.instant) })}`;
}

const MAX_DUNGEON_SHOWN = 100;

/** Full jump URL of a message (clickable everywhere, unlike a relative path). */
export function messageUrl(guildId: string, channelId: string, messageId: string): string {
  return `https://discord.com/channels/${guildId}/${channelId}/${messageId}`;
}

function oldestFirst(a: Raid, b: Raid): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id;
}

export function renderRaidList(guildName: string, raids: readonly Raid[], { locale, when }: RaidListRenderOptions): RESTPostAPIChannelMessageJSONBody {
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
    }) + whenPart(locale, when?.get(raid.id)),
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

