/** `/remote_guilds`: the connected servers as one message (pure). */
import { escapeMarkdown } from 'discord.js';
import { DISCORD_LIMITS } from '../discord/limits';
import { t } from '../i18n';
import { guildDisplayName, guildsForListing, type ConnectedGuild } from './target';

/** Discord's limit for a message's content. */
export const MAX_CONTENT_LENGTH = DISCORD_LIMITS.content;
/** At most this many servers are listed, as the old bot listed them; the rest are counted. */
export const MAX_LISTED_GUILDS = 50;

/**
 * Header, then one bold name per server sorted by name; servers that do not fit (over
 * 50, or past 2,000 characters) are summed up as "… +N more".
 */
export function renderGuildList(locale: string, guilds: readonly ConnectedGuild[]): string {
  if (guilds.length === 0) return t(locale, 'remote.noGuilds');
  const { shown, omitted } = guildsForListing(guilds, MAX_LISTED_GUILDS);
  const lines = [t(locale, 'remote.guildsHeader', { count: guilds.length })];
  let length = lines[0]!.length;
  for (const [index, guild] of shown.entries()) {
    const line = t(locale, 'remote.guildLine', { name: escapeMarkdown(guildDisplayName(guild)) });
    const isLast = index === shown.length - 1 && omitted === 0;
    // Keep room for the "… +N more" line unless this is the last server.
    const reserve = isLast ? 0 : 1 + t(locale, 'common.more', { count: shown.length - index + omitted }).length;
    if (length + 1 + line.length + reserve > MAX_CONTENT_LENGTH) {
      lines.push(t(locale, 'common.more', { count: shown.length - index + omitted }));
      return lines.join('\n');
    }
    lines.push(line);
    length += 1 + line.length;
  }
  if (omitted > 0) lines.push(t(locale, 'common.more', { count: omitted }));
  return lines.join('\n');
}
