/**
 * Discord limits edits of messages older than one hour: past an undocumented number,
 * `PATCH /channels/{id}/messages/{id}` answers 400 `{ code: 30046, message: "Maximum
 * number of edits to messages older than 1 hour reached. Try again later" }`. Discord
 * documents neither the number nor the window, so the emulator lets a test choose:
 *
 * - `limit({ editsPerHour, scope })`: after `editsPerHour` edits of old messages within
 *   the last hour (counted per channel, or per message), further ones are refused until
 *   the hour has moved on (default: no limit, as before);
 * - `block({ channelId?, messageId? })`: every edit of an old message there is refused
 *   until the handle is cancelled (a switch per channel or message);
 * - message age: a message is old when its snowflake's time is more than an hour before
 *   now. `age(messageId, ms)` makes one message older, `advance(ms)` lets time pass for
 *   this rule (every message existing then gets older, the hour's count moves on;
 *   messages posted later are young again).
 *   `driver.postMessage({ timestamp })` creates back-dated messages.
 *
 * Only edits through the channel message route count; interaction responses (update,
 * @original edits) are not limited here (Discord does not say they are).
 */
import { RESTJSONErrorCodes } from 'discord-api-types/v10';
import { DiscordHttpError } from './errors';
import { snowflakeTimestamp } from './snowflake';

/** Age from which a message counts as old. */
export const OLD_MESSAGE_AGE_MS = 60 * 60 * 1000;
const WINDOW_MS = 60 * 60 * 1000;

export interface OldMessageEditLimit {
  /** Edits of old messages allowed per hour; null = unlimited. */
  readonly editsPerHour: number | null;
  /** What the count is kept for (default: per channel). */
  readonly scope?: 'channel' | 'message';
}

export interface OldMessageBlock {
  readonly channelId?: string;
  readonly messageId?: string;
}

export interface OldMessageBlockHandle {
  /** Edits refused by this block so far. */
  readonly hits: number;
  cancel(): void;
}

interface ActiveBlock extends OldMessageBlock {
  active: boolean;
  hits: number;
}

export function tooManyOldMessageEdits(): DiscordHttpError {
  return new DiscordHttpError(400, {
    code: RESTJSONErrorCodes.MaximumNumberOfEditsToMessagesOlderThanOneHourReached,
    message: 'Maximum number of edits to messages older than 1 hour reached. Try again later',
  });
}

export class OldMessageEdits {
  private offsetMs = 0;
  /** Each `advance`: when (real time) and by how much; messages older than `at` got older by `ms`. */
  private readonly advances: Array<{ at: number; ms: number }> = [];
  private rule: Required<OldMessageEditLimit> = { editsPerHour: null, scope: 'channel' };
  private readonly agedBy = new Map<string, number>();
  private readonly blocks: ActiveBlock[] = [];
  /** Times of accepted edits of old messages, by channel or message id. */
  private readonly edits = new Map<string, number[]>();
  /** Edits answered 30046 so far. */
  public refused = 0;

  /** This rule's clock (for the hour's count): real time plus what `advance` added. */
  private now(): number {
    return Date.now() + this.offsetMs;
  }

  public limit(limit: OldMessageEditLimit): void {
    this.rule = { editsPerHour: limit.editsPerHour, scope: limit.scope ?? 'channel' };
    this.edits.clear();
  }

  public block(target: OldMessageBlock): OldMessageBlockHandle {
    const block: ActiveBlock = { ...target, active: true, hits: 0 };
    this.blocks.push(block);
    return {
      get hits() {
        return block.hits;
      },
      cancel: () => {
        block.active = false;
      },
    };
  }

  /** Makes one message `ms` older than its snowflake says. */
  public age(messageId: string, ms: number): void {
    this.agedBy.set(messageId, (this.agedBy.get(messageId) ?? 0) + ms);
  }

  /** Time passes for this rule: every message gets `ms` older, edits counted in the hour move on. */
  public advance(ms: number): void {
    this.offsetMs += ms;
    this.advances.push({ at: Date.now(), ms });
  }

  /** Back to no limit, no blocks, real time. */
  public reset(): void {
    this.offsetMs = 0;
    this.advances.length = 0;
    this.rule = { editsPerHour: null, scope: 'channel' };
    this.agedBy.clear();
    this.blocks.length = 0;
    this.edits.clear();
    this.refused = 0;
  }

  public isOld(messageId: string): boolean {
    const created = snowflakeTimestamp(messageId);
    const advanced = this.advances.reduce((sum, step) => (created <= step.at ? sum + step.ms : sum), 0);
    return Date.now() - created + advanced + (this.agedBy.get(messageId) ?? 0) > OLD_MESSAGE_AGE_MS;
  }

  /** Called before an edit of a message: throws 30046 when it is refused, counts it otherwise. */
  public checkEdit(channelId: string, messageId: string): void {
    if (!this.isOld(messageId)) return;
    const block = this.blocks.find((b) => b.active && (b.channelId === undefined || b.channelId === channelId) && (b.messageId === undefined || b.messageId === messageId));
    if (block !== undefined) {
      block.hits += 1;
      this.refused += 1;
      throw tooManyOldMessageEdits();
    }
    if (this.rule.editsPerHour === null) return;
    const key = this.rule.scope === 'message' ? messageId : channelId;
    const now = this.now();
    const recent = (this.edits.get(key) ?? []).filter((at) => now - at < WINDOW_MS);
    if (recent.length >= this.rule.editsPerHour) {
      this.edits.set(key, recent);
      this.refused += 1;
      throw tooManyOldMessageEdits();
    }
    recent.push(now);
    this.edits.set(key, recent);
  }
}
