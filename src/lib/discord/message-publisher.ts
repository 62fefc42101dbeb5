/**
 * The one answer to "does Discord already show this?" for every message the bot keeps
 * up to date (planners, participant lists, the raid list, debug mirrors):
 *
 * - what this process last wrote to a message is remembered by message id (a hash of
 *   what it shows; who it notified does not count, since edits notify nobody), so an
 *   unchanged payload costs no request;
 * - a message this process has not written yet (after a restart) can be read back and
 *   compared first (`skipIfUnchanged`), so a restart with nothing changed edits nothing;
 * - otherwise it is edited in place, or posted again when it was deleted.
 *
 * A channel the bot cannot use is reported once per publisher until it works again.
 * An edit Discord refuses because the message is older than an hour (30046) backs off
 * and is retried through the owner's `retry`, then re-posted (edit-limits.ts).
 */
import { createHash } from 'node:crypto';
import type { REST } from 'discord.js';
import { EditLimits, isOldMessageEditLimit } from './edit-limits';
import { ChannelUnavailableError } from './errors';
import { OnceReporter } from './once-reporter';
import { deleteMessage, postMessage, upsertTrackedMessage, type MessagePayload, type TrackedMessageResult, type UpsertOptions } from './tracked-message';

export interface PublishOptions extends UpsertOptions {
  /** Write even when this process last wrote the same payload (repairs a message changed or deleted behind its back). */
  readonly force?: boolean;
  /**
   * How the owner brings the message up to date later (its refresh, rendering the
   * database anew): run once when an edit Discord refused for the message's age may be
   * tried again. Without it such a message is posted again at once.
   */
  readonly retry?: () => void;
}

export interface PublishResult extends TrackedMessageResult {
  /** Discord refused the edit for the message's age; the owner's `retry` runs later. Nothing shown changed. */
  readonly deferred?: boolean;
  /** The message that was replaced by a new post (already deleted) when `posted` follows a refused edit. */
  readonly replaced?: string;
}

/** Hash of what a payload shows. */
export function shownHash(payload: MessagePayload): string {
  return createHash('sha256').update(JSON.stringify({ ...payload, allowed_mentions: undefined })).digest('hex');
}

export class MessagePublisher {
  private readonly shown = new Map<string, string>();
  private readonly unusable = new OnceReporter();

  /**
   * `onUnavailable` is told once per channel that cannot be used, until it works again;
   * `limits` remembers refused edits of old messages (shared by the raid services, so one
   * shutdown stops every retry).
   */
  public constructor(
    private readonly rest: REST,
    private readonly onUnavailable: (error: ChannelUnavailableError) => void,
    private readonly limits: EditLimits = new EditLimits(),
  ) {}

  /** True when this process last wrote exactly `payload` to the message. */
  private shows(messageId: string, payload: MessagePayload): boolean {
    return this.shown.get(messageId) === shownHash(payload);
  }

  /**
   * Makes the message show `payload`. `posted` in the result means a new message (the
   * caller stores its id). Channel problems raise ChannelUnavailableError after the
   * one report.
   */
  public async publish(channelId: string, messageId: string | null, payload: MessagePayload, options: PublishOptions = {}): Promise<PublishResult> {
    if (options.force !== true && messageId !== null && this.shows(messageId, payload)) return { messageId, posted: false, unchanged: true };
    // Backing off after a refused edit: the scheduled retry will show the latest state.
    if (messageId !== null && this.limits.isWaiting(messageId, options.retry)) return { messageId, posted: false, deferred: true };
    let result: PublishResult;
    try {
      result = await upsertTrackedMessage(this.rest, channelId, messageId, payload, options);
    } catch (error) {
      if (messageId === null || !isOldMessageEditLimit(error)) {
        this.noteFailure(channelId, error);
        throw error;
      }
      if (this.limits.refused(messageId, options.retry) === 'wait') return { messageId, posted: false, deferred: true };
      result = await this.repost(channelId, messageId, payload);
    }
    this.unusable.clear(channelId);
    if (messageId !== null) this.limits.clear(messageId); // shown, replaced or gone: nothing owed to it any more
    if (messageId !== null && messageId !== result.messageId) this.shown.delete(messageId);
    this.shown.set(result.messageId, shownHash(payload));
    return result;
  }

  /** Replaces a message Discord will not let the bot edit: the payload posted anew, the old message deleted. */
  private async repost(channelId: string, messageId: string, payload: MessagePayload): Promise<PublishResult> {
    let posted: string;
    try {
      posted = await postMessage(this.rest, channelId, payload);
    } catch (error) {
      this.noteFailure(channelId, error);
      throw error;
    }
    // A copy left behind (the delete failed) is an untracked leftover the next start-up sweeps away.
    await deleteMessage(this.rest, channelId, messageId).catch(() => undefined);
    return { messageId: posted, posted: true, replaced: messageId };
  }

  /** Deletes a message; one already gone counts as deleted. */
  public async delete(channelId: string, messageId: string): Promise<void> {
    this.shown.delete(messageId);
    this.limits.clear(messageId);
    try {
      await deleteMessage(this.rest, channelId, messageId);
    } catch (error) {
      this.noteFailure(channelId, error);
      throw error;
    }
  }

  /** Forgets what a message shows (it was changed some other way). */
  public forget(messageId: string): void {
    this.shown.delete(messageId);
  }

  private noteFailure(channelId: string, error: unknown): void {
    if (error instanceof ChannelUnavailableError) this.unusable.report(channelId, () => this.onUnavailable(error));
  }
}
