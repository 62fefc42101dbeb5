/**
 * Acknowledgements before follow-ups. An interaction must be acknowledged within 3 s; a
 * follow-up (a vote's private summary) may come any time in the next 15 minutes. Both
 * cost the bot the same work to send, so in a burst every follow-up sent at once takes
 * time from the acknowledgements still waiting. This keeps the interactions received
 * and not yet acknowledged; a follow-up waits until there are none (or a bounded time),
 * so under a burst the summaries trail the planner updates instead of delaying them.
 */

/** Discord's window for an acknowledgement: an interaction older than this is not waited for. */
const ACK_WINDOW_MS = 3000;

export class PendingAcknowledgements {
  /** Interaction id → when it was received (ms, `now()`), oldest first. */
  private readonly pending = new Map<string, number>();
  private waiters: Array<() => void> = [];

  public constructor(private readonly now: () => number = () => performance.now()) {}

  /** An interaction arrived from the gateway. */
  public received(interactionId: string): void {
    this.pending.set(interactionId, this.now());
  }

  /** Its callback was answered (or failed): it no longer waits. */
  public acknowledged(interactionId: string): void {
    if (!this.pending.delete(interactionId)) return;
    if (this.size() === 0) this.wake();
  }

  /** Interactions still within their window and not acknowledged. */
  public size(): number {
    const oldest = this.now() - ACK_WINDOW_MS;
    for (const [id, receivedAt] of this.pending) {
      if (receivedAt >= oldest) break;
      this.pending.delete(id);
    }
    return this.pending.size;
  }

  /** Resolves when no interaction waits for its acknowledgement, or after `maxWaitMs`. */
  public settled(maxWaitMs: number): Promise<void> {
    if (this.size() === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, maxWaitMs);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.waiters.push(done);
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const done of waiters) done();
  }
}
