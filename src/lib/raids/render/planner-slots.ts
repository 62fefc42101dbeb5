/**
 * The slots part of the planner: the best candidates first (before anyone voted, the
 * earliest slots), each with Discord timestamps (every member sees the date and time
 * in their own zone, and a countdown), then per day in date order the times members share and how many. Short
 * lines for phones. When the whole grid does not fit its room, only the best slots
 * are shown, as many as fit. Pure.
 */
import { fitItems, shortMarkdownSafe } from '../../discord/text';
import { t } from '../../i18n';
import { slotTimestamp } from '../../time';
import type { GridSlot, SlotGrid } from '../slot-grid';

/** Best slots shown above the grid. */
export const BEST_SLOTS_SHOWN = 5;
/** Labels are at most 100 characters; in these lines a day or time needs far less. */
const MAX_LABEL_SHOWN = 40;
const QUALIFIED_MARK = '✅';
const OPEN_MARK = '▫️';

const shown = (label: string) => shortMarkdownSafe(label, MAX_LABEL_SHOWN);

/** One best-slot line: `✅ **4** · <t:…:F> (<t:…:R>)`, or the labels when the slot has no instant. */
function bestLine(slot: GridSlot): string {
  const when = slot.instant === null ? `${shown(slot.day)} ${shown(slot.time)}` : slotTimestamp(slot.instant);
  return `${slot.qualified ? QUALIFIED_MARK : OPEN_MARK} **${slot.count}** · ${when}`;
}

/** One day of the grid: `**Sat 2026-12-26**: 20:00 ✅**4** · 21:00 **1**`, `-` when nobody shares a time there. */
function dayLine(day: SlotGrid['days'][number]): string {
  const entries = day.slots.filter((slot) => slot.count > 0).map((slot) => `${shown(slot.time)} ${slot.qualified ? QUALIFIED_MARK : ''}**${slot.count}**`);
  return `**${shown(day.label)}**: ${entries.length === 0 ? '-' : entries.join(' · ')}`;
}

export interface PlannerSlotsOptions {
  readonly locale: string;
  /** The server's zone, named above the grid (its day labels are dates there). */
  readonly zone: string;
  /** Room in code units. */
  readonly limit: number;
}

/** The slots text of the planner; never longer than `limit`. */
export function renderPlannerSlots(grid: SlotGrid, { locale, zone, limit }: PlannerSlotsOptions): string {
  const more = (hidden: number) => t(locale, 'common.more', { count: hidden });
  const hasInstants = grid.days.some((day) => day.slots.some((slot) => slot.instant !== null));
  const gridHeading = hasInstants ? t(locale, 'plannerSlots.byDayIn', { zone }) : t(locale, 'plannerSlots.byDay');
  const gridText = [gridHeading, ...grid.days.map(dayLine)].join('\n');
  if (grid.ranked.length === 0) return ''; // no days or no times: nothing to show
  const bestHeading = t(locale, 'plannerSlots.best');
  const best = grid.ranked.slice(0, BEST_SLOTS_SHOWN).map(bestLine);
  const full = `${[bestHeading, ...best].join('\n')}${grid.ranked.length > BEST_SLOTS_SHOWN ? `\n${more(grid.ranked.length - BEST_SLOTS_SHOWN)}` : ''}\n\n${gridText}`;
  if (full.length <= limit) return full;
  // 25 days × 25 times do not fit: the best slots, as many as there is room for.
  const room = limit - bestHeading.length - 1;
  if (room <= 0) return '';
  return `${bestHeading}\n${fitItems(grid.ranked.map(bestLine), '\n', room, more).text}`;
}
