/**
 * Ending a raid, shared by finish (button and /raid_finish), cancel-all and the stale
 * worker: the database transaction first (attendance for finish; the raid's status
 * becomes the reason it ended, so it is closed for everyone and its row records what
 * Discord still owes), then Discord is brought in line — planner closed, participant
 * lists deleted, role released — and only then is the row deleted. A clean-up that
 * fails (Discord 5xx, a timeout) or is cut off by a restart stays owed: it is retried
 * with growing pauses and at the next start, until it is done.
 */
import { EventEmitter } from 'node:events';
import type { Client } from 'discord.js';
import type { Logger } from '../../logging';
import { recordRaidsClosed } from '../../metrics/raids';
import { closeRecordsAttendance, type ClosedRaid, type ClosedRaidReason, type Raid } from '../types';
import { cachedGuild, type RaidServiceRepositories } from './context';
import type { PlannerService } from './planner';
import type { RaidListService } from './raid-list';
import type { RaidRoleService } from './raid-role';
import type { SlotSyncService } from './slot-sync';
import type { HeldRaidLock, RaidLocks } from './raid-lock';
import type { GuildTime } from './guild-time';
import { dueRaids } from './raid-expiry';
import type { VoiceAttendance } from '../../attendance/service';
import type { AttendanceJudge } from '../../db/repositories/raid-close-queries';
import { shardOwnership, type ShardOwnership } from '../../sharding/ownership';

export interface FinishActor {
  readonly userId: string;
  /** The server the actor acts in: a raid of another server is refused (custom ids carry only the raid id). */
  readonly guildId: string;
  /** Server administrator or the operator: may finish any raid (a raid whose creator left must still be closable). */
  readonly mayFinishAnyRaid: boolean;
}

export type FinishOutcome =
  | { readonly kind: 'finished'; readonly raid: Raid; readonly attendanceRows: number; readonly presentRows?: number; readonly attendanceMode?: ClosedRaid['attendanceMode'] }
  | { readonly kind: 'notFound' }
  | { readonly kind: 'otherGuild' }
  | { readonly kind: 'notAllowed'; readonly raid: Raid };

/** A raid closed in the database, and whether its planner already shows the closed notice. */
interface Closing {
  readonly closed: ClosedRaid;
  readonly plannerClosed: boolean;
}

export function mayFinish(raid: Raid, actor: FinishActor): boolean {
  return actor.mayFinishAnyRaid || raid.creatorId === actor.userId;
}

/** Pauses before the owed clean-ups are tried again, growing; the last one repeats. */
export const CLEAN_UP_RETRY_DELAYS_MS: readonly number[] = [2_000, 5_000, 15_000, 60_000, 300_000];

export class RaidClosing {
  /** `closed`: a raid was closed in the database, and why (its reminders are dropped, its scheduled events ended). */
  public readonly events = new EventEmitter<{ closed: [raidId: number, reason: ClosedRaidReason] }>();
  /** Close flows in progress, so shutdown can wait for them. */
  private readonly running = new Set<Promise<unknown>>();
  /** Raids whose clean-up runs right now (a retry pass skips them). */
  private readonly completing = new Set<number>();
  private retryTimer: NodeJS.Timeout | null = null;
  private retryAttempt = 0;
  private disposed = false;

  public constructor(
    private readonly client: Client,
    private readonly repos: RaidServiceRepositories,
    private readonly planner: PlannerService,
    private readonly slots: SlotSyncService,
    private readonly roles: RaidRoleService,
    private readonly raidList: RaidListService,
    private readonly locks: RaidLocks,
    private readonly logger: Logger,
    private readonly time: GuildTime,
    /** Voice-verified attendance (src/lib/attendance); null: every participant is present. */
    private readonly attendance: Pick<VoiceAttendance, 'judge'> | null = null,
    /** Sharded bot: automatic closes and owed clean-ups only for this process's servers (their cache, roles and locale are here). */
    private readonly shards: Pick<ShardOwnership, 'ownsGuild'> = shardOwnership(null),
  ) {}

  /** Present / absent by voice presence up to the moment of the close (src/lib/attendance). */
  private judge(): AttendanceJudge | undefined {
    const attendance = this.attendance;
    return attendance === null ? undefined : (state) => attendance.judge(state, this.time.now());
  }

