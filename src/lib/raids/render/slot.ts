/**
 * The participant list of one qualified slot. Plain content rather than an embed,
 * because mentions ping only in content. `allowed_mentions` names only the shown
 * members the caller chose to notify (those not yet pinged for this slot) and never
 * the raid role: the role is shared by every open raid of the dungeon, so pinging it
 * would notify members of other raids. A label like "@everyone" can never ping anyone.
 */
import type { RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import { t } from '../../i18n';
import type { QualifiedSlot, Raid } from '../types';
import { DISCORD_LIMITS } from '../../discord/limits';
import { fitItems, shortMarkdownSafe } from '../../discord/text';

export interface SlotRenderOptions {
  /** The raid role to mention, or null when the raid has none. */
  readonly roleId: string | null;
  /** The guild's preferred locale (a public post). */
  readonly locale: string;
  /** Members to notify, if shown; default nobody. */
  readonly pingUserIds?: readonly string[];
}

const MAX_LABEL_SHOWN = DISCORD_LIMITS.selectOptionLabel;

export function renderSlotMessage(raid: Raid, slot: QualifiedSlot, { roleId, locale, pingUserIds = [] }: SlotRenderOptions): RESTPostAPIChannelMessageJSONBody {
  const target = raid.minPlayers > 0 ? String(raid.minPlayers) : t(locale, 'slot.anyTarget');
  const header = [
    t(locale, 'slot.title', { dungeon: shortMarkdownSafe(raid.dungeon, MAX_LABEL_SHOWN), displayId: raid.displayId }),
    t(locale, 'slot.when', { day: shortMarkdownSafe(slot.day, MAX_LABEL_SHOWN), time: shortMarkdownSafe(slot.time, MAX_LABEL_SHOWN) }),
    t(locale, 'slot.count', { count: slot.userIds.length, target }),
  ].join('\n');
  const roleLine = roleId === null ? null : t(locale, 'slot.role', { role: `<@&${roleId}>` });

  // Discord accepts at most 100 listed users; beyond that (or beyond 2000 characters) "… +N more".
  const budget = DISCORD_LIMITS.content - header.length - 1 - (roleLine === null ? 0 : roleLine.length + 1);
  const members = fitItems(
    slot.userIds.map((id) => `<@${id}>`),
    '\n',
    budget,
    (hidden) => t(locale, 'common.more', { count: hidden }),
    DISCORD_LIMITS.allowedMentionIds,
  );
  const shownIds = new Set(slot.userIds.slice(0, members.shown));

  const content = [header, members.text, roleLine].filter((part): part is string => part !== null && part !== '').join('\n');
  return {
    content,
    embeds: [],
    components: [],
    allowed_mentions: { users: pingUserIds.filter((id) => shownIds.has(id)), roles: [] },
  };
}
