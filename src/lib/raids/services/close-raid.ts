/**
 * Ending a raid, shared by finish (button and /raid_finish), cancel-all and the stale
 * worker: the database transaction first (attendance for finish, then the raid is
 * deleted with its options, votes and slot rows), then Discord is brought in line —
 * planner closed, participant lists deleted, role released, raid list refreshed.
 * Discord failures after the commit are logged; the raid is closed either way.
 */
import type { Client } from 'discord.js';
import type { Logger } from '../../logging';
import type { ClosedRaidReason } from '../render/planner';
import type { ClosedRaid, Raid } from '../types';
import { cachedGuild, type RaidServiceRepositories } from './context';
import type { PlannerService } from './planner';
import type { RaidListService } from './raid-list';
import type { RaidRoleService } from './raid-role';
import type { SlotSyncService } from './slot-sync';
import type { VoteService } from './votes';

export interface FinishActor {
  readonly userId: string;
  /** The server the actor acts in: a raid of another server is refused (custom ids carry only the raid id). */
  readonly guildId: string;
  /** Server administrator or the privileged user: may finish any raid (SPEC decision 6). */
  readonly mayFinishAnyRaid: boolean;
}

export type FinishOutcome =
  | { readonly kind: 'finished'; readonly raid: Raid; readonly attendanceRows: number }
  | { readonly kind: 'notFound' }
  | { readonly kind: 'otherGuild' }
  | { readonly kind: 'notAllowed'; readonly raid: Raid };

export function mayFinish(raid: Raid, actor: FinishActor): boolean {
  return actor.mayFinishAnyRaid || raid.creatorId === actor.userId;
}

export class RaidClosing {
  public constructor(
    private readonly client: Client,
    private readonly repos: RaidServiceRepositories,
    private readonly planner: PlannerService,
    private readonly slots: SlotSyncService,
    private readonly roles: RaidRoleService,
    private readonly raidList: RaidListService,
    private readonly votes: VoteService,
    private readonly logger: Logger,
  ) {}

  /** Finishes a raid if the actor may: attendance rows for every slot member, then cleanup. */
  public async finish(raidId: number, actor: FinishActor): Promise<FinishOutcome> {
    const state = await this.repos.raids.loadRaidState(raidId);
    if (state === null) return { kind: 'notFound' };
    // The rights below are the actor's in their own server, so they say nothing about another's raid.
    if (state.raid.guildId !== actor.guildId) return { kind: 'otherGuild' };
    if (!mayFinish(state.raid, actor)) return { kind: 'notAllowed', raid: state.raid };
    const closed = await this.closeInDatabase(raidId, 'finished', () => this.repos.raids.finishRaid(raidId));
    if (closed === null) return { kind: 'notFound' };
    this.logger.info(`raid ${raidId} (guild ${closed.raid.guildId}, #${closed.raid.displayId}) finished by ${actor.userId}, ${closed.attendanceRows} attendance rows`);
    await this.cleanUp(closed);
    await this.refreshRaidList(closed.raid.guildId);
    return { kind: 'finished', raid: closed.raid, attendanceRows: closed.attendanceRows };
  }

  /** Cancels every open raid of the guild (no attendance); returns how many were cancelled. */
  public async cancelAll(guildId: string, reason: Extract<ClosedRaidReason, 'cancelled' | 'remote-cancelled'>): Promise<number> {
    let cancelled = 0;
    for (const raid of await this.repos.raids.openRaidsOfGuild(guildId)) {
      const closed = await this.closeInDatabase(raid.id, reason, () => this.repos.raids.cancelRaid(raid.id));
      if (closed === null) continue;
      cancelled += 1;
      await this.cleanUp(closed);
    }
    this.logger.info(`guild ${guildId}: ${cancelled} open raids cancelled (${reason})`);
    await this.refreshRaidList(guildId);
    return cancelled;
  }

  /** Closes raids open for 7 days or more (stale worker); returns how many were closed. */
  public async closeStaleRaids(now: Date = new Date()): Promise<number> {
    const guilds = new Set<string>();
    let closedCount = 0;
    for (const raid of await this.repos.raids.staleRaids(now)) {
      const closed = await this.closeInDatabase(raid.id, 'stale-cleanup', () => this.repos.raids.cancelRaid(raid.id));
      if (closed === null) continue;
      closedCount += 1;
      guilds.add(closed.raid.guildId);
      this.logger.info(`raid ${raid.id} (guild ${raid.guildId}, #${raid.displayId}) closed as stale`);
      await this.cleanUp(closed);
    }
    for (const guildId of guilds) await this.refreshRaidList(guildId);
    return closedCount;
  }

  /**
   * The database close and the planner's closed notice, holding the raid's vote lock:
   * votes answered before have updated the planner already, votes after find no raid,
   * so no vote's update response can show the raid open again.
   */
  private closeInDatabase(raidId: number, reason: ClosedRaidReason, close: () => Promise<ClosedRaid | null>): Promise<ClosedRaid | null> {
    return this.votes.withRaidLock(raidId, async () => {
      const closed = await close();
      if (closed !== null) await this.planner.close(closed.raid, reason, reason === 'finished' ? closed.attendanceRows : undefined);
      return closed;
    });
  }

  /** Everything else on Discord after the raid is gone from the database. Never throws. */
  private async cleanUp(closed: ClosedRaid): Promise<void> {
    const { raid } = closed;
    // A sync that read the raid before it was deleted must finish first, or it could
    // post a list or hand out the role after the cleanup below.
    await this.slots.whenIdle(raid.id);
    const settings = await this.repos.settings.get(raid.guildId).catch((error: unknown) => {
      // Slot rows that name their own channel are still deleted; the others stay behind, so say why.
      this.logger.warn(`raid ${raid.id}: guild settings could not be read, participant lists without a stored channel are not deleted`, error);
      return null;
    });
    const participantsChannelId = settings?.participantsChannelId ?? null;
    const steps: Array<[string, () => Promise<void>]> = [
      ['deleting participant lists', () => this.slots.deleteSlotMessages(closed.postedSlots, participantsChannelId)],
      ['releasing the raid role', () => this.roles.releaseRole(cachedGuild(this.client, raid.guildId), raid)],
    ];
    for (const [what, step] of steps) {
      try {
        await step();
      } catch (error) {
        this.logger.error(`raid ${raid.id}: ${what} failed`, error);
      }
    }
  }

  private async refreshRaidList(guildId: string): Promise<void> {
    await this.raidList.refresh(guildId).catch(() => undefined);
  }
}
