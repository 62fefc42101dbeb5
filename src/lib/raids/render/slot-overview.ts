/**
 * The one message that stands for every qualified slot beyond a raid's own lists
 * (PARTICIPANT_LISTS_PER_RAID): slots grouped by day, days with the same times on one
 * line ("Sat, Sun: 19:00, 20:30"), so even a 25 × 25 raid fits a message. Slots
 * whose labels name an instant get a line of their own with Discord timestamps, in
 * time order, as many as fit; the rest keep the compact lines. It mentions nobody; the
 * members of these slots are in the planner.
 */
import type { RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import { t } from '../../i18n';
import type { QualifiedSlot, Raid } from '../types';
import { DISCORD_LIMITS } from '../../discord/limits';
import { fitItems, shortMarkdownSafe } from '../../discord/text';
import { slotTimestamp } from '../../time';
import { instantOfSlot } from '../schedule';

const MAX_LABEL_SHOWN = DISCORD_LIMITS.selectOptionLabel;

/** Slots with an instant (earliest first) and the others (all of them without a zone). */
function splitByInstant(slots: readonly QualifiedSlot[], zone: string | undefined): { timed: { slot: QualifiedSlot; instant: Date }[]; untimed: QualifiedSlot[] } {
  const timed: { slot: QualifiedSlot; instant: Date; index: number }[] = [];
  const untimed: QualifiedSlot[] = [];
  slots.forEach((slot, index) => {
    const instant = zone === undefined ? null : instantOfSlot(slot.day, slot.time, zone);
    if (instant === null) untimed.push(slot);
    else timed.push({ slot, instant, index });
  });
  timed.sort((a, b) => a.instant.getTime() - b.instant.getTime() || a.index - b.index);
  return { timed, untimed };
}

/**
 * The overview's lines within `budget` characters (joined by newlines): with the server's
 * `zone`, one line per slot that has an instant (`<t:…:F> (<t:…:R>)`, earliest first), then
 * lines "days: times" for the others (days in slot order, each line the days sharing
 * exactly these times). When the timestamp lines do not all fit, the earliest slots keep
 * theirs and the later ones join the compact "days: times" lines, so every slot stays
 * named (a 25 × 25 raid fits a message that way).
 */
export function overviewLines(slots: readonly QualifiedSlot[], zone?: string, budget = Number.POSITIVE_INFINITY): string[] {
  const { timed, untimed } = splitByInstant(slots, zone);
  const withTimestamps = (count: number): string[] => [
    ...timed.slice(0, count).map(({ instant }) => `- ${slotTimestamp(instant)}`),
    ...labelLines([...timed.slice(count).map(({ slot }) => slot), ...untimed]),
  ];
  const fits = (lines: readonly string[]): boolean => lines.join('\n').length <= budget;
  if (fits(withTimestamps(timed.length))) return withTimestamps(timed.length);
  // More timestamp lines only make the text longer: the largest count that fits, by bisection.
  let low = 0;
  let high = timed.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(withTimestamps(middle))) low = middle;
    else high = middle - 1;
  }
  return withTimestamps(low);
}

function labelLines(slots: readonly QualifiedSlot[]): string[] {
  const timesOfDay = new Map<string, string[]>();
  for (const slot of slots) {
    const times = timesOfDay.get(slot.day) ?? [];
    times.push(shortMarkdownSafe(slot.time, MAX_LABEL_SHOWN));
    timesOfDay.set(slot.day, times);
  }
  const daysOfTimes = new Map<string, string[]>();
  for (const [day, times] of timesOfDay) {
    const key = times.join(', ');
    daysOfTimes.set(key, [...(daysOfTimes.get(key) ?? []), shortMarkdownSafe(day, MAX_LABEL_SHOWN)]);
  }
  return [...daysOfTimes].map(([times, days]) => `- ${days.join(', ')}: ${times}`);
}

/** `zone`: the server's IANA zone, for the timestamps of slots with an instant (see overviewLines). */
export function renderSlotOverview(raid: Raid, slots: readonly QualifiedSlot[], ownLists: number, locale: string, zone?: string): RESTPostAPIChannelMessageJSONBody {
  const header = [
    t(locale, 'slot.overviewTitle', { dungeon: shortMarkdownSafe(raid.dungeon, MAX_LABEL_SHOWN), displayId: raid.displayId }),
    t(locale, 'slot.overviewNote', { count: slots.length, lists: ownLists }),
  ].join('\n');
  const budget = DISCORD_LIMITS.content - header.length - 1;
  // Beyond even the compact lines (long free-text labels of the old bot) "… +N more" ends it.
  const lines = fitItems(overviewLines(slots, zone, budget), '\n', budget, (hidden) => t(locale, 'common.more', { count: hidden }));
  return {
    content: `${header}\n${lines.text}`,
    embeds: [],
    components: [],
    allowed_mentions: { parse: [] },
  };
}
