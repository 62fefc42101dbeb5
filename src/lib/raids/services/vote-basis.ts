/**
 * What a vote reads before the raid's lock — the raid's row and options, and its
 * server's zone for the planner's timestamps — kept per raid, so a burst of votes does
 * not read them again for every vote (they were a quarter of a burst's queries).
 *
 * Why a kept basis is safe:
 * - Options never change once a raid is created, nor do the row's server, dungeon and
 *   minimum players; a display id does once (the old bot's raids get theirs with the first
 *   vote), so a basis without one is never kept.
 * - Whether the raid is still open is decided by the toggle itself, on the locked row in
 *   the database: a kept basis of a raid closed since never lets a vote land (and a vote
 *   refused so forgets the basis).
 * - The row's planner channel and message (re-posts, moves) and raid role change, but
 *   the vote path never uses them: the planner is the interaction's own message.
 * - The zone changes only through /settings, which calls `zoneChanged` (through
 *   RaidServices.onTimePreferencesChanged) once saved — in the process that receives the
 *   server's votes, since a server's interactions all go to the shard of its process.
 *   A basis read before that is dropped, and one already handed to a vote is caught by
 *   `isCurrent`, which the vote checks holding the raid's lock.
 */
import type { ToggleBasis } from '../../db/repositories/raid-repository';

/** What a vote reads before the raid's lock. */
export interface VoteBasis {
  readonly basis: ToggleBasis;
  readonly zone: string;
  /** `VoteBases`'s count of zone changes when the read began. */
  readonly epoch: number;
}

/** Reads a raid's basis: null when the raid is gone. */
export type VoteBasisReader = (raidId: number) => Promise<{ readonly basis: ToggleBasis; readonly zone: string } | null>;

/** Raids whose basis is kept at most (least recently used go first): a few KB each. */
const MAX_KEPT = 500;

export class VoteBases {
  private readonly kept = new Map<number, VoteBasis>();
  /** Reads on their way: votes arriving meanwhile share them instead of queueing reads for the database pool. */
  private readonly reads = new Map<number, { readonly epoch: number; readonly read: Promise<VoteBasis | null> }>();
  /** Counts zone changes; `changedAt` holds the count at each server's latest. */
  private epoch = 0;
  private readonly changedAt = new Map<string, number>();

  public constructor(
    private readonly reader: VoteBasisReader,
    private readonly maxKept = MAX_KEPT,
  ) {}

  /** The raid's basis: kept, shared with a read on its way, or read now. Null when the raid is gone. */
  public get(raidId: number): Promise<VoteBasis | null> {
    const kept = this.kept.get(raidId);
    if (kept !== undefined) {
      // Most recently used last, so eviction takes the raids no one votes on.
      this.kept.delete(raidId);
      this.kept.set(raidId, kept);
      return Promise.resolve(kept);
    }
    const pending = this.reads.get(raidId);
    if (pending !== undefined && pending.epoch === this.epoch) return pending.read;
    const epoch = this.epoch;
    const read = this.read(raidId, epoch).finally(() => {
      if (this.reads.get(raidId)?.read === read) this.reads.delete(raidId);
    });
    this.reads.set(raidId, { epoch, read });
    return read;
  }

  /** False when the server's zone changed after `basis` was read: the vote reads the zone again. */
  public isCurrent(basis: VoteBasis): boolean {
    return basis.epoch >= (this.changedAt.get(basis.basis.raid.guildId) ?? 0);
  }

  /** The server's zone changed (saved already): its raids' bases are read again. */
  public zoneChanged(guildId: string): void {
    this.epoch += 1;
    this.changedAt.set(guildId, this.epoch);
    for (const [raidId, kept] of this.kept) if (kept.basis.raid.guildId === guildId) this.kept.delete(raidId);
  }

  /** The raid is not open (a vote was refused): its basis is not kept. */
  public forget(raidId: number): void {
    this.kept.delete(raidId);
  }

  private async read(raidId: number, epoch: number): Promise<VoteBasis | null> {
    const read = await this.reader(raidId);
    if (read === null) return null;
    const basis: VoteBasis = { ...read, epoch };
    if (read.basis.raid.displayId !== null && this.isCurrent(basis)) {
      this.kept.set(raidId, basis);
      if (this.kept.size > this.maxKept) this.kept.delete(this.kept.keys().next().value!);
    }
    return basis;
  }
}
