/**
 * What the vote burst benchmark measures on one raid: whether Discord (the emulator)
 * shows what the database says — planner and participant lists — and how long after
 * its acknowledgement each vote was in the database.
 */
import type { InteractionHandle } from '../../tests/support/discord-emulator';
import type { CreatedRaid } from '../../tests/support/member-actions';
import type { RaidGuild } from '../../tests/support/raid-guild';
import { disagreements } from '../../tests/support/read-backs';
import type { World } from '../../tests/support/world';

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One vote of the burst: who, which select, which option label. */
export interface BurstVote {
  readonly raid: BurstRaid;
  readonly memberId: string;
  readonly kind: 'day' | 'time';
  /** What the member picks: a time, or a weekday (`Mon`). */
  readonly label: string;
  /** The option's label as stored in raid_votes (`Mon 2026-12-14`): what the database watch sees. */
  readonly storedLabel: string;
}

export interface BurstRaid {
  readonly guild: RaidGuild;
  readonly raid: CreatedRaid;
}

/**
 * Does Discord show what the database says for this raid: the planner's tallies and
 * voter count, and its participant lists (`disagreements` of the test read-backs)?
 */
export async function discordMatchesDatabase(world: World, { guild, raid }: BurstRaid): Promise<{ planner: boolean; lists: boolean }> {
  // Through the bench's small pool rather than a new connection per query (the machine is shared).
  const pooled = { ...world, db: { ...world.db, query: <T>(sql: string, params?: unknown[]) => world.dataSource.query(sql, params) as Promise<T[]> } };
  const problems = await disagreements(pooled, guild, raid.raidId);
  const aboutPlanner = (problem: string) => problem.includes('planner');
  return { planner: !problems.some(aboutPlanner), lists: problems.every(aboutPlanner) };
}

/**
 * Watches the votes arrive in the database: one query every 10 ms for all raids of the
 * burst (through the bench's small pool), noting when each vote was first seen (the start
 * of the query that saw it). `stop()` ends the watch.
 */
export class VoteWatch {
  private readonly firstSeen = new Map<string, number>();
  private running = true;
  private readonly loop: Promise<void>;

  public constructor(
    private readonly world: World,
    private readonly raidIds: readonly number[],
  ) {
    this.loop = this.watch();
  }

  public static key(raidId: number, userId: string, kind: string, label: string): string {
    return `${raidId}:${userId}:${kind}:${label}`;
  }

  /** When the vote was first seen in the database; undefined while not seen. */
  public seenAt(vote: BurstVote): number | undefined {
    return this.firstSeen.get(VoteWatch.key(vote.raid.raid.raidId, vote.memberId, vote.kind, vote.storedLabel));
  }

  public get seen(): number {
    return this.firstSeen.size;
  }

  /** Votes of the raid seen so far. */
  public seenOf(raidId: number): number {
    return [...this.firstSeen.keys()].filter((key) => key.startsWith(`${raidId}:`)).length;
  }

  public async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async watch(): Promise<void> {
    while (this.running) {
      const askedAt = Date.now();
      const rows: Array<{ raid_id: number; user_id: string; kind: string; option_label: string }> = await this.world.dataSource.query(
        'SELECT raid_id, user_id, kind, option_label FROM raid_votes WHERE raid_id = ANY($1)',
        [this.raidIds],
      );
      for (const row of rows) {
        const key = VoteWatch.key(row.raid_id, String(row.user_id), row.kind, row.option_label);
        if (!this.firstSeen.has(key)) this.firstSeen.set(key, askedAt);
      }
      await sleep(10);
    }
  }
}

/** A vote's acknowledgement instant at Discord (the emulator), or null when it was never acknowledged. */
export function ackAt(handle: InteractionHandle): number | null {
  return handle.events.find((event) => event.kind === 'callback')?.at ?? null;
}
