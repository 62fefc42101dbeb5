/**
 * Casting votes from the planner's selects. The repository resolves the submitted
 * values (option ids, or labels on planners posted by the old bot) against the raid's
 * options inside the vote's transaction; this service adds the per-raid ordering.
 */
import { KeyedMutex } from '../../concurrency/mutex';
import type { OptionKind, VoteToggleResult } from '../types';
import type { RaidServiceRepositories } from './context';

/** Who votes, and in which server the select was used. */
export interface Voter {
  readonly userId: string;
  readonly guildId: string;
}

export class VoteService {
  /** Per raid: "commit + update the planner in the response" runs one vote at a time, in arrival order. */
  private readonly raidLocks = new KeyedMutex();

  public constructor(private readonly repos: RaidServiceRepositories) {}

  /** Runs `fn` while holding the raid's vote lock. */
  public withRaidLock<T>(raidId: number, fn: () => Promise<T>): Promise<T> {
    return this.raidLocks.runExclusive(String(raidId), fn);
  }

  /**
   * Toggles the member's choice of each submitted option; null when the raid is no
   * longer open. `otherGuild`, changing nothing, when the raid belongs to another
   * server than the one the select was used in: custom ids carry only the raid id, and
   * a modified client can send any.
   */
  public async toggle(raidId: number, voter: Voter, kind: OptionKind, values: readonly string[]): Promise<VoteToggleResult | 'otherGuild' | null> {
    const guildId = await this.repos.raids.guildOfRaid(raidId);
    if (guildId !== null && guildId !== voter.guildId) return 'otherGuild';
    return this.repos.raids.toggleVotes(raidId, voter.userId, kind, values);
  }
}
