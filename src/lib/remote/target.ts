/**
 * Which connected guild a privileged operator means by the text typed into a remote
 * command (the old bot's rules, which operators know), and the autocomplete choices
 * that always resolve back to the guild they show. Pure: the caller passes the guilds
 * the bot is connected to.
 */
import { DISCORD_LIMITS } from '../discord/limits';
import { truncate } from '../discord/text';

export interface ConnectedGuild {
  readonly id: string;
  readonly name: string;
}

export type RemoteTargetResolution =
  | { readonly kind: 'found'; readonly guild: ConnectedGuild }
  /** Nothing typed. */
  | { readonly kind: 'empty' }
  /** `Name (id)` form whose id is not a guild the bot is in. */
  | { readonly kind: 'not-connected'; readonly guildId: string }
  /** Several guilds carry exactly this name. */
  | { readonly kind: 'ambiguous-name'; readonly candidates: readonly ConnectedGuild[] }
  /** No exact name, several names contain the text. */
  | { readonly kind: 'ambiguous-substring'; readonly candidates: readonly ConnectedGuild[] }
  | { readonly kind: 'unknown' };

export interface RemoteGuildChoice {
  readonly name: string;
  readonly value: string;
}

/** Discord's limits for autocomplete answers. */
export const MAX_AUTOCOMPLETE_CHOICES = DISCORD_LIMITS.autocompleteChoices;
export const MAX_CHOICE_LENGTH = DISCORD_LIMITS.autocompleteChoiceLength;

/** `… (123456789)` at the end of the input: the operator picked an id-qualified choice. */
const ID_SUFFIX = /\((\d+)\)\s*$/;

/**
 * Full case folding the way Python's `str.casefold` does it for the cases that matter
 * in guild names (ß → ss, final sigma), which `toLowerCase` alone misses.
 */
export function caseFold(text: string): string {
  return text.toUpperCase().toLowerCase();
}

export function resolveRemoteTarget(input: string, guilds: readonly ConnectedGuild[]): RemoteTargetResolution {
  const typed = input.trim();
  if (typed === '') return { kind: 'empty' };

  const idMatch = ID_SUFFIX.exec(typed);
  if (idMatch) {
    const guildId = idMatch[1]!;
    const guild = guilds.find((candidate) => candidate.id === guildId);
    return guild ? { kind: 'found', guild } : { kind: 'not-connected', guildId };
  }

  const folded = caseFold(typed);
  const exact = guilds.filter((guild) => caseFold(guild.name.trim()) === folded);
  if (exact.length === 1) return { kind: 'found', guild: exact[0]! };
  if (exact.length > 1) return { kind: 'ambiguous-name', candidates: sortGuildsByName(exact) };

  const partial = guilds.filter((guild) => caseFold(guild.name.trim()).includes(folded));
  if (partial.length === 1) return { kind: 'found', guild: partial[0]! };
  if (partial.length > 1) return { kind: 'ambiguous-substring', candidates: sortGuildsByName(partial) };
  return { kind: 'unknown' };
}

/** Guilds ordered the way operators read them: case-folded name (code point order), then id (numerically). */
export function sortGuildsByName(guilds: readonly ConnectedGuild[]): ConnectedGuild[] {
  return [...guilds].sort((a, b) => {
    const nameA = caseFold(a.name.trim());
    const nameB = caseFold(b.name.trim());
    if (nameA !== nameB) return nameA < nameB ? -1 : 1;
    const idA = BigInt(a.id);
    const idB = BigInt(b.id);
    return idA < idB ? -1 : idA > idB ? 1 : 0;
  });
}

/** What the operator sees for a guild: its name, or `Server <id>` when the name is blank. */
export function guildDisplayName(guild: ConnectedGuild): string {
  const name = guild.name.trim();
  return name === '' ? `Server ${guild.id}` : name;
}

/**
 * Autocomplete choices for `guild_name`. The value is the plain name when typing that
 * name resolves to this guild, otherwise `Name (id)` — names shared (case-folded) with
 * another guild, blank names and names that themselves end in `(digits)`. Filtered by
 * case-folded substring of name or value; at most 25; name and value at most 100 chars.
 */
export function remoteGuildChoices(typed: string, guilds: readonly ConnectedGuild[]): RemoteGuildChoice[] {
  const needle = caseFold(typed.trim());
  const choices: RemoteGuildChoice[] = [];
  for (const guild of sortGuildsByName(guilds)) {
    const display = guildDisplayName(guild);
    const value = display.length <= MAX_CHOICE_LENGTH && resolvesTo(display, guild, guilds) ? display : idQualifiedValue(display, guild.id);
    if (needle !== '' && !caseFold(display).includes(needle) && !caseFold(value).includes(needle)) continue;
    choices.push({ name: truncate(display, MAX_CHOICE_LENGTH), value });
    if (choices.length === MAX_AUTOCOMPLETE_CHOICES) break;
  }
  return choices;
}

function resolvesTo(typed: string, guild: ConnectedGuild, guilds: readonly ConnectedGuild[]): boolean {
  const resolution = resolveRemoteTarget(typed, guilds);
  return resolution.kind === 'found' && resolution.guild.id === guild.id;
}

/** `Name (id)`, shortening the name so the id (which is what resolves) always fits. */
function idQualifiedValue(display: string, id: string): string {
  const suffix = ` (${id})`;
  return `${truncate(display, MAX_CHOICE_LENGTH - suffix.length)}${suffix}`;
}

/** The guilds `/remote_guilds` lists: sorted by name, at most `max`, with how many were left out. */
export function guildsForListing(guilds: readonly ConnectedGuild[], max = 50): { shown: ConnectedGuild[]; omitted: number } {
  const sorted = sortGuildsByName(guilds);
  return { shown: sorted.slice(0, max), omitted: Math.max(0, sorted.length - max) };
}
