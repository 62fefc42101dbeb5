/**
 * Casting votes from the planner's selects: the member's vote-change budget, then,
 * holding the raid's lock only for the database and rendering, the toggle (one
 * transaction; the repository resolves the submitted values — option ids, or labels
 * on planners posted by the old bot — against the raid's options), the fan-out to
 * participant lists and raid list (coalesced, off the vote path) and the planner as of
 * this commit. The interaction response carrying that planner is sent after the lock
 * is released, so no vote waits for another vote's round trip to Discord; responses
 * that may have reached Discord out of order (or failed) are followed by one catch-up
 * edit of the planner (PlannerService, planner-freshness.ts).
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
import { VoteBases } from './vote-basis';

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
  /** Shows the planner through the interaction response (never holding the raid's lock); false when that did not happen. */
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
  /** The raid's row and options and its server's zone, read before the lock and kept (vote-basis.ts). */
  private readonly bases: VoteBases;

  public constructor(private readonly parts: VoteServiceParts) {
    this.bases = new VoteBases(async (raidId) => {
      const basis = await parts.repos.raids.readForToggle(raidId);
      return basis === null ? null : { basis, zone: await parts.planner.zoneOf(basis.raid.guildId) };
    });
  }

  /** A server's zone changed (saved already): votes read it again. */
  public zoneChanged(guildId: string): void {
    this.bases.zoneChanged(guildId);
  }

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
    // Read before the lock (usually kept from an earlier vote), which covers only the toggle's one
    // round trip and rendering: the raid's server and options (they never change) and the zone.
    const read = await this.bases.get(vote.raidId);
    if (read === null || read.basis.raid.guildId !== vote.voter.guildId) {
      await response.committed();
      return { kind: read === null ? 'notActive' : 'otherGuild' };
    }
    const toggle = await locks.run(vote.raidId, async (lock) => {
      const toggled = await repos.raids.togglePrepared(read.basis, vote.voter.userId, vote.kind, vote.values);
      if (toggled === null) {
        this.bases.forget(vote.raidId); // closed or gone: the database said so under the row's lock
        return { toggled, changed: false, response: null };
      }
      const changed = toggled.added.length > 0 || toggled.removed.length > 0;
      // Committed: lists and raid list follow it whatever happens to the response below.
      if (changed) {
        slots.schedule(vote.raidId);
        raidList.scheduleRefresh(toggled.state.raid.guildId);
      }
      // A zone changed since the read is read again (by the render), under the lock.
      const zone = this.bases.isCurrent(read) ? read.zone : undefined;
      return { toggled, changed, response: await planner.startResponse(lock, toggled.state, changed, zone) };
    });
    const { toggled, changed, response: planned } = toggle;
    let applied = false;
    try {
      await response.committed();
      if (toggled === null || planned === null) return { kind: 'notActive' };
      applied = await response.showPlanner(planned.payload);
      return changed ? { kind: 'changed', result: toggled } : { kind: 'unchanged', state: toggled.state };
    } finally {
      // Not shown (or shown out of order): the planner service edits it from the database.
      planned?.done(applied);
    }
  }
}
