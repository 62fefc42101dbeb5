import { DISCORD_LIMITS } from '../../discord/limits';
import { joinWithinLimit, replyPayload, shortMarkdownSafe, type ReplyPayload } from '../../discord/text';
import { t } from '../../i18n';

/** /dungeonlist: the active dungeons in the order given (the catalogue's sort order). */
export function renderDungeonList(dungeons: readonly { readonly name: string }[], locale: string): ReplyPayload {
  if (dungeons.length === 0) return replyPayload(t(locale, 'dungeonList.none'));
  const title = t(locale, 'dungeonList.title');
  const lines = dungeons.map((dungeon) => t(locale, 'dungeonList.line', { name: shortMarkdownSafe(dungeon.name, DISCORD_LIMITS.selectOptionLabel) }));
  const more = (hidden: number) => t(locale, 'common.more', { count: hidden });
  return replyPayload(`${title}\n${joinWithinLimit(lines, '\n', DISCORD_LIMITS.content - title.length - 1, more)}`);
}
