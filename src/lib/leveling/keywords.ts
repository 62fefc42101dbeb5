/**
 * Keyword replies, as the old bot gave them: a whole-word, case-insensitive
 * `nanomon` or `approved` anywhere in a message; both can fire for one message.
 */

export type Keyword = 'nanomon' | 'approved';

/**
 * What the bot answers to each keyword. The old bot answered with a picture and a GIF
 * whose addresses are not known; the Nanomon wiki page (Discord shows its preview) and
 * a text stamp say the same without pointing at media nobody checked.
 */
export const KEYWORD_REPLIES: Readonly<Record<Keyword, string>> = {
  nanomon: 'https://digimon.fandom.com/wiki/Nanomon',
  approved: '✅ **APPROVED**',
};

const KEYWORD_PATTERNS: ReadonlyArray<[Keyword, RegExp]> = [
  // Python's \b (the old bot's) treats any Unicode letter or digit as a word character; JavaScript's
  // \b knows only ASCII, so the boundaries are spelled out ("xnanomonx" and "nanomonä" do not count).
  ['nanomon', /(?<![\p{L}\p{N}_])nanomon(?![\p{L}\p{N}_])/iu],
  ['approved', /(?<![\p{L}\p{N}_])approved(?![\p{L}\p{N}_])/iu],
];

export function detectKeywords(content: string): Keyword[] {
  return KEYWORD_PATTERNS.filter(([, pattern]) => pattern.test(content)).map(([keyword]) => keyword);
}
