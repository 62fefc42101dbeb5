/**
 * Ephemeral answers that need more than one `t()` call: lists that must be capped,
 * error codes mapped to texts. Each returns a plain-content payload that pings nobody;
 * the safe-interaction helpers make it ephemeral.
 */
import type { RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import { hasTranslation, t, type CommandTextKey } from '../../i18n';
import { MAX_MIN_PLAYERS, type RaidInputError } from '../parse';
import { memberChoices } from '../slots';
import type { RaidState } from '../types';
import { DISCORD_LIMITS } from '../../discord/limits';
import { joinWithinLimit, listWithShortenedLabels, shortMarkdownSafe } from '../../discord/text';

export type ReplyPayload = RESTPostAPIChannelMessageJSONBody & { readonly content: string };

function reply(content: string): ReplyPayload {
  return { content, allowed_mentions: { parse: [] } };
}

const MAX_LABEL_SHOWN = DISCORD_LIMITS.selectOptionLabel;

/** The member's current days and times after a vote (decision 7's follow-up). */
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
  return reply(t(locale, 'vote.summary', { ...vars, days: list(days), times: list(times) }));
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

/** /dungeonlist: the active dungeons in the order given (the catalogue's sort order). */
export function renderDungeonList(dungeons: readonly { readonly name: string }[], locale: string): ReplyPayload {
  if (dungeons.length === 0) return reply(t(locale, 'dungeonList.none'));
  const title = t(locale, 'dungeonList.title');
  const lines = dungeons.map((dungeon) => t(locale, 'dungeonList.line', { name: shortMarkdownSafe(dungeon.name, MAX_LABEL_SHOWN) }));
  const more = (hidden: number) => t(locale, 'common.more', { count: hidden });
  return reply(`${title}\n${joinWithinLimit(lines, '\n', DISCORD_LIMITS.content - title.length - 1, more)}`);
}

/** /help: the given commands sorted by name, each with its description when there is one. */
export function renderHelp(commandNames: readonly string[], locale: string): ReplyPayload {
  const header = t(locale, 'help.header');
  const lines = [...commandNames]
    .sort((a, b) => a.localeCompare(b, 'en'))
    .map((name) => {
      const key = `commands.${name}.description`;
      // Command names are [a-z0-9_-] and shown in a code span, where escaping would show up.
      return hasTranslation(key)
        ? t(locale, 'help.line', { name, description: t(locale, key as CommandTextKey) })
        : t(locale, 'help.lineWithoutDescription', { name });
    });
  const more = (hidden: number) => t(locale, 'common.more', { count: hidden });
  return reply(`${header}\n${joinWithinLimit(lines, '\n', DISCORD_LIMITS.content - header.length - 1, more)}`);
}
