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
 */
import { createHash } from 'node:crypto';
import type { REST } from 'discord.js';
import { ChannelUnavailableError } from './errors';
import { OnceReporter } from './once-reporter';
import { deleteMessage, upsertTrackedMessage, type MessagePayload, type TrackedMessageResult, type UpsertOptions } from './tracked-message';

export interface PublishOptions extends UpsertOptions {
  /** Write even when this process last wrote the same payload (repairs a message changed or deleted behind its back). */
  readonly force?: boolean;
}

/** Hash of what a payload shows. */
export function shownHash(payload: MessagePayload): string {
  return createHash('sha256').update(JSON.stringify({ ...payload, allowed_mentions: undefined })).digest('hex');
}

export class MessagePublisher {
  private readonly shown = new Map<string, string>();
  private readonly unusable = new OnceReporter();

  /** `onUnavailable` is told once per channel that cannot be used, until it works again. */
  public constructor(
    private readonly rest: REST,
    private readonly onUnavailable: (error: ChannelUnavailableError) => void,
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
  public async publish(channelId: string, messageId: string | null, payload: MessagePayload, options: PublishOptions = {}): Promise<TrackedMessageResult> {
    if (options.force !== true && messageId !== null && this.shows(messageId, payload)) return { messageId, posted: false, unchanged: true };
    let result: TrackedMessageResult;
    try {
      result = await upsertTrackedMessage(this.rest, channelId, messageId, payload, options);
    } catch (error) {
      this.noteFailure(channelId, error);
      throw error;
    }
    this.unusable.clear(channelId);
    if (messageId !== null && messageId !== result.messageId) this.shown.delete(messageId);
    this.shown.set(result.messageId, shownHash(payload));
    return result;
  }

  /** Deletes a message; one already gone counts as deleted. */
  public async delete(channelId: string, messageId: string): Promise<void> {
    this.shown.delete(messageId);
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
