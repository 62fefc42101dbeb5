/**
 * The debug mirror's texts (the old bot's mirrors, localized): a raid list summary per guild
 * and a member list summary per raid. Pure; the hash says whether a mirror must be
 * written at all.
 */
import { createHash } from 'node:crypto';
import type { RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import { t } from '../i18n';
import { renderRaidList } from '../raids/render/raid-list';
import { markdownSafe, shortMarkdownSafe } from '../discord/text';
import { qualifiedSlots } from '../raids/slots';
import type { Raid, RaidState } from '../raids/types';

/** Mirrored text is cut at 1900 characters (1897 + "...") as the old bot cut it, well inside Discord's 2000. */
export const MIRROR_TEXT_LIMIT = 1900;

const MAX_LABEL_SHOWN = 100;

export function cutMirrorText(text: string): string {
  return text.length <= MIRROR_TEXT_LIMIT ? text : `${text.slice(0, MIRROR_TEXT_LIMIT - 3)}...`;
}

/** Lowercase hex SHA-256 of the UTF-8 text, as stored in `debug_mirror_cache.payload_hash`. */
export function mirrorHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Header, then the raid list's own title and body, so the mirror shows exactly what the guild sees. */
export function raidListMirrorText(guildId: string, guildName: string, openRaids: readonly Raid[], locale: string): string {
  const list = renderRaidList(guildName, openRaids, { locale }).embeds?.[0];
  const header = t(locale, 'debugMirror.raidListHeader', { guildId, guild: markdownSafe(guildName) });
  return cutMirrorText([header, list?.title ?? '', list?.description ?? ''].join('\n'));
}

/** Header, then one line per qualified slot with its members as mentions (the post pings nobody). */
export function memberListMirrorText(state: RaidState, locale: string): string {
  const header = t(locale, 'debugMirror.memberListHeader', { guildId: state.raid.guildId, displayId: state.raid.displayId });
  const slots = qualifiedSlots(state);
  const lines =
    slots.length === 0
      ? [t(locale, 'debugMirror.noQualifiedSlots')]
      : slots.map((slot) =>
          t(locale, 'debugMirror.slotLine', {
            day: shortMarkdownSafe(slot.day, MAX_LABEL_SHOWN),
            time: shortMarkdownSafe(slot.time, MAX_LABEL_SHOWN),
            members: slot.userIds.map((id) => `<@${id}>`).join(', '),
          }),
        );
  return cutMirrorText([header, ...lines].join('\n'));
}

/** A mirror post: plain content, and mentions that never ping. */
export function mirrorPayload(text: string): RESTPostAPIChannelMessageJSONBody {
  return { content: text, embeds: [], components: [], allowed_mentions: { parse: [] } };
}
