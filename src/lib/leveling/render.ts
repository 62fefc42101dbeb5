import { t, type Locale } from '../i18n';
import { KEYWORD_REPLIES, type Keyword } from './keywords';

/** Message payloads of the leveling feature (plain discord-api-types shapes). */

export interface LevelUpPayload {
  readonly content: string;
  /** Only the member who levelled up may be pinged, whatever the text contains. */
  readonly allowedMentions: { readonly users: readonly string[] };
}

export function levelUpMessage(locale: Locale, userId: string, level: number, xp: number): LevelUpPayload {
  return { content: t(locale, 'leveling.levelUp', { mention: `<@${userId}>`, level, xp }), allowedMentions: { users: [userId] } };
}

export interface KeywordReplyPayload {
  readonly content: string;
  /** A reply without a ping of its author, and nobody else either. */
  readonly allowedMentions: { readonly parse: readonly []; readonly repliedUser: false };
}

export function keywordReply(keyword: Keyword): KeywordReplyPayload {
  return { content: KEYWORD_REPLIES[keyword], allowedMentions: { parse: [], repliedUser: false } };
}
