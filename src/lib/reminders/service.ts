/**
 * Reminders before a slot and "starting now" posts as BullMQ delayed jobs, one per
 * raid, slot and kind with a deterministic job id (see plan.ts). A raid is planned from
 * the database every time its qualified slots may have changed (after each participant
 * list sync, i.e. after votes), when it ends, when its server's settings change, and
 * for all open raids at start-up and whenever Redis turns out to have been emptied, so
 * a lost job is planned again. Jobs carry only what identifies the post; the worker
 * (worker.ts) decides on the raid as it is when the job fires, and the claim rows in the
 * database make sure a post goes out once.
 *
 * Redis keys: the queue `<namespace>.reminders` (`bull:<namespace>.reminders:…`), and
 * per raid the set of its planned job ids, `<namespace>:reminders:raid:<raid id>`, so
 * a raid's jobs are found without scanning the queue. Both vanish together when Redis
 * is emptied; the marker `<namespace>:reminders:planned` tells that this happened.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ReminderClaimsRepository } from '../db/repositories/reminder-claims-repository';
import { KeyedCoalescer } from '../concurrency/coalescer';
import type { Logger } from '../logging';
import type { GuildTime } from '../raids/services/guild-time';
import type { RaidServiceRepositories } from '../raids/services/context';
import { plannedReminders, type PlannedReminder, type ReminderJobData } from './plan';

/** How long the shutdown waits for plans in progress. */
const CLOSE_WAIT_MS = 2_000;

/** How often the service checks that Redis still holds its plan (an emptied Redis is re-planned within this). */
const PLAN_CHECK_INTERVAL_MS = 60_000;

/** Tries per post, with growing pauses (5 s, 10 s, 20 s, …): a claim left by a dead process expires meanwhile. */
export const REMINDER_JOB_OPTIONS: JobsOptions = Object.freeze({
  attempts: 6,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { count: 1_000 },
  removeOnFail: { count: 1_000 },
});

export interface ReminderQueueOptions {
  /** `RedisKeys.reminderQueue`. */
  readonly queueName: string;
  /** `RedisKeys.reminderIndexPrefix`. */
  readonly indexPrefix: string;
  /** `RedisKeys.reminderPlanMarker`. */
  readonly planMarker: string;
  readonly connection: ConnectionOptions;
  /**
   * The servers whose reminders this queue holds (sharded bot: one shard's, see
   * index.ts); a raid of another server is never planned here. Default every server.
   */
  readonly covers?: (guildId: string) => boolean;
}

export type ReminderRepositories = Pick<RaidServiceRepositories, 'raids'> & { readonly reminderClaims: ReminderClaimsRepository };

/** Where jobs are planned; the worker that fires them is `ReminderWorker`. */
export class ReminderPlanner {
  public readonly queue: Queue<ReminderJobData>;
  private readonly coalescer: KeyedCoalescer;
  private checkTimer: NodeJS.Timeout | null = null;
  /** Raids whose last plan failed: planned again by the next check. */
  private readonly failed = new Set<number>();

  public constructor(
    private readonly repos: ReminderRepositories,
    private readonly time: GuildTime,
    private readonly options: ReminderQueueOptions,
    private readonly logger: Logger,
  ) {
    this.queue = new Queue<ReminderJobData>(options.queueName, { connection: options.connection });
    this.queue.on('error', (error) => this.logger.warn(`reminder queue: ${error.message}`));
    this.coalescer = new KeyedCoalescer({
      onError: (key, error) => this.logger.warn(`planning the reminders of raid ${key} failed (Redis or the database away?); tried again within a minute`, error),
    });
  }

  /** Brings the raid's jobs in line with the database; resolves when a plan started after this call is done. */
  public plan(raidId: number): Promise<void> {
    return this.coalescer.run(String(raidId), async () => {
      try {
        await this.planRaid(raidId);
        this.failed.delete(raidId);
      } catch (error) {
        this.failed.add(raidId);
        throw error;
      }
    });
  }

  /** Fire and forget (after a sync or a close); failures are logged. */
  public schedule(raidId: number): void {
    void this.plan(raidId).catch(() => undefined);
  }

  /**
   * Re-plans every open raid of the server (its zone or reminder lead changed). A raid
   * whose plan fails is logged and left to the minute's check; the others go on.
   */
  public async replanGuild(guildId: string): Promise<void> {
    if (!this.covers(guildId)) return;
    for (const raid of await this.repos.raids.openRaidsOfGuild(guildId)) await this.plan(raid.id).catch(() => undefined);
  }

  /**
   * Re-plans every open raid of the servers it covers, drops the jobs and claim rows of
   * raids that ended, and sets the marker (start-up, and after Redis was emptied).
   * Returns the jobs planned.
   */
  public async replanAll(): Promise<number> {
    const redis = await this.redis();
    const open = (await this.repos.raids.openRaids()).filter((raid) => this.covers(raid.guildId));
    const openIds = new Set(open.map((raid) => raid.id));
    // A raid whose plan fails is logged and kept for the minute's check; the others go on.
    const plan = (raidId: number) => this.plan(raidId).catch(() => undefined);
    for (const raidId of await this.indexedRaids(redis)) if (!openIds.has(raidId)) await plan(raidId);
    await this.repos.reminderClaims.removeEndedRaids();
    for (const raid of open) await plan(raid.id);
    // Last: a replan cut off half-way leaves no marker, so the check plans everything again.
    await redis.set(this.markerKey(), new Date().toISOString());
    return this.queue.getJobCountByTypes('delayed', 'waiting', 'active');
  }

