/**
 * "Say it once until it is fixed": a problem every later attempt would hit again (a
 * channel the bot cannot use, a missing permission) is logged when it first shows,
 * and again only after `clear` recorded that it went away — one log line per problem,
 * not one per raid, vote or retry.
 */
export class OnceReporter {
  private readonly reported = new Set<string>();

  /** Runs `log` unless `key` was reported and not cleared since; true when it ran. */
  public report(key: string, log: () => void): boolean {
    if (this.reported.has(key)) return false;
    this.reported.add(key);
    log();
    return true;
  }

  /** The problem behind `key` is gone: its next occurrence is reported again. */
  public clear(key: string): void {
    this.reported.delete(key);
  }
}
