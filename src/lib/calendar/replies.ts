/** What members see of the calendar feature: the button under a participant list and the answers to a click. */
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from 'discord.js';
import { calendarSlotButtonId } from '../discord/custom-ids';
import { shortMarkdownSafe } from '../discord/text';
import { DISCORD_LIMITS } from '../discord/limits';
import { t, type TranslationKey } from '../i18n';
import { slotTimestamp } from '../time';
import type { SlotCalendarOutcome } from './service';

/** The row with the "Add to calendar" button of one slot. */
export function calendarButtonRow(raidId: number, slot: { readonly dayOptionId: number; readonly timeOptionId: number }, locale: string): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        custom_id: calendarSlotButtonId(raidId, slot.dayOptionId, slot.timeOptionId),
        label: t(locale, 'calendar.button'),
        emoji: { name: '📅' },
      },
    ],
  };
}

/** The refusal text for each outcome that is not a file. */
export const CALENDAR_REFUSALS = {
  raidGone: 'calendar.raidGone',
  otherServer: 'common.raidOfOtherServer',
  slotGone: 'calendar.slotGone',
  noDate: 'calendar.noDate',
} as const satisfies Record<Exclude<SlotCalendarOutcome['kind'], 'file'>, TranslationKey>;

/** The text that comes with the file. */
export function calendarFileText(locale: string, file: { readonly dungeon: string; readonly displayId: number; readonly start: Date }): string {
  return t(locale, 'calendar.file', {
    dungeon: shortMarkdownSafe(file.dungeon, DISCORD_LIMITS.selectOptionLabel),
    displayId: file.displayId,
    when: slotTimestamp(file.start),
  });
}