  /**
   * From now on, notices within a minute that Redis lost the plan (emptied, restarted
   * without persistence) and plans everything again, and plans again the raids whose
   * last plan failed (Redis or the database was away after a vote).
   */
  public watchRedis(): void {
    if (this.checkTimer !== null) return;
    this.checkTimer = setInterval(() => void this.checkPlan(), PLAN_CHECK_INTERVAL_MS);
    this.checkTimer.unref();
  }

  /** Shutdown: no more checks; waits for plans in progress, then closes the queue. */
  public async close(): Promise<void> {
    if (this.checkTimer !== null) clearInterval(this.checkTimer);
    this.checkTimer = null;
    // Plans waiting for an unreachable Redis do not hold up the shutdown: the next start plans everything.
    await Promise.race([this.coalescer.whenAllIdle().catch(() => undefined), sleep(CLOSE_WAIT_MS, undefined, { ref: false })]);
    await this.queue.close();
  }

  /** The job ids planned for a raid (tests, the dashboard's view of one raid). */
  public async plannedJobIds(raidId: number): Promise<string[]> {
    return (await (await this.redis()).smembers(this.indexKey(raidId))).sort();
  }

  private async checkPlan(): Promise<void> {
    try {
      if ((await (await this.redis()).exists(this.markerKey())) === 1) {
        for (const raidId of [...this.failed]) await this.plan(raidId);
        return;
      }
      this.logger.warn('reminders: Redis lost the planned reminders (emptied or restarted); planning them again from the database');
      await this.replanAll();
    } catch (error) {
      this.logger.warn('reminders: checking the plan in Redis failed; trying again in a minute', error);
    }
  }

  private async planRaid(raidId: number): Promise<void> {
    const redis = await this.redis();
    const indexKey = this.indexKey(raidId);
    const state = await this.repos.raids.loadRaidState(raidId);
    let wanted: PlannedReminder[] = [];
    if (state !== null && !this.covers(state.raid.guildId)) {
      // Another shard's server: its owner plans it; only jobs this queue may hold from before go.
    } else if (state !== null) {
      const preferences = await this.time.of(state.raid.guildId);
      const sent = await this.repos.reminderClaims.sentOfRaid(raidId);
      wanted = plannedReminders(state, preferences, this.time.now()).filter((planned) => !sent.has(planned.claimKey));
    } else {
      // Ended (or gone): its posts are owed to nobody any more.
      await this.repos.reminderClaims.removeEndedRaids(raidId);
    }
    const wantedIds = new Set(wanted.map((planned) => planned.jobId));
    for (const jobId of await redis.smembers(indexKey)) {
      if (wantedIds.has(jobId)) continue;
      // 0 when it is firing right now: it reads the database and finds nothing to post.
      await this.queue.remove(jobId);
      await redis.srem(indexKey, jobId);
    }
    if (wanted.length === 0) return;
    // The index first: a job is never in the queue without it.
    await redis.sadd(indexKey, ...wantedIds);
    for (const planned of wanted) await this.ensureJob(planned);
  }

  /** A job for `planned`: kept when it is pending for the same moment, otherwise (re)added. */
  private async ensureJob(planned: PlannedReminder): Promise<void> {
    const data: ReminderJobData = {
      raidId: planned.raidId,
      guildId: planned.guildId,
      kind: planned.kind,
      day: planned.day,
      time: planned.time,
      dueAt: planned.dueAt.toISOString(),
    };
    const existing = await this.queue.getJob(planned.jobId);
    if (existing !== undefined) {
      const state = await existing.getState();
      if (state === 'active') return; // firing: it judges the raid as it is now
      if ((state === 'delayed' || state === 'waiting' || state === 'prioritized') && existing.data.dueAt === data.dueAt) return;
      // Moved (zone or lead changed), or finished without posting (the slot qualified again): afresh.
      if ((await this.queue.remove(planned.jobId)) === 0) return;
    }
    await this.queue.add(planned.kind, data, { ...REMINDER_JOB_OPTIONS, jobId: planned.jobId, delay: this.time.clock.realMsUntil(planned.dueAt) });
  }

  private async indexedRaids(redis: Redis): Promise<number[]> {
    const raidIds: number[] = [];
    const stream = redis.scanStream({ match: `${this.options.indexPrefix}*`, count: 500 });
    for await (const keys of stream as AsyncIterable<string[]>) {
      for (const key of keys) raidIds.push(Number(key.slice(this.options.indexPrefix.length)));
    }
    return raidIds.filter((raidId) => Number.isSafeInteger(raidId));
  }

  private covers(guildId: string): boolean {
    return this.options.covers?.(guildId) ?? true;
  }

  private indexKey(raidId: number): string {
    return `${this.options.indexPrefix}${raidId}`;
  }

  private markerKey(): string {
    return this.options.planMarker;
  }

  private async redis(): Promise<Redis> {
    return (await this.queue.client) as unknown as Redis;
  }
}
