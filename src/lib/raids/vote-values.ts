/**
 * What a vote select sends: the values of the options a member picked. Each option's
 * value is its database id, not its label: ids are short and unique, whereas labels
 * may differ only in case or (in rows written by the old bot) exceed Discord's
 * 100-character value limit.
 */
import { parseSerialId } from '../db/integer-ids';
import type { RaidOption } from './types';

export function raidOptionValue(optionId: number): string {
  return String(optionId);
}

/** The option id behind a vote select value, or null for anything else. */
export function parseRaidOptionValue(value: string): number | null {
  return parseSerialId(value);
}

/**
 * Maps submitted select values to labels of the raid's options of one kind. A value is
 * an option id (what the planner's selects carry); failing that, it is taken as a
 * label, which is what planners posted by the old bot send: an exact label wins,
 * otherwise the trimmed value is matched case-insensitively (the later label wins,
 * as the old bot resolved it). Unknown values are dropped, repeated ones count once.
 */
export function matchSubmittedOptions(options: readonly Pick<RaidOption, 'id' | 'label'>[], values: readonly string[]): string[] {
  const byId = new Map(options.map((option) => [option.id, option.label]));
  const exact = new Set(options.map((option) => option.label));
  const folded = new Map<string, string>();
  for (const { label } of options) folded.set(label.trim().toLowerCase(), label);
  const matched = new Set<string>();
  for (const value of values) {
    const optionId = parseRaidOptionValue(value);
    const label = (optionId === null ? undefined : byId.get(optionId)) ?? (exact.has(value) ? value : folded.get(value.trim().toLowerCase()));
    if (label !== undefined) matched.add(label);
  }
  return [...matched];
}
