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
import { slotTimestamp } from '../../time';
import { instantOfSlot } from '../schedule';
import { calendarButtonRow } from '../../calendar/replies';

const MAX_LABEL_SHOWN = DISCORD_LIMITS.selectOptionLabel;

export interface SlotRenderOptions {
  /** The raid role to mention, or null when the raid has none. */
  readonly roleId: string | null;
  /** The guild's preferred locale (a public post). */
  readonly locale: string;
  /** Members to notify, if shown; default nobody. */
  readonly pingUserIds?: readonly string[];
  /**
   * The server's IANA zone: a slot whose labels name a day and time shows Discord
   * timestamps (each member's own local time and a countdown) instead of the labels.
   * Without a zone, or for labels that name no instant (the old bot's), the labels.
   */
  readonly zone?: string;
  /** The raid options of the slot: a slot with an instant gets an "Add to calendar" button naming them. */
  readonly calendar?: { readonly dayOptionId: number; readonly timeOptionId: number } | null;
}

/** The "when" line of a slot: Discord timestamps for a slot with an instant, else the labels as text. */
export function slotWhenLine(slot: { readonly day: string; readonly time: string }, locale: string, zone: string | undefined): string {
  const instant = zone === undefined ? null : instantOfSlot(slot.day, slot.time, zone);
  if (instant !== null) return t(locale, 'schedule.slotWhen', { when: slotTimestamp(instant) });
  return t(locale, 'slot.when', { day: shortMarkdownSafe(slot.day, MAX_LABEL_SHOWN), time: shortMarkdownSafe(slot.time, MAX_LABEL_SHOWN) });
}

export function renderSlotMessage(raid: Raid, slot: QualifiedSlot, { roleId, locale, pingUserIds = [], zone, calendar = null }: SlotRenderOptions): RESTPostAPIChannelMessageJSONBody {
  const target = raid.minPlayers > 0 ? String(raid.minPlayers) : t(locale, 'slot.anyTarget');
  const header = [
    t(locale, 'slot.title', { dungeon: shortMarkdownSafe(raid.dungeon, MAX_LABEL_SHOWN), displayId: raid.displayId }),
    slotWhenLine(slot, locale, zone),
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
  const dated = calendar !== null && zone !== undefined && instantOfSlot(slot.day, slot.time, zone) !== null;
  return {
    content,
    embeds: [],
    components: dated ? [calendarButtonRow(raid.id, calendar, locale)] : [],
    allowed_mentions: { users: pingUserIds.filter((id) => shownIds.has(id)), roles: [] },
  };
}
