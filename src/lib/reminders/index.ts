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
 * reminder lead changed.
 */
import type { Client } from 'discord.js';
import type { Config } from '../../config';
import type { ReminderClaimsRepository } from '../db/repositories/reminder-claims-repository';
import type { SettingsRepository } from '../db/repositories/settings-repository';
import { redisConnectionOptions } from '../client';
import { createLogger } from '../logging';
import type { RaidServices } from '../raids/services';
import { cachedGuild, guildLocale, type RaidServiceRepositories } from '../raids/services/context';
import { redisKeys } from '../redis-namespace';
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

export class Reminders {
  public constructor(
    public readonly planner: ReminderPlanner,
    private readonly worker: ReminderWorker,
  ) {}

  /** Follows the raids: planned after each participant-list sync (votes), dropped when a raid is closed, re-planned when a server's zone or lead changed. */
  public follow(raids: Pick<RaidServices, 'slots' | 'closing' | 'events'>): void {
    raids.slots.events.on('synced', (raidId) => this.planner.schedule(raidId));
    raids.closing.events.on('closed', (raidId) => this.planner.schedule(raidId));
    raids.events.on('timePreferencesChanged', (guildId, changed) => {
      if (changed.includes('timeZone') || changed.includes('reminderMinutesBefore')) void this.replanGuild(guildId).catch(() => undefined); // logged by the plan; the minute's check retries
    });
  }

  /** Start-up (after restoration): every open raid planned from the database, then the worker fires what is due. */
  public async start(): Promise<number> {
    try {
      return await this.planner.replanAll();
    } finally {
      // Also after a failed plan: what is queued still fires, and the check plans again within a minute.
      this.planner.watchRedis();
      this.worker.start();
    }
  }

  /** Re-plans the server's open raids: call after its zone or reminder lead changed. */
  public replanGuild(guildId: string): Promise<void> {
    return this.planner.replanGuild(guildId);
  }

  /** Shutdown: the worker finishes its posts in progress, then the queue closes. */
  public async close(): Promise<void> {
    await this.worker.close();
    await this.planner.close();
  }
}

/** The bot's reminders, on the deployment's Redis namespace. */
export function createReminders(client: Client, repos: RemindersRepositories, raids: RaidServices, config: Pick<Config, 'redisUrl' | 'redisNamespace'>): Reminders {
  const logger = createLogger('dmw.reminders');
  const keys = redisKeys(config.redisNamespace);
  const connection = redisConnectionOptions(config.redisUrl);
  const planner = new ReminderPlanner(repos, raids.time, { queueName: keys.reminderQueue, indexPrefix: keys.reminderIndexPrefix, planMarker: keys.reminderPlanMarker, connection }, logger);
  const firing = new ReminderFiring({ rest: client.rest, repos, time: raids.time, localeOf: (guildId) => guildLocale(cachedGuild(client, guildId)), logger });
  const reminders = new Reminders(planner, new ReminderWorker(keys.reminderQueue, connection, firing, logger));
  reminders.follow(raids);
  return reminders;
}
