/**
 * The one message that stands for every qualified slot beyond a raid's own lists
 * (PARTICIPANT_LISTS_PER_RAID): slots grouped by day, days with the same times on one
 * line ("Sat, Sun: 19:00, 20:30"), so even a 25 × 25 raid fits a message. Slots
 * whose labels name an instant get a line of their own with Discord timestamps, in
 * time order (beyond 2000 characters "… +N more"). It mentions nobody; the members of
 * these slots are in the planner.
 */
import type { RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import { t } from '../../i18n';
import type { QualifiedSlot, Raid } from '../types';
import { DISCORD_LIMITS } from '../../discord/limits';
import { fitItems, shortMarkdownSafe } from '../../discord/text';
import { slotTimestamp } from '../../time';
import { instantOfSlot } from '../schedule';

const MAX_LABEL_SHOWN = DISCORD_LIMITS.selectOptionLabel;

/**
 * With the server's `zone`, first one line per slot that has an instant (`<t:…:F> (<t:…:R>)`,
 * earliest first); then, for the others (all of them without a zone), lines "days: times",
 * days in slot order, each line the days sharing exactly these times.
 */
export function overviewLines(slots: readonly QualifiedSlot[], zone?: string): string[] {
  const timed: { instant: Date; index: number }[] = [];
  const untimed: QualifiedSlot[] = [];
  slots.forEach((slot, index) => {
    const instant = zone === undefined ? null : instantOfSlot(slot.day, slot.time, zone);
    if (instant === null) untimed.push(slot);
    else timed.push({ instant, index });
  });
  timed.sort((a, b) => a.instant.getTime() - b.instant.getTime() || a.index - b.index);
  return [...timed.map(({ instant }) => `- ${slotTimestamp(instant)}`), ...labelLines(untimed)];
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
  const lines = fitItems(overviewLines(slots, zone), '\n', DISCORD_LIMITS.content - header.length - 1, (hidden) => t(locale, 'common.more', { count: hidden }));
  return {
    content: `${header}\n${lines.text}`,
    embeds: [],
    components: [],
    allowed_mentions: { parse: [] },
  };
}
