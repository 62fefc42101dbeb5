import type { LogLevelName, LogRecord, LogSink } from '../logging';
import { codeBlock, cutLine, formatLogLine, isAtLeast, MAX_LINE_LENGTH } from './format';

export interface LogForwarderOptions {
  /** Lowest level forwarded (DISCORD_LOG_LEVEL, default INFO). */
  readonly level?: LogLevelName;
  /** Lines kept while waiting to be sent; the oldest are dropped beyond it. */
  readonly capacity?: number;
}

export const DEFAULT_LOG_BUFFER_CAPACITY = 1000;

/**
 * Collects log records for the Discord log channel: formatted and redacted as they
 * arrive (`sink`), kept in a bounded buffer that drops the oldest lines when full
 * (records from before the gateway is ready simply wait there), and handed out as
 * a few code-block messages per tick (`drainBatches`) so the channel gets batches,
 * not a flood.
 */
export class LogForwarder {
  public readonly level: LogLevelName;
  public readonly capacity: number;
  readonly #lines: string[] = [];
  /** Lines dropped since the last notice went out. */
  #droppedSinceNotice = 0;
  #droppedTotal = 0;

  public constructor(options: LogForwarderOptions = {}) {
    this.level = options.level ?? 'INFO';
    this.capacity = Math.max(1, options.capacity ?? DEFAULT_LOG_BUFFER_CAPACITY);
  }

  /** For `addLogSink`. Never throws. */
  public readonly sink: LogSink = (record: LogRecord) => {
    if (!isAtLeast(record.level, this.level)) return;
    this.#lines.push(cutLine(formatLogLine(record)));
    if (this.#lines.length > this.capacity) {
      const excess = this.#lines.length - this.capacity;
      this.#lines.splice(0, excess);
      this.#droppedSinceNotice += excess;
      this.#droppedTotal += excess;
    }
  };

  public get pending(): number {
    return this.#lines.length;
  }

  /** Lines lost to a full buffer since the forwarder was created. */
  public get droppedTotal(): number {
    return this.#droppedTotal;
  }

  /**
   * Takes up to `maxMessages` messages' worth of lines, oldest first, each message a
   * code block under 2,000 characters; lines that do not fit stay for the next
   * call. When lines were dropped, a notice saying how many leads the next batch.
   */
  public drainBatches(maxMessages = 4): string[] {
    if (this.#droppedSinceNotice > 0) {
      this.#lines.unshift(`... ${this.#droppedSinceNotice} older log line(s) dropped (buffer of ${this.capacity} lines was full)`);
      this.#droppedSinceNotice = 0;
    }
    const messages: string[] = [];
    let consumed = 0;
    while (messages.length < maxMessages && consumed < this.#lines.length) {
      const block: string[] = [];
      let length = 0;
      // Every line is at most MAX_LINE_LENGTH long (cut on arrival), so a block always takes one.
      for (; consumed < this.#lines.length; consumed += 1) {
        const line = this.#lines[consumed]!;
        const added = block.length === 0 ? line.length : line.length + 1;
        if (length + added > MAX_LINE_LENGTH) break;
        block.push(line);
        length += added;
      }
      messages.push(codeBlock(block));
    }
    this.#lines.splice(0, consumed);
    return messages;
  }
}
