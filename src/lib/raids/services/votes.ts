/**
 * Casting votes from the planner's selects: the member's vote-change budget, then,
 * holding the raid's lock, the toggle (one transaction; the repository resolves the
 * submitted values — option ids, or labels on planners posted by the old bot —
 * against the raid's options), the fan-out to participant lists and raid list, and the
 * planner update through the interaction response, falling back to an edit over REST.
 * Serialised per raid, so planner updates reach Discord in commit order.
 */
import type { VoteRateLimiter } from '../../flood/vote-rate';
import { recordVote } from '../../metrics/raids';
import type { MessagePayload } from '../../discord/tracked-message';
import type { OptionKind, RaidState, VoteToggleResult } from '../types';
import type { RaidServiceRepositories } from './context';
import type { PlannerService } from './planner';
import type { RaidListService } from './raid-list';
import type { RaidLocks } from './raid-lock';
import type { SlotSyncService } from './slot-sync';

/** Who votes, and in which server the select was used. */
export interface Voter {
  readonly userId: string;
  readonly guildId: string;
}

export interface Vote {
  readonly raidId: number;
  readonly voter: Voter;
  readonly kind: OptionKind;
  readonly values: readonly string[];
}

/** How the planner reaches the member: the interaction response, owned by the handler. */
export interface VoteResponse {
  /** The vote is committed (or refused): the handler stops waiting to acknowledge. */
  committed(): Promise<void>;
  /** Shows the planner through the interaction response; false when that did not happen. */
  showPlanner(payload: MessagePayload): Promise<boolean>;
}

export type VoteOutcome =
  | { readonly kind: 'tooFast'; readonly windowSeconds: number }
  /** The raid belongs to another server than the select was used in (a modified client can send any id). */
  | { readonly kind: 'otherGuild' }
  | { readonly kind: 'notActive' }
  /** None of the submitted values names an option of the raid. */
  | { readonly kind: 'unchanged'; readonly state: RaidState }
  | { readonly kind: 'changed'; readonly result: VoteToggleResult };

export interface VoteServiceParts {
  readonly repos: RaidServiceRepositories;
  readonly locks: RaidLocks;
  readonly planner: PlannerService;
  readonly slots: SlotSyncService;
  readonly raidList: RaidListService;
  /** Vote changes per member and window; null (tests of other parts) limits nothing. */
  readonly limiter: VoteRateLimiter | null;
}

export class VoteService {
  public constructor(private readonly parts: VoteServiceParts) {}

  public async cast(vote: Vote, response: VoteResponse): Promise<VoteOutcome> {
    const outcome = await this.castVote(vote, response);
    recordVote(outcome.kind === 'tooFast' ? 'rate_limited' : outcome.kind === 'changed' || outcome.kind === 'unchanged' ? outcome.kind : 'refused');
    return outcome;
  }

  private async castVote(vote: Vote, response: VoteResponse): Promise<VoteOutcome> {
    const { repos, locks, planner, slots, raidList, limiter } = this.parts;
    // Before anything is locked or written: a member over the limit changes nothing.
    if (limiter !== null && !(await limiter.take(vote.voter.guildId, vote.voter.userId)).allowed) {
      await response.committed();
      return { kind: 'tooFast', windowSeconds: limiter.windowSeconds };
    }
    return locks.run(vote.raidId, async (lock) => {
      const guildId = await repos.raids.guildOfRaid(vote.raidId);
      const toggled = guildId !== null && guildId !== vote.voter.guildId ? 'otherGuild' : await repos.raids.toggleVotes(vote.raidId, vote.voter.userId, vote.kind, vote.values);
      const changed = toggled !== null && toggled !== 'otherGuild' && (toggled.added.length > 0 || toggled.removed.length > 0);
      // Committed: lists and raid list follow it whatever happens to the response below.
      if (changed) {
        slots.schedule(vote.raidId);
        raidList.scheduleRefresh(toggled.state.raid.guildId);
      }
      await response.committed();
      if (toggled === 'otherGuild') return { kind: 'otherGuild' };
      if (toggled === null) return { kind: 'notActive' };
      // Still inside the lock, so no later vote's response is overwritten by this state.
      if (!(await response.showPlanner(await planner.render(toggled.state)))) await planner.refresh(lock).catch(() => undefined); // logged by the planner
      return changed ? { kind: 'changed', result: toggled } : { kind: 'unchanged', state: toggled.state };
    });
  }
}
