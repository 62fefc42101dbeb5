/**
 * Firing a reminder job: the raid is read again (closed, slot no longer qualified,
 * reminders switched off, too late: nothing is posted), then the post is claimed in the
 * database, posted with its nonce, and recorded as sent.
 *
 * A failure after the claim releases it and throws, so BullMQ tries again with growing
 * pauses; the retry posts with the same nonce, and Discord returns the message of an
 * attempt that reached it after all instead of creating a second (`enforce_nonce`). A
 * claim held by a live attempt elsewhere makes this attempt wait for the next try; once
 * the other attempt recorded the post, this one finds it sent. A post is never made
 * after its last moment (the slot's start for a reminder, shortly after it for "starting
 * now"), however the retries go.
 */
import { randomUUID } from 'node:crypto';
import { DelayedError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { Routes, type APIMessage, type REST } from 'discord.js';
import type { ReminderClaimsRepository } from '../db/repositories/reminder-claims-repository';
import type { SettingsRepository } from '../db/repositories/settings-repository';
import type { Logger } from '../logging';
import type { GuildTime } from '../raids/services/guild-time';
import type { RaidRepository } from '../db/repositories/raid-repository';
import { channelUnavailableFrom } from '../discord/errors';
import { decideFiring, reminderNonce, type ReminderJobData, type PlannedReminder } from './plan';
import { renderReminder } from './render';

/** A claim whose attempt went silent this long (its process died) may be taken over. */
export const CLAIM_LEASE_SECONDS = 60;

/** Posts in parallel; each is one request, so a handful keeps a burst of slots at one time short. */
const CONCURRENCY = 4;

export type FiringOutcome =
  | { readonly outcome: 'sent'; readonly messageId: string; readonly dueAt: string; readonly postedAt: string; readonly lateMs: number }
  | { readonly outcome: 'alreadySent' | 'raidClosed' | 'off' | 'notQualified' | 'tooLate' | 'noChannel' };

export interface ReminderWorkerParts {
  readonly rest: REST;
  readonly repos: { readonly raids: RaidRepository; readonly settings: SettingsRepository; readonly reminderClaims: ReminderClaimsRepository };
  readonly time: GuildTime;
  /** The guild's preferred locale (public posts). */
  readonly localeOf: (guildId: string) => string;
  readonly logger: Logger;
}

/** A post that was claimed elsewhere and not yet recorded: try again later. */
export class ReminderClaimedElsewhereError extends Error {
  public constructor(claimKey: string) {
    super(`reminder ${claimKey} is being posted by another attempt; trying again later`);
    this.name = 'ReminderClaimedElsewhereError';
  }
}

export class ReminderFiring {
  public constructor(private readonly parts: ReminderWorkerParts) {}

  /** What one job does; `moveToDelayed` is how an early job waits for its time. */
  public async fire(data: ReminderJobData, moveToDelayed: (realTimestamp: number) => Promise<void>): Promise<FiringOutcome> {
    const { repos, time } = this.parts;
    const state = await repos.raids.loadRaidState(data.raidId);
    if (state === null) return { outcome: 'raidClosed' };
    const preferences = await time.of(state.raid.guildId);
    const decision = decideFiring(state, data, preferences, time.now());
    if (decision.kind === 'skip') return { outcome: decision.reason };
    if (decision.kind === 'early') {
      await moveToDelayed(Date.now() + time.clock.realMsUntil(decision.dueAt));
      throw new DelayedError();
    }
    const channelId = (await repos.settings.get(state.raid.guildId))?.participantsChannelId ?? null;
    if (channelId === null) return { outcome: 'noChannel' };
    const { planned } = decision;
    const token = randomUUID().replace(/-/g, '');
    const claim = await repos.reminderClaims.claim(planned, token, CLAIM_LEASE_SECONDS);
    if (claim === 'sent') return { outcome: 'alreadySent' };
    if (claim === 'busy') throw new ReminderClaimedElsewhereError(planned.claimKey);
    try {
      const payload = renderReminder({
        raid: state.raid,
        kind: planned.kind,
        slotAt: planned.slotAt,
        userIds: decision.userIds,
        locale: this.parts.localeOf(state.raid.guildId),
        nonce: reminderNonce(planned.claimKey),
      });
      const message = (await this.parts.rest.post(Routes.channelMessages(channelId), { body: payload })) as APIMessage;
      await repos.reminderClaims.markSent(planned.claimKey, message.id);
      return this.sent(planned, message.id);
    } catch (error) {
      await repos.reminderClaims.release(planned.claimKey, token).catch(() => undefined); // else the lease runs out
      throw channelUnavailableFrom(error, channelId) ?? error;
    }
  }

  private sent(planned: PlannedReminder, messageId: string): FiringOutcome {
    const postedAt = this.parts.time.now();
    const lateMs = postedAt.getTime() - planned.dueAt.getTime();
    this.parts.logger.info(
      `raid ${planned.raidId}: ${planned.kind} for ${planned.day} ${planned.time} posted (message ${messageId}, due ${planned.dueAt.toISOString()}, posted ${postedAt.toISOString()}, ${lateMs} ms late)`,
    );
    return { outcome: 'sent', messageId, dueAt: planned.dueAt.toISOString(), postedAt: postedAt.toISOString(), lateMs };
  }
}

/** The BullMQ worker of the reminder queue; not running until `start()`. */
export class ReminderWorker {
  private readonly worker: Worker<ReminderJobData, FiringOutcome>;

  public constructor(queueName: string, connection: ConnectionOptions, firing: ReminderFiring, logger: Logger) {
    this.worker = new Worker<ReminderJobData, FiringOutcome>(
      queueName,
      (job: Job<ReminderJobData, FiringOutcome>, token?: string) => firing.fire(job.data, (timestamp) => job.moveToDelayed(timestamp, token)),
      { connection, autorun: false, concurrency: CONCURRENCY },
    );
    this.worker.on('error', (error) => logger.warn(`reminder worker: ${error.message}`));
    this.worker.on('failed', (job, error) => {
      if (job === undefined) return;
      const last = job.attemptsMade >= (job.opts.attempts ?? 1);
      logger.warn(`reminder job ${job.id} (raid ${job.data.raidId}) failed${last ? ' for the last time' : '; it is tried again'}: ${error.message}`);
    });
  }

  public start(): void {
    if (!this.worker.isRunning()) void this.worker.run().catch(() => undefined); // errors are reported through 'error'
  }

  /** Waits for the posts in progress, then stops. */
  public close(): Promise<void> {
    return this.worker.close();
  }
}
