/**
 * Parsing and validation of what a member types into the raid create modal, and the
 * JSON format of the per-dungeon auto template. Pure: no I/O, no discord.js.
 */
import { DISCORD_LIMITS } from '../discord/limits';
import type { RaidTemplateDefaults } from './types';

/** Each label becomes one option of the vote select, which holds at most this many. */
export const MAX_LABELS_PER_KIND = DISCORD_LIMITS.selectOptions;
/** The longest label such an option shows (its value is the option's id, not the label). */
export const MAX_LABEL_LENGTH = DISCORD_LIMITS.selectOptionLabel;
/** The modal field holds three digits. */
export const MAX_MIN_PLAYERS = 999;

export type RaidInputError =
  | { readonly code: 'noDays' }
  | { readonly code: 'noTimes' }
  | { readonly code: 'tooManyDays'; readonly max: number; readonly count: number }
  | { readonly code: 'tooManyTimes'; readonly max: number; readonly count: number }
  | { readonly code: 'labelTooLong'; readonly kind: 'day' | 'time'; readonly label: string; readonly max: number }
  | { readonly code: 'minPlayersInvalid' };

export type RaidInputErrorCode = RaidInputError['code'];

export interface RaidInput {
  readonly days: readonly string[];
  readonly times: readonly string[];
  readonly minPlayers: number;
}

export type Validation<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: RaidInputError };

/**
 * Splits on any run of `,`, `;` or line breaks, trims, drops empty pieces and exact
 * (case-sensitive) duplicates, keeping the first. Unlike the old bot it does not stop at
 * 25 items: the caller refuses oversized lists instead of silently dropping labels.
 */
export function parseLabelList(text: string): string[] {
  const labels: string[] = [];
  const seen = new Set<string>();
  for (const piece of text.split(/[,;\r\n]+/)) {
    const label = piece.trim();
    if (label.length === 0 || seen.has(label)) continue;
    seen.add(label);
    labels.push(label);
  }
  return labels;
}

/** A trimmed whole number 0..999 (0 means "a slot qualifies from one voter"). */
export function parseMinPlayers(text: string): Validation<number> {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return { ok: false, error: { code: 'minPlayersInvalid' } };
  const value = Number.parseInt(trimmed, 10);
  if (value > MAX_MIN_PLAYERS) return { ok: false, error: { code: 'minPlayersInvalid' } };
  return { ok: true, value };
}

/**
 * Validates the three modal fields. The first problem found wins, in the order a
 * member would fix them: min players, missing lists, oversized lists, long labels.
 */
export function validateRaidInput(rawDays: string, rawTimes: string, rawMinPlayers: string): Validation<RaidInput> {
  const minPlayers = parseMinPlayers(rawMinPlayers);
  if (!minPlayers.ok) return minPlayers;

  const days = parseLabelList(rawDays);
  const times = parseLabelList(rawTimes);
  if (days.length === 0) return { ok: false, error: { code: 'noDays' } };
  if (times.length === 0) return { ok: false, error: { code: 'noTimes' } };
  if (days.length > MAX_LABELS_PER_KIND) {
    return { ok: false, error: { code: 'tooManyDays', max: MAX_LABELS_PER_KIND, count: days.length } };
  }
  if (times.length > MAX_LABELS_PER_KIND) {
    return { ok: false, error: { code: 'tooManyTimes', max: MAX_LABELS_PER_KIND, count: times.length } };
  }
  for (const [kind, labels] of [['day', days], ['time', times]] as const) {
    // UTF-16 length is never below Discord's own count, so a label accepted here is accepted there.
    const tooLong = labels.find((label) => label.length > MAX_LABEL_LENGTH);
    if (tooLong !== undefined) {
      return { ok: false, error: { code: 'labelTooLong', kind, label: tooLong, max: MAX_LABEL_LENGTH } };
    }
  }
  return { ok: true, value: { days, times, minPlayers: minPlayers.value } };
}

/** Name of the one template per (guild, dungeon) that raid creation keeps up to date. */
export const AUTO_TEMPLATE_NAME = '_auto_dungeon_default';

const EMPTY_DEFAULTS: RaidTemplateDefaults = Object.freeze({ days: Object.freeze([]), times: Object.freeze([]), minPlayers: 0 });

function labelsFromJson(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const pieces = value.filter((item) => typeof item === 'string' || typeof item === 'number').map(String);
  // Re-parsed like typed input (as the old bot did), so stored data is held to the same rules.
  return parseLabelList(pieces.join(','));
}

function minPlayersFromJson(value: unknown): number {
  const parsed = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(parsed) || parsed < 0) return 0;
  return Math.min(Math.trunc(parsed), MAX_MIN_PLAYERS);
}

/**
 * Reads `raid_templates.template_data`. Tolerant by design: a broken or foreign row
 * yields empty lists and 0 rather than an error, since it only prefills a form.
 */
export function templateDefaultsFromJson(text: string): RaidTemplateDefaults {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return EMPTY_DEFAULTS;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return EMPTY_DEFAULTS;
  const record = data as Record<string, unknown>;
  return {
    days: labelsFromJson(record.days),
    times: labelsFromJson(record.times),
    minPlayers: minPlayersFromJson(record.min_players),
  };
}

/**
 * Writes `raid_templates.template_data` in the old bot's format (Python's json.dumps
 * spacing, non-ASCII kept as is), so rows stay readable by either bot.
 */
export function templateDataJson(defaults: RaidTemplateDefaults): string {
  const list = (labels: readonly string[]) => `[${labels.map((label) => JSON.stringify(label)).join(', ')}]`;
  const minPlayers = Math.max(0, Math.trunc(defaults.minPlayers));
  return `{"days": ${list(defaults.days)}, "times": ${list(defaults.times)}, "min_players": ${minPlayers}}`;
}
