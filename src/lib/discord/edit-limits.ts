/**
 * Discord limits edits of messages older than one hour (error 30046, "Maximum number of
 * edits to messages older than 1 hour reached. Try again later"; the number and window
 * are not documented). Planners, participant lists and raid lists live for days, so
 * the publisher keeps, per message, what this process learnt about it:
 *
 * 1. the first refusal backs off: no request to that message for EDIT_LIMIT_RETRY_MS,
 *    and one retry of its owner's refresh is scheduled then (publishes meanwhile only
 *    replace the retry: coalesced, and the retry renders the latest database state);
 * 2. a second refusal in a row re-posts it: the latest payload as a new message (whose
 *    id the owner stores), the old one deleted. A new message can be edited freely for
 *    an hour; a stale planner or list is worse than a message moving down its channel.
 *
 * A publish without a retry (nothing could bring the message up to date later) re-posts
 * at the first refusal.
 */
import { RESTJSONErrorCodes } from 'discord.js';
import { systemClock, type Clock } from '../time/clock';
import { isDiscordError } from './errors';

/** Back-off after the first refusal (bot clock). */
export const EDIT_LIMIT_RETRY_MS = 60_000;

/** Refusals in a row after which the message is posted again. */
export const EDIT_LIMIT_REPOST_AFTER = 2;

export function isOldMessageEditLimit(error: unknown): boolean {
  return isDiscordError(error, RESTJSONErrorCodes.MaximumNumberOfEditsToMessagesOlderThanOneHourReached);
}

export interface EditLimitOptions {
  readonly clock?: Clock;
  readonly retryMs?: number;
}

interface Limited {
  refusals: number;
  retryAt: number;
  retry: (() => void) | null;
  timer: NodeJS.Timeout | null;
}

/** What the publisher does with a message that refused an edit. */
export type EditLimitDecision = 'wait' | 'repost';

export class EditLimits {
  private readonly limited = new Map<string, Limited>();
  private readonly clock: Clock;
  private readonly retryMs: number;
  private disposed = false;

  public constructor(options: EditLimitOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.retryMs = options.retryMs ?? EDIT_LIMIT_RETRY_MS;
  }

  /** True while the message is backing off: the publish waits for the scheduled retry instead. */
  public isWaiting(messageId: string, retry: (() => void) | undefined): boolean {
    const limited = this.limited.get(messageId);
    if (limited === undefined || this.clock.now().getTime() >= limited.retryAt) return false;
    if (retry !== undefined) limited.retry = retry; // the latest publish wins
    return true;
  }

  /** An edit of the message was refused (30046): wait for a retry, or post it again now. */
  public refused(messageId: string, retry: (() => void) | undefined): EditLimitDecision {
    const limited = this.limited.get(messageId) ?? { refusals: 0, retryAt: 0, retry: null, timer: null };
    limited.refusals += 1;
    this.limited.set(messageId, limited);
    if (retry === undefined || limited.refusals >= EDIT_LIMIT_REPOST_AFTER) return 'repost';
    limited.retry = retry;
    const retryAt = new Date(this.clock.now().getTime() + this.retryMs);
    limited.retryAt = retryAt.getTime();
    if (limited.timer !== null) clearTimeout(limited.timer);
    limited.timer = setTimeout(() => {
      limited.timer = null;
      limited.retryAt = 0; // the retry itself may edit
      if (!this.disposed) limited.retry?.();
    }, this.clock.realMsUntil(retryAt));
    limited.timer.unref?.();
    return 'wait';
  }

  /** The message was edited, replaced or deleted: nothing to remember. */
  public clear(messageId: string): void {
    const limited = this.limited.get(messageId);
    if (limited?.timer) clearTimeout(limited.timer);
    this.limited.delete(messageId);
  }

  /** Messages waiting for a retry (tests, metrics). */
  public get waiting(): number {
    return [...this.limited.values()].filter((limited) => limited.timer !== null).length;
  }

  /** Shutdown: no more retries. */
  public dispose(): void {
    this.disposed = true;
    for (const limited of this.limited.values()) if (limited.timer !== null) clearTimeout(limited.timer);
  }
}
