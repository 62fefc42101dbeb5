/**
 * Casting votes from the planner's selects. Select values are option ids (see
 * custom-ids.ts) while votes are stored by label, so ids are translated through the
 * raid's options, which never change after creation and are cached here. Values that
 * are not option ids of the raid are passed on as labels (planner messages posted by
 * the old bot carry labels).
 */
import { KeyedMutex } from '../../discord/coalescer';
import { parseRaidOptionValue } from '../../discord/custom-ids';
import type { OptionKind, RaidState, VoteToggleResult } from '../types';
import type { RaidServiceRepositories } from './context';

/** Raids whose options are remembered; far above the number of raids voted on at once. */
const MAX_CACHED_RAIDS = 1000;

export class VoteService {
  private readonly optionLabels = new Map<number, ReadonlyMap<number, { kind: OptionKind; label: string }>>();
  /** Per raid: "commit + update the planner in the response" runs one vote at a time, in arrival order. */
  private readonly raidLocks = new KeyedMutex();

  public constructor(private readonly repos: RaidServiceRepositories) {}

  /** Runs `fn` while holding the raid's vote lock. */
  public withRaidLock<T>(raidId: number, fn: () => Promise<T>): Promise<T> {
    return this.raidLocks.runExclusive(String(raidId), fn);
  }

  /** Toggles the member's choice of each submitted option; null when the raid is no longer open. */
  public async toggle(raidId: number, userId: string, kind: OptionKind, values: readonly string[]): Promise<VoteToggleResult | null> {
    const labels = await this.labelsFor(raidId, kind, values);
    if (labels === null) return null;
    const result = await this.repos.raids.toggleVotes(raidId, userId, kind, labels);
    if (result === null) this.optionLabels.delete(raidId);
    return result;
  }

  /** Forgets a closed raid's options. */
  public forget(raidId: number): void {
    this.optionLabels.delete(raidId);
  }

  private async labelsFor(raidId: number, kind: OptionKind, values: readonly string[]): Promise<string[] | null> {
    let options = this.optionLabels.get(raidId);
    if (options === undefined) {
      const state = await this.repos.raids.loadRaidState(raidId);
      if (state === null) return null;
      options = optionsById(state);
      if (this.optionLabels.size >= MAX_CACHED_RAIDS) this.optionLabels.clear();
      this.optionLabels.set(raidId, options);
    }
    return values.map((value) => {
      const optionId = parseRaidOptionValue(value);
      const option = optionId === null ? undefined : options.get(optionId);
      return option !== undefined && option.kind === kind ? option.label : value;
    });
  }
}

function optionsById(state: RaidState): Map<number, { kind: OptionKind; label: string }> {
  const options = new Map<number, { kind: OptionKind; label: string }>();
  for (const option of [...state.days, ...state.times]) options.set(option.id, { kind: option.kind, label: option.label });
  return options;
}
