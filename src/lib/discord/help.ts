/** What /help shows: the commands a member may use, each with its description in the member's language. */
import { hasTranslation, t, type CommandTextKey } from '../i18n';
import { DISCORD_LIMITS } from './limits';
import { joinWithinLimit, replyPayload, type ReplyPayload } from './text';

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
  return replyPayload(`${header}\n${joinWithinLimit(lines, '\n', DISCORD_LIMITS.content - header.length - 1, more)}`);
}
