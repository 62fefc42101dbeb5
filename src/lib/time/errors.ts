import { t } from '../i18n';
import { shortMarkdownSafe } from '../discord/text';
import { discordTimestamp } from './discord-timestamp';
import { calendarDateTime } from './instant';
import type { TimeInputError } from './slots';

const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** Enough of a typed piece to recognise it; a label may be 100 characters. */
const MAX_INPUT_SHOWN = 60;

/**
 * The member's answer to refused days or times: names the piece as typed (markdown
 * escaped) and shows examples of what is accepted. A slot in the past also shows what
 * it was read as, in the server's zone, and a Discord timestamp in the member's own.
 */
export function timeInputErrorText(error: TimeInputError, locale: string): string {
  const shown = (text: string) => shortMarkdownSafe(text, MAX_INPUT_SHOWN);
  switch (error.code) {
    case 'dayUnreadable':
    case 'dateInvalid':
    case 'timeUnreadable':
      return t(locale, `time.errors.${error.code}`, { input: shown(error.input) });
    case 'weekdayMismatch': {
      const date = calendarDateTime(error.date);
      return t(locale, 'time.errors.weekdayMismatch', {
        input: shown(error.input),
        date: date.toFormat(t(locale, 'time.dateFormat')),
        weekday: t(locale, `time.weekdays.${WEEKDAY_KEYS[date.weekday - 1]!}`),
      });
    }
    case 'slotInPast':
      return t(locale, 'time.errors.slotInPast', {
        dayInput: shown(error.dayInput),
        timeInput: shown(error.timeInput),
        slot: `${error.dayLabel} ${error.timeLabel}`,
        when: discordTimestamp(error.instant, 'R'),
      });
  }
}