  /** Finishes a raid if the actor may: attendance rows for every slot member (present / absent by voice), then cleanup. */
  public finish(raidId: number, actor: FinishActor): Promise<FinishOutcome> {
    return this.track(async () => {
      const state = await this.repos.raids.loadRaidState(raidId);
      if (state === null) return { kind: 'notFound' };
      // The rights below are the actor's in their own server, so they say nothing about another's raid.
      if (state.raid.guildId !== actor.guildId) return { kind: 'otherGuild' };
      if (!mayFinish(state.raid, actor)) return { kind: 'notAllowed', raid: state.raid };
      const closing = await this.closeInDatabase(raidId, () => this.repos.raids.finishRaid(raidId, this.judge()));
      if (closing === null) return { kind: 'notFound' };
      const { closed } = closing;
      recordRaidsClosed('finished');
      this.logger.info(`raid ${raidId} (guild ${closed.raid.guildId}, #${closed.raid.displayId}) finished by ${actor.userId}, ${closed.attendanceRows} attendance rows`);
      await this.complete(closing);
      await this.refreshRaidList(closed.raid.guildId);
      return { kind: 'finished', raid: closed.raid, attendanceRows: closed.attendanceRows, presentRows: closed.presentRows, attendanceMode: closed.attendanceMode };
    });
  }

  /** Cancels every open raid of the guild (no attendance); returns how many were cancelled. */
  public cancelAll(guildId: string, reason: Extract<ClosedRaidReason, 'cancelled' | 'remote-cancelled'>): Promise<number> {
    return this.track(async () => {
      let cancelled = 0;
      for (const raid of await this.repos.raids.openRaidsOfGuild(guildId)) {
        const closing = await this.closeInDatabase(raid.id, () => this.repos.raids.cancelRaid(raid.id, reason));
        if (closing === null) continue;
        cancelled += 1;
        recordRaidsClosed(reason);
        await this.complete(closing);
      }
      this.logger.info(`guild ${guildId}: ${cancelled} open raids cancelled (${reason})`);
      await this.refreshRaidList(guildId);
      return cancelled;
    });
  }

  /**
   * The stale worker: closes every raid that is over (raid-expiry.ts) — one whose last
   * slot began more than its server's grace period ago is finished with attendance when
   * a slot qualified and cancelled otherwise; one without dates is cancelled once it is
   * seven days old. Through the same lock and close as a member's finish, so a raid
   * finished at the same moment is closed once. Sharded, only raids of this process's
   * servers (each process runs this for its own shards, tasks/fan-out.ts). Returns how
   * many were closed.
   */
  public closeStaleRaids(now: Date = this.time.now()): Promise<number> {
    return this.track(async () => {
      // Also a safety net for owed clean-ups, should the retry loop not have run.
      await this.completePending();
      const guilds = new Set<string>();
      let closedCount = 0;
      for (const { raid, expiry } of await dueRaids(this.repos, this.time, now, undefined, (guildId) => this.shards.ownsGuild(guildId))) {
        const close = expiry === 'past' ? () => this.repos.raids.closePastRaid(raid.id, this.judge()) : () => this.repos.raids.cancelRaid(raid.id, 'stale-cleanup');
        const closing = await this.closeInDatabase(raid.id, close);
        if (closing === null) continue;
        const { reason, attendanceRows } = closing.closed;
        closedCount += 1;
        recordRaidsClosed(reason);
        guilds.add(raid.guildId);
        this.logger.info(`raid ${raid.id} (guild ${raid.guildId}, #${raid.displayId}) closed automatically: ${reason}, ${attendanceRows} attendance rows`);
        await this.complete(closing);
      }
      for (const guildId of guilds) await this.refreshRaidList(guildId);
      return closedCount;
    });
  }

  /**
   * Does the clean-up still owed for every closed raid (start-up, retries, stale worker),
   * the planner's closed notice included: a stop may have come between the commit and
   * that edit. Sharded, only raids of this process's servers: another server's role and
   * lists are its owner's to release. Returns how many were completed and how many are still owed.
   */
  public async completePending(): Promise<{ completed: number; owed: number }> {
    let completed = 0;
    let owed = 0;
    for (const closed of await this.repos.raids.closingRaids()) {
      if (this.completing.has(closed.raid.id) || !this.shards.ownsGuild(closed.raid.guildId)) continue;
      if (await this.complete({ closed, plannerClosed: false })) completed += 1;
      else owed += 1;
    }
    if (owed === 0) this.retryAttempt = 0;
    return { completed, owed };
  }

