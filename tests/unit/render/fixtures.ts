/**
 * Builders for render tests, including Discord's worst cases: maximal snowflakes,
 * 25 options of 100 characters that are all markdown (so escaping doubles them),
 * a thousand voters with 32-character names.
 */
import type { OptionKind, Raid, RaidOption, RaidState, RaidVote } from '../../../src/lib/raids/types';

/** A 20-digit snowflake (the longest there is), distinct per n. */
export function snowflake(n: number): string {
  return (18_000_000_000_000_000_000n + BigInt(n)).toString();
}

export function makeRaid(overrides: Partial<Raid> = {}): Raid {
  return {
    id: 2_147_483_647,
    guildId: snowflake(1),
    channelId: snowflake(2),
    creatorId: snowflake(3),
    dungeon: 'Nanos Lair',
    displayId: 12,
    minPlayers: 4,
    createdAt: new Date('2026-02-01T18:00:00Z'),
    messageId: snowflake(4),
    tempRoleId: null,
    tempRoleCreated: false,
    ...overrides,
  };
}

let nextOptionId = 1000;

export function options(kind: OptionKind, labels: readonly string[]): RaidOption[] {
  return labels.map((label) => ({ id: nextOptionId++, kind, label }));
}

export function makeState(days: readonly string[], times: readonly string[], votes: readonly RaidVote[] = [], raid: Raid = makeRaid()): RaidState {
  return { raid, days: options('day', days), times: options('time', times), votes };
}

export function vote(kind: OptionKind, label: string, userId: string): RaidVote {
  return { kind, label, userId };
}

/** `count` distinct labels of exactly `length` characters made of markdown characters. */
export function markdownLabels(count: number, length = 100): string[] {
  return Array.from({ length: count }, (_, index) => `${index}`.padEnd(length, index % 2 === 0 ? '*' : '_'));
}

/** A 32-character display name full of markdown. */
export function markdownName(n: number): string {
  return `${n}_`.padEnd(32, '*');
}

/** Every user votes every day and every time. */
export function everyoneVotesEverything(days: readonly string[], times: readonly string[], userIds: readonly string[]): RaidVote[] {
  return userIds.flatMap((userId) => [...days.map((label) => vote('day', label, userId)), ...times.map((label) => vote('time', label, userId))]);
}
