/**
 * The one message that stands for every qualified slot beyond a raid's own lists
 * (PARTICIPANT_LISTS_PER_RAID): slots grouped by day, days with the same times on one
 * line ("Sat, Sun: 19:00, 20:30"), so even a 25 × 25 raid fits a message. It
 * mentions nobody; the members of these slots are in the planner.
 */
import type { RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import { t } from '../../i18n';
import type { QualifiedSlot, Raid } from '../types';
import { DISCORD_LIMITS } from '../../discord/limits';
import { fitItems, shortMarkdownSafe } from '../../discord/text';

const MAX_LABEL_SHOWN = DISCORD_LIMITS.selectOptionLabel;

/** Lines "days: times", days in slot order, each line the days sharing exactly these times. */
export function overviewLines(slots: readonly QualifiedSlot[]): string[] {
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

export function renderSlotOverview(raid: Raid, slots: readonly QualifiedSlot[], ownLists: number, locale: string): RESTPostAPIChannelMessageJSONBody {
  const header = [
    t(locale, 'slot.overviewTitle', { dungeon: shortMarkdownSafe(raid.dungeon, MAX_LABEL_SHOWN), displayId: raid.displayId }),
    t(locale, 'slot.overviewNote', { count: slots.length, lists: ownLists }),
  ].join('\n');
  const lines = fitItems(overviewLines(slots), '\n', DISCORD_LIMITS.content - header.length - 1, (hidden) => t(locale, 'common.more', { count: hidden }));
  return {
    content: `${header}\n${lines.text}`,
    embeds: [],
    components: [],
    allowed_mentions: { parse: [] },
  };
}