  /** Shutdown: no more retries; resolves when the close flows in progress are done. */
  public async dispose(): Promise<void> {
    this.disposed = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    await Promise.allSettled([...this.running]);
  }

  /**
   * The database close and the planner's closed notice, holding the raid's vote lock:
   * votes answered before have updated the planner already, votes after find no raid,
   * so no vote's update response can show the raid open again.
   */
  private closeInDatabase(raidId: number, close: () => Promise<ClosedRaid | null>): Promise<Closing | null> {
    return this.locks.run(raidId, async (lock) => {
      const closed = await close();
      if (closed === null) return null;
      this.events.emit('closed', raidId, closed.reason);
      this.completing.add(raidId);
      return { closed, plannerClosed: await this.closePlanner(lock, closed) };
    });
  }

  private closePlanner(lock: HeldRaidLock, closed: ClosedRaid): Promise<boolean> {
    return this.planner.close(lock, closed.raid, closed.reason, closeRecordsAttendance(closed.reason) ? closed.attendanceRows : undefined, closed);
  }

  /**
   * Brings Discord in line with a closed raid and deletes its row when everything is
   * done; otherwise the row stays and a retry is scheduled. Never throws. True when done.
   */
  private async complete({ closed, plannerClosed }: Closing): Promise<boolean> {
    const raidId = closed.raid.id;
    this.completing.add(raidId);
    try {
      const planner = plannerClosed || (await this.locks.run(raidId, (lock) => this.closePlanner(lock, closed)));
      const rest = await this.cleanUp(closed);
      if (planner && rest) {
        await this.repos.raids.deleteClosedRaid(raidId);
        return true;
      }
      this.logger.warn(`raid ${raidId}: clean-up on Discord is not complete; it is tried again later`);
    } catch (error) {
      this.logger.error(`raid ${raidId}: clean-up failed; it is tried again later`, error);
    } finally {
      this.completing.delete(raidId);
    }
    this.scheduleRetry();
    return false;
  }

  private scheduleRetry(): void {
    if (this.disposed || this.retryTimer !== null) return;
    const delay = CLEAN_UP_RETRY_DELAYS_MS[Math.min(this.retryAttempt, CLEAN_UP_RETRY_DELAYS_MS.length - 1)]!;
    this.retryAttempt += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.track(() => this.completePending()).catch((error: unknown) => {
        this.logger.error('retrying owed raid clean-ups failed', error);
        this.scheduleRetry();
      });
    }, delay);
    this.retryTimer.unref();
  }

  private track<T>(flow: () => Promise<T>): Promise<T> {
    const running = flow();
    this.running.add(running);
    void running.finally(() => this.running.delete(running)).catch(() => undefined);
    return running;
  }

  /** Participant lists and the raid role after the raid is closed in the database. Never throws; true when nothing is left to retry. */
  private async cleanUp(closed: ClosedRaid): Promise<boolean> {
    const { raid } = closed;
    // A sync that read the raid before it was closed must finish first, or it could
    // post a list or hand out the role after the cleanup below.
    await this.slots.whenIdle(raid.id);
    let settings;
    try {
      settings = await this.repos.settings.get(raid.guildId);
    } catch (error) {
      this.logger.warn(`raid ${raid.id}: guild settings could not be read, so the participant lists wait for the next try`, error);
      return false;
    }
    const participantsChannelId = settings?.participantsChannelId ?? null;
    let done = (await this.slots.deleteSlotMessages(closed.postedSlots, participantsChannelId)) === 0;
    try {
      await this.roles.releaseRole(cachedGuild(this.client, raid.guildId), raid);
    } catch (error) {
      this.logger.error(`raid ${raid.id}: releasing the raid role failed`, error);
      done = false;
    }
    return done;
  }

  private async refreshRaidList(guildId: string): Promise<void> {
    await this.raidList.refresh(guildId).catch(() => undefined);
  }
}
