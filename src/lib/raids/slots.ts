/**
 * Slot arithmetic of a raid: which day × time combinations have enough common voters
 * for a participant list, and the vote tallies the planner shows. Pure functions of a
 * loaded RaidState.
 */
import type { OptionKind, QualifiedSlot, RaidState, RaidVote } from './types';

const CANONICAL = /^(0|[1-9][0-9]*)$/;

/** Snowflakes compared as numbers (string order would put "9" after "10"). */
export function compareSnowflakes(a: string, b: string): number {
  // Canonical decimals (what Discord and the database give) compare by length, then by
  // digits, without allocating two BigInts per comparison in every sort of a vote's voters.
  if (CANONICAL.test(a) && CANONICAL.test(b)) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  const left = BigInt(a);
  const right = BigInt(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** A slot needs min players voters; 0 means "from the first voter on". */
export function slotThreshold(minPlayers: number): number {
  return minPlayers > 0 ? minPlayers : 1;
}

export const NO_VOTERS: ReadonlySet<string> = new Set();

/**
 * Voters of each voted label, per kind, worked out once per loaded state (its votes array:
 * `inSlotOrder` and the like keep it): a vote's planner, names and summary ask for them
 * several times.
 */
const votersOfVotes = new WeakMap<readonly RaidVote[], Record<OptionKind, Map<string, Set<string>>>>();

function votersOfLabels(votes: readonly RaidVote[], kind: OptionKind): ReadonlyMap<string, ReadonlySet<string>> {
  let known = votersOfVotes.get(votes);
  if (known === undefined) {
    known = { day: new Map(), time: new Map() };
    for (const vote of votes) {
      const byLabel = vote.kind === 'day' ? known.day : vote.kind === 'time' ? known.time : null;
      if (byLabel === null) continue;
      const voters = byLabel.get(vote.label);
      if (voters === undefined) byLabel.set(vote.label, new Set([vote.userId]));
      else voters.add(vote.userId);
    }
    votersOfVotes.set(votes, known);
  }
  return known[kind];
}

/** Voters of each label of one kind, in option order. Votes on labels the raid does not offer are ignored. */
export function votersByLabel(state: RaidState, kind: OptionKind): Map<string, ReadonlySet<string>> {
  const voted = votersOfLabels(state.votes, kind);
  const options = kind === 'day' ? state.days : state.times;
  return new Map(options.map((option) => [option.label, voted.get(option.label) ?? NO_VOTERS]));
}

/** Qualified slots, days in option order, then times in option order. */
export function qualifiedSlots(state: RaidState): QualifiedSlot[] {
  const threshold = slotThreshold(state.raid.minPlayers);
  const dayVoters = votersByLabel(state, 'day');
  const timeVoters = votersByLabel(state, 'time');
  const slots: QualifiedSlot[] = [];
  for (const day of state.days) {
    const onDay = dayVoters.get(day.label) ?? NO_VOTERS;
    for (const time of state.times) {
      const onTime = timeVoters.get(time.label) ?? NO_VOTERS;
      const userIds = [...onDay].filter((userId) => onTime.has(userId)).sort(compareSnowflakes);
      if (userIds.length >= threshold) slots.push({ day: day.label, time: time.label, userIds });
    }
  }
  return slots;
}

/** Everyone who is in at least one qualified slot, ascending: the raid role and attendance go to them. */
export function slotParticipants(state: RaidState): string[] {
  const participants = new Set<string>();
  for (const slot of qualifiedSlots(state)) for (const userId of slot.userIds) participants.add(userId);
  return [...participants].sort(compareSnowflakes);
}

/** Members with at least one day vote and at least one time vote, ascending (the planner's "fully voted" list). */
export function fullyVotedUserIds(state: RaidState): string[] {
  const dayVoters = new Set<string>();
  const timeVoters = new Set<string>();
  for (const [kind, voters] of [['day', dayVoters], ['time', timeVoters]] as const) {
    for (const labelVoters of votersByLabel(state, kind).values()) for (const userId of labelVoters) voters.add(userId);
  }
  return [...dayVoters].filter((userId) => timeVoters.has(userId)).sort(compareSnowflakes);
}

/** Number of voters per label of one kind, every label of that kind in option order (0 included). */
export function voteCounts(state: RaidState, kind: OptionKind): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [label, voters] of votersByLabel(state, kind)) counts.set(label, voters.size);
  return counts;
}

/** One member's current choices in option order (for the summary sent after a vote). */
export function memberChoices(state: RaidState, userId: string): { days: string[]; times: string[] } {
  const chosen = (kind: OptionKind) =>
    [...votersByLabel(state, kind)].filter(([, voters]) => voters.has(userId)).map(([label]) => label);
  return { days: chosen('day'), times: chosen('time') };
}

/**
 * The `raid_posted_slots` row of a raid's overview message (the slots without a list of
 * their own): empty labels, which no raid option can have (parse refuses blank labels).
 */
export const OVERVIEW_SLOT = Object.freeze({ day: '', time: '' });

export function isOverviewSlot(slot: { readonly day: string; readonly time: string }): boolean {
  return slot.day === OVERVIEW_SLOT.day && slot.time === OVERVIEW_SLOT.time;
}

export interface ListPlan {
  /** Slots with a participant list of their own, in slot order. */
  readonly own: QualifiedSlot[];
  /** The other qualified slots, shown together in the overview message (empty: no overview). */
  readonly folded: QualifiedSlot[];
}

/**
 * Which qualified slots get a list of their own when a raid may post at most `maxMessages`
 * messages: all of them when they fit, otherwise `maxMessages - 1` lists and one
 * overview. The fullest slots win; among equals a slot already posted keeps its list (no
 * churn, no new post), then slot order decides.
 */
export function planLists(slots: readonly QualifiedSlot[], maxMessages: number, isPosted: (slot: QualifiedSlot) => boolean): ListPlan {
  if (slots.length <= maxMessages) return { own: [...slots], folded: [] };
  const ranked = slots
    .map((slot, index) => ({ slot, index, posted: isPosted(slot) }))
    .sort((a, b) => b.slot.userIds.length - a.slot.userIds.length || Number(b.posted) - Number(a.posted) || a.index - b.index);
  const chosen = new Set(ranked.slice(0, maxMessages - 1).map((entry) => entry.slot));
  return { own: slots.filter((slot) => chosen.has(slot)), folded: slots.filter((slot) => !chosen.has(slot)) };
}
