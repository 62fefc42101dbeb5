/**
 * Casting votes from the planner's selects: the member's vote-change budget, then,
 * holding the raid's lock only for the database and rendering, the toggle (one
 * transaction; the repository resolves the submitted values — option ids, or labels
 * on planners posted by the old bot — against the raid's options), the fan-out to
 * participant lists and raid list (coalesced, off the vote path) and the planner as of
 * this commit. The interaction response carrying that planner is sent after the lock
 * is released, so no vote waits for another vote's round trip to Discord; responses
 * that may have reached Discord out of order (or failed) are followed by one catch-up
 * edit of the planner (PlannerService, planner-freshness.ts). Votes that queue up for
 * the lock meanwhile are toggled together by its next holder (group commit,
 * vote-queue.ts): under a burst one transaction and one render serve many votes.
 */
import type { VoteRateLimiter } from '../../flood/vote-rate';
import { recordVote } from '../../metrics/raids';
import type { MessagePayload } from '../../discord/tracked-message';
import type { OptionKind, RaidState, VoteToggleResult } from '../types';
import type { RaidServiceRepositories } from './context';
import type { PlannerResponse, PlannerService } from './planner';
import type { RaidListService } from './raid-list';
import type { RaidLocks } from './raid-lock';
import type { SlotSyncService } from './slot-sync';
import type { BatchToggleResult } from '../../db/repositories/vote-toggle';
import type { HeldRaidLock } from './raid-lock';
import { VoteBases, type VoteBasis } from './vote-basis';
import { RaidBatchQueue } from './vote-queue';

/** Votes of one raid toggled in one transaction at most (group commit under a burst). */
const MAX_VOTES_PER_COMMIT = 50;

/** A vote waiting for its raid's lock, with the basis it read before. */
interface QueuedVote {
  readonly vote: Vote;
  readonly read: VoteBasis;
}

/** A vote after its commit: what it toggled (null: the raid is not open), and its planner response. */
interface ToggledVote {
  readonly toggled: VoteToggleResult | null;
  readonly changed: boolean;
  readonly response: PlannerResponse | null;
}

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

  /** Votes waiting for their raid's lock, toggled together by the next holder (vote-queue.ts). */
  private readonly queue: RaidBatchQueue<QueuedVote, ToggledVote>;

  public constructor(private readonly parts: VoteServiceParts) {
    this.bases = new VoteBases(async (raidId) => {
      const basis = await parts.repos.raids.readForToggle(raidId);
      return basis === null ? null : { basis, zone: await parts.planner.zoneOf(basis.raid.guildId) };
    });
    this.queue = new RaidBatchQueue(parts.locks, MAX_VOTES_PER_COMMIT, (lock, votes) => this.toggleBatch(lock, votes));
  }

  /** A server's zone changed (saved already): votes read it again. */
  public zoneChanged(guildId: string): void {
    this.bases.zoneChanged(guildId);
  }

  public async cast(vote: Vote, response: VoteResponse): Promise<VoteOutcome> {
    // The lists' sync after votes waits while this vote is on its way.
    const release = this.parts.slots.holdForVote(vote.raidId);
    let outcome: VoteOutcome;
    try {
      outcome = await this.castVote(vote, response);
    } finally {
      release();
    }
    recordVote(outcome.kind === 'tooFast' ? 'rate_limited' : outcome.kind === 'changed' || outcome.kind === 'unchanged' ? outcome.kind : 'refused');
    return outcome;
  }

  private async castVote(vote: Vote, response: VoteResponse): Promise<VoteOutcome> {
    const { limiter } = this.parts;
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
    const toggle = await this.queue.submit(vote.raidId, { vote, read });
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

  /**
   * Holding the raid's lock: the queued votes' toggles in one transaction, then the
   * planner as of that commit for each of their responses. When the transaction fails,
   * each vote is tried on its own, so one vote's failure is not the others'.
   */
  private async toggleBatch(lock: HeldRaidLock, votes: readonly QueuedVote[]): Promise<Array<PromiseSettledResult<ToggledVote>>> {
    const { repos } = this.parts;
    // The newest read of the raid's basis (all are of this raid and its server).
    const { basis } = votes.at(-1)!.read;
    let batch: BatchToggleResult | null;
    try {
      batch = await repos.raids.togglePrepared(
        basis,
        votes.map(({ vote }) => ({ userId: vote.voter.userId, kind: vote.kind, values: vote.values })),
      );
    } catch (error) {
      if (votes.length === 1) return [{ status: 'rejected', reason: error }];
      const alone: Array<PromiseSettledResult<ToggledVote>> = [];
      for (const vote of votes) alone.push(...(await this.toggleBatch(lock, [vote])));
      return alone;
    }
    if (batch === null) {
      this.bases.forget(lock.raidId); // closed or gone: the database said so under the row's lock
      return votes.map(() => ({ status: 'fulfilled', value: { toggled: null, changed: false, response: null } }));
    }
    return (await this.afterCommit(lock, votes, batch)).map((value) => ({ status: 'fulfilled', value }));
  }

  /** Committed: lists and raid list follow it whatever happens to the responses; the planner of this commit for each vote. */
  private async afterCommit(lock: HeldRaidLock, votes: readonly QueuedVote[], batch: BatchToggleResult): Promise<ToggledVote[]> {
    const { planner, slots, raidList } = this.parts;
    const changedEach = batch.changes.map((change) => change.added.length > 0 || change.removed.length > 0);
    const changed = changedEach.some(Boolean);
    if (changed) {
      slots.schedule(lock.raidId);
      raidList.scheduleRefresh(batch.state.raid.guildId);
    }
    // A zone changed since a read is read again (by the render), under the lock.
    const { read } = votes.at(-1)!;
    const zone = votes.every((vote) => this.bases.isCurrent(vote.read)) ? read.zone : undefined;
    const responses = await planner.startResponses(lock, batch.state, changed, votes.length, zone);
    return votes.map((_, index) => ({
      toggled: { ...batch.changes[index]!, state: batch.state },
      changed: changedEach[index]!,
      response: responses[index]!,
    }));
  }
}
