/**
 * Reminders (issue 11): a configurable number of minutes before a qualified slot (per
 * server, `reminderMinutesBefore`, default 15, null = off) the participants channel gets
 * a post pinging that slot's members, with Discord timestamps and a link to the
 * planner; at the start a short "starting now" post without a ping.
 *
 * - plan.ts: which posts a raid should have, their ids, what a firing job does (pure);
 * - render.ts: the two posts (pure);
 * - service.ts: the delayed jobs in BullMQ, planned from the database;
 * - worker.ts: firing, with the claim in the database that makes each post happen once.
 *
 * Reached as `container.reminders`; `replanGuild(guildId)` after a server's zone or
 * reminder lead changed. Sharded, a process plans and fires only the reminders of the
 * servers of its shards, one queue per shard (`createReminders`).
 */
import type { Client } from 'discord.js';
import type { ReminderClaimsRepository } from '../db/repositories/reminder-claims-repository';
import type { SettingsRepository } from '../db/repositories/settings-repository';
import { redisConnectionOptions } from '../client';
import { createLogger } from '../logging';
import type { RaidServices } from '../raids/services';
import { cachedGuild, guildLocale, type RaidServiceRepositories } from '../raids/services/context';
import { reminderLaneKeys } from '../redis-namespace';
import { shardTag, type ShardOwnership } from '../sharding/ownership';
import { ReminderPlanner } from './service';
import { ReminderFiring, ReminderWorker } from './worker';

export { plannedReminders, decideFiring, reminderJobId, reminderClaimKey, reminderNonce, LATE_START_GRACE_MS, type PlannedReminder, type ReminderKind, type ReminderJobData } from './plan';
export { renderReminder } from './render';
export { ReminderPlanner, REMINDER_JOB_OPTIONS } from './service';
export { ReminderFiring, ReminderWorker, CLAIM_LEASE_SECONDS, type FiringOutcome } from './worker';

export type RemindersRepositories = Pick<RaidServiceRepositories, 'raids'> & {
  readonly settings: SettingsRepository;
  readonly reminderClaims: ReminderClaimsRepository;
};

/** One queue of reminders and its worker: the whole bot unsharded, one owned shard's servers when sharded. */
export interface ReminderLane {
  readonly planner: ReminderPlanner;
  readonly worker: ReminderWorker;
  /** The shard whose servers it serves; null unsharded. */
  readonly shard: number | null;
}

export class Reminders {
  public constructor(
    private readonly lanes: readonly ReminderLane[],
    /** Which lane holds a server's reminders (null: another process's server). */
    private readonly laneOf: (guildId: string) => ReminderLane | null,
    /** The server of a raid, to find its lane (null: no such raid). */
    private readonly guildOfRaid: (raidId: number) => Promise<string | null>,
  ) {}

  /** The planner of the first lane, the only one unsharded. */
  public get planner(): ReminderPlanner {
    return this.lanes[0]!.planner;
  }

  /** Every reminder queue of this process (the dashboard lists them): one unsharded, one per owned shard. */
  public get queues(): ReminderPlanner['queue'][] {
    return this.lanes.map((lane) => lane.planner.queue);
  }

  /** Follows the raids: planned after each participant-list sync (votes), dropped when a raid is closed, re-planned when a server's zone or lead changed. */
  public follow(raids: Pick<RaidServices, 'slots' | 'closing' | 'events'>): void {
    raids.slots.events.on('synced', (raidId) => this.schedule(raidId));
    raids.closing.events.on('closed', (raidId) => this.schedule(raidId));
    raids.events.on('timePreferencesChanged', (guildId, changed) => {
      if (changed.includes('timeZone') || changed.includes('reminderMinutesBefore')) void this.replanGuild(guildId).catch(() => undefined); // logged by the plan; the minute's check retries
    });
  }

  /**
   * Brings the raid's jobs in line with the database, in the lane of its server; a raid
   * of another process's server is left to its owner. A raid that is gone is cleared
   * from every lane (its jobs, if any, are in the lane that planned it).
   */
  public async plan(raidId: number): Promise<void> {
    if (this.lanes.length === 1 && this.lanes[0]!.shard === null) return this.lanes[0]!.planner.plan(raidId);
    const guildId = await this.guildOfRaid(raidId);
    if (guildId === null) {
      await Promise.all(this.lanes.map((lane) => lane.planner.plan(raidId)));
      return;
    }
    await this.laneOf(guildId)?.planner.plan(raidId);
  }

  /** Fire and forget (after a sync or a close); failures are logged by the plan. */
  public schedule(raidId: number): void {
    void this.plan(raidId).catch(() => undefined);
  }

  /** Start-up (after restoration): every open raid of this process's servers planned from the database, then the workers fire what is due. */
  public async start(): Promise<number> {
    let pending = 0;
    const failures: unknown[] = [];
    for (const { planner, worker } of this.lanes) {
      try {
        pending += await planner.replanAll();
      } catch (error) {
        failures.push(error);
      } finally {
        // Also after a failed plan: what is queued still fires, and the check plans again within a minute.
        planner.watchRedis();
        worker.start();
      }
    }
    if (failures.length > 0) throw failures[0];
    return pending;
  }

  /** Re-plans the server's open raids: call after its zone or reminder lead changed. */
  public async replanGuild(guildId: string): Promise<void> {
    await this.laneOf(guildId)?.planner.replanGuild(guildId);
  }

  /** Shutdown: the workers finish their posts in progress, then the queues close. */
  public async close(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => lane.worker.close()));
    await Promise.all(this.lanes.map((lane) => lane.planner.close()));
  }
}

export interface RemindersOptions {
  readonly redisUrl: string;
  readonly redisNamespace: string;
  /** This process's servers (sharded bot); default every server, on the one queue `<namespace>.reminders`. */
  readonly shards?: ShardOwnership;
}

/**
 * The bot's reminders, on the deployment's Redis namespace. Unsharded, one queue
 * `<namespace>.reminders`, as always. Sharded, one queue with its worker per shard this
 * process owns (redis-namespace.ts, `reminderLaneKeys`): a server's reminders are
 * planned and posted by the process that owns its shard, and each owner notices on its
 * own when Redis lost its shard's plan.
 */
export function createReminders(client: Client, repos: RemindersRepositories, raids: RaidServices, options: RemindersOptions): Reminders {
  const logger = createLogger('dmw.reminders');
  const connection = redisConnectionOptions(options.redisUrl);
  const shards = options.shards ?? raids.shards;
  const firing = new ReminderFiring({ rest: client.rest, repos, time: raids.time, localeOf: (guildId) => guildLocale(cachedGuild(client, guildId)), logger });
  const lane = (shard: number | null): ReminderLane => {
    const keys = reminderLaneKeys(options.redisNamespace, shard === null ? null : shardTag(shard, shards.shardCount));
    const covers = shard === null ? undefined : (guildId: string) => shards.shardOf(guildId) === shard;
    const planner = new ReminderPlanner(repos, raids.time, { queueName: keys.queue, indexPrefix: keys.indexPrefix, planMarker: keys.planMarker, connection, covers }, logger);
    return { planner, worker: new ReminderWorker(keys.queue, connection, firing, logger), shard };
  };
  const lanes = shards.sharded ? shards.shardIds.map(lane) : [lane(null)];
  const laneOf = (guildId: string): ReminderLane | null => (shards.sharded ? (lanes.find((candidate) => candidate.shard === shards.shardOf(guildId)) ?? null) : lanes[0]!);
  const reminders = new Reminders(lanes, laneOf, (raidId) => repos.raids.guildOfRaid(raidId));
  reminders.follow(raids);
  return reminders;
}
