/**
 * Does Discord's planner of a raid show the latest committed votes? Votes answer with
 * `update` responses sent after the raid's lock is released, so several responses of a
 * raid can be on their way at once and reach Discord in any order: the last one applied
 * may carry an older state than the latest commit.
 *
 * Each committed change of a raid gets a version (counted per raid in this process),
 * and every write of the planner (a vote's response, a catch-up or repair edit) is
 * registered with the version it shows, while the raid's lock is held, and ended when
 * Discord answered. Writes that overlap in time form a round; a write that begins
 * after every earlier one ended is certainly applied after them. When a round ends:
 *
 * - every write of it applied and showing the latest version: the planner is exact
 *   (whatever their order) and the raid is forgotten;
 * - otherwise (versions differed, or a write failed): what Discord shows is unknown,
 *   and `onStale` asks for one catch-up edit from the database.
 *
 * Pure bookkeeping: no timers, no I/O.
 */

/** One planner write in flight: the raid and the version it shows. */
export interface PlannerWrite {
  readonly raidId: number;
  readonly version: number;
}

interface RaidFreshness {
  /** The latest committed change (0: none since this process began tracking the raid). */
  version: number;
  readonly inFlight: Set<PlannerWrite>;
  /** Versions shown by the writes of the current round, and whether each was applied. */
  roundVersions: Set<number>;
  roundFailed: boolean;
  settledWaiters: Array<() => void>;
}

export class PlannerFreshness {
  private readonly raids = new Map<number, RaidFreshness>();

  /** `onStale(raidId)`: a round ended and the planner may not show the latest commit. */
  public constructor(private readonly onStale: (raidId: number) => void) {}

  /** A change of the raid was committed (call holding the raid's lock); its version. */
  public commit(raidId: number): number {
    const raid = this.entry(raidId);
    raid.version += 1;
    return raid.version;
  }

  /** The latest committed version (0 when none is known). */
  public version(raidId: number): number {
    return this.raids.get(raidId)?.version ?? 0;
  }

  /** A write of the planner showing `version` starts (registered holding the raid's lock, so no commit slips in between). */
  public begin(raidId: number, version: number): PlannerWrite {
    const raid = this.entry(raidId);
    const write: PlannerWrite = { raidId, version };
    raid.inFlight.add(write);
    raid.roundVersions.add(version);
    return write;
  }

  /** The write ended; `applied`: Discord accepted it. Each write is ended once (later calls are ignored). */
  public end(write: PlannerWrite, applied: boolean): void {
    const raid = this.raids.get(write.raidId);
    if (raid === undefined || !raid.inFlight.delete(write)) return;
    if (!applied) raid.roundFailed = true;
    if (raid.inFlight.size > 0) return;
    const exact = !raid.roundFailed && raid.roundVersions.size === 1 && raid.roundVersions.has(raid.version);
    raid.roundVersions = new Set();
    raid.roundFailed = false;
    for (const resolve of raid.settledWaiters.splice(0)) resolve();
    if (exact) this.raids.delete(write.raidId);
    else this.onStale(write.raidId);
  }

  /** True while a write of the raid is on its way. */
  public busy(raidId: number): boolean {
    return (this.raids.get(raidId)?.inFlight.size ?? 0) > 0;
  }

  /** True when no write is on its way and nothing says the planner misses a commit. */
  public isExact(raidId: number): boolean {
    return !this.raids.has(raidId);
  }

  /** Resolves once no write of the raid is on its way (closing waits for this before its notice). */
  public settled(raidId: number): Promise<void> {
    const raid = this.raids.get(raidId);
    if (raid === undefined || raid.inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => raid.settledWaiters.push(resolve));
  }

  /** Stops tracking the raid (it was closed, or catching up gave up); writes still on their way are ignored. */
  public forget(raidId: number): void {
    const raid = this.raids.get(raidId);
    this.raids.delete(raidId);
    for (const resolve of raid?.settledWaiters.splice(0) ?? []) resolve();
  }

  /** Raids tracked (diagnostics and tests). */
  public get size(): number {
    return this.raids.size;
  }

  private entry(raidId: number): RaidFreshness {
    let raid = this.raids.get(raidId);
    if (raid === undefined) {
      raid = { version: 0, inFlight: new Set(), roundVersions: new Set(), roundFailed: false, settledWaiters: [] };
      this.raids.set(raidId, raid);
    }
    return raid;
  }
}
