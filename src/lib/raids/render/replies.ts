/**
 * The raid answers that need more than one `t()` call: the member's choices after a
 * vote (capped to one message) and the refused raid input, code by code.
 */
import { t } from '../../i18n';
import { MAX_MIN_PLAYERS, type RaidInputError } from '../parse';
import { memberChoices } from '../slots';
import type { RaidState } from '../types';
import { DISCORD_LIMITS } from '../../discord/limits';
import { listWithShortenedLabels, replyPayload, shortMarkdownSafe, type ReplyPayload } from '../../discord/text';

const MAX_LABEL_SHOWN = DISCORD_LIMITS.selectOptionLabel;

/** The member's current days and times, sent privately after each vote so the voter sees what now counts. */
export function renderVoteSummary(state: RaidState, userId: string, locale: string): ReplyPayload {
  const { days, times } = memberChoices(state, userId);
  const vars = { displayId: state.raid.displayId, dungeon: shortMarkdownSafe(state.raid.dungeon, MAX_LABEL_SHOWN) };
  const frame = t(locale, 'vote.summary', { ...vars, days: '', times: '' }).length;
  const perList = Math.floor((DISCORD_LIMITS.content - frame) / 2);
  const list = (labels: readonly string[]) =>
    labels.length === 0
      ? t(locale, 'common.none')
      : listWithShortenedLabels(labels, (label, shown) => shown(label), {
          separator: ', ',
          limit: perList,
          more: (hidden) => t(locale, 'common.more', { count: hidden }),
          longestLabel: MAX_LABEL_SHOWN,
        });
  return replyPayload(t(locale, 'vote.summary', { ...vars, days: list(days), times: list(times) }));
}

/** The answer to a raid create modal whose input was refused. */
export function raidInputErrorText(error: RaidInputError, locale: string): string {
  switch (error.code) {
    case 'noDays':
      return t(locale, 'raidInput.noDays');
    case 'noTimes':
      return t(locale, 'raidInput.noTimes');
    case 'tooManyDays':
      return t(locale, 'raidInput.tooManyDays', { count: error.count, max: error.max });
    case 'tooManyTimes':
      return t(locale, 'raidInput.tooManyTimes', { count: error.count, max: error.max });
    case 'labelTooLong': {
      // Enough of the label to recognise it; the whole thing may be 400 characters.
      const label = shortMarkdownSafe(error.label, 60);
      return t(locale, error.kind === 'day' ? 'raidInput.labelTooLongDay' : 'raidInput.labelTooLongTime', { label, max: error.max });
    }
    case 'minPlayersInvalid':
      return t(locale, 'raidInput.minPlayersInvalid', { max: MAX_MIN_PLAYERS });
  }
}
