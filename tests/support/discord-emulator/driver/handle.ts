import { InteractionResponseType, type APIMessage, type APIModalInteractionResponseCallbackData } from 'discord-api-types/v10';
import type { DiscordEmulator } from '../index';
import type { InteractionEvent, InteractionKind, InteractionRecord } from '../interaction-records';
import { apiMessage } from '../serialize';
import { InteractionFailedError } from './errors';

/** The initial response as the member's client received it. */
export interface InteractionAcknowledgement {
  type: InteractionResponseType;
  /** The callback's `data` as the bot sent it. */
  data: unknown;
}

/**
 * One interaction the driver sent, and what the bot did with it. Waiting
 * methods reject with InteractionFailedError when the bot let it expire.
 */
export class InteractionHandle {
  public constructor(
    private readonly emulator: DiscordEmulator,
    public readonly record: InteractionRecord,
  ) {}

  public get id(): string {
    return this.record.id;
  }
  public get token(): string {
    return this.record.token;
  }
  public get kind(): InteractionKind {
    return this.record.kind;
  }
  public get status(): InteractionRecord['status'] {
    return this.record.status;
  }
  /** Callback type of the acknowledgement (4 reply, 5 defer, 6 deferred update, 7 update, 8 choices, 9 modal), null before. */
  public get responseType(): InteractionResponseType | null {
    return this.record.callbackType;
  }
  /** Everything the bot did with this interaction, in order. */
  public get events(): readonly InteractionEvent[] {
    return this.record.events;
  }
  /** True while a deferred reply still shows "thinking…". */
  public get deferred(): boolean {
    return this.record.loading;
  }

  /** The @original message now (as its recipient sees it), or null. */
  public original(): APIMessage | null {
    const id = this.record.originalMessageId;
    const message = id ? this.emulator.state.messages.get(id) : undefined;
    return message ? apiMessage(this.emulator.state, message) : null;
  }

  /** Follow-up messages that still exist, oldest first. */
  public followUps(): APIMessage[] {
    return this.record.followUpIds.flatMap((id) => {
      const message = this.emulator.state.messages.get(id);
      return message ? [apiMessage(this.emulator.state, message)] : [];
    });
  }

  /** Waits until `check` returns a value (re-checked on every change of this interaction). */
  public waitFor<T>(check: (record: InteractionRecord) => T | undefined | null | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
    const interactions = this.emulator.interactions;
    return new Promise((resolve, reject) => {
      const evaluate = (): boolean => {
        const value = check(this.record);
        if (value !== undefined && value !== null && value !== false) {
          cleanup();
          resolve(value);
          return true;
        }
        if (this.record.status === 'expired') {
          cleanup();
          reject(new InteractionFailedError(this.record.id, this.emulator.driver.ackWindowMs));
          return true;
        }
        return false;
      };
      const onUpdate = (record: InteractionRecord) => {
        if (record === this.record) evaluate();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`interaction ${this.record.id}: no ${what} within ${timeoutMs} ms; events so far: ${JSON.stringify(this.record.events.map((e) => e.kind + (e.callbackType ? `:${e.callbackType}` : '')))}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        interactions.off('updated', onUpdate);
      };
      interactions.on('updated', onUpdate);
      evaluate();
    });
  }

  /** The initial response (any type). */
  public acknowledged(timeoutMs?: number): Promise<InteractionAcknowledgement> {
    return this.waitFor(
      (r) => {
        const callback = r.events.find((e) => e.kind === 'callback');
        if (!callback) return undefined;
        const body = callback.body as { data?: unknown } | undefined;
        return { type: callback.callbackType!, data: body?.data };
      },
      timeoutMs,
      'acknowledgement',
    );
  }

  /**
   * The bot's visible answer: the reply (type 4), the update (type 7), the
   * filled-in deferred reply (type 5 then edit or follow-up), or, after a
   * deferred update (type 6), the edited message or first follow-up.
   */
  public reply(timeoutMs?: number): Promise<APIMessage> {
    return this.waitFor(
      (r) => {
        if (r.callbackType === InteractionResponseType.ChannelMessageWithSource || r.callbackType === InteractionResponseType.UpdateMessage) {
          return this.original() ?? undefined;
        }
        if (r.callbackType === InteractionResponseType.DeferredChannelMessageWithSource) {
          return r.loading ? undefined : (this.original() ?? this.followUps()[0]);
        }
        if (r.callbackType === InteractionResponseType.DeferredMessageUpdate) {
          const answered = r.events.find((e) => e.kind === 'edit' || e.kind === 'followup');
          if (!answered?.messageId) return undefined;
          const message = this.emulator.state.messages.get(answered.messageId);
          return message ? apiMessage(this.emulator.state, message) : undefined;
        }
        return undefined;
      },
      timeoutMs,
      'visible reply',
    );
  }

  /** Waits until at least `count` follow-ups exist and returns them. */
  public waitForFollowUps(count = 1, timeoutMs?: number): Promise<APIMessage[]> {
    return this.waitFor((r) => (r.followUpIds.length >= count ? this.followUps() : undefined), timeoutMs, `${count} follow-up(s)`);
  }

  /** The modal the bot opened (type 9). */
  public modal(timeoutMs?: number): Promise<APIModalInteractionResponseCallbackData> {
    return this.waitFor((r) => r.modal ?? (r.callbackType !== null && r.callbackType !== InteractionResponseType.Modal ? fail(r) : undefined), timeoutMs, 'modal');
  }

  /** The autocomplete choices the bot answered (type 8). */
  public choices(timeoutMs?: number): Promise<Array<{ name: string; value: string | number }>> {
    return this.waitFor((r) => (r.choices ? [...r.choices] : undefined), timeoutMs, 'autocomplete choices') as Promise<
      Array<{ name: string; value: string | number }>
    >;
  }
}

function fail(record: InteractionRecord): never {
  throw new Error(`interaction ${record.id} was answered with type ${record.callbackType}, not a modal`);
}
