import type { Redis } from 'ioredis';

/** How long a raid's ping memory outlives its last ping: longer than any raid stays open (stale clean-up closes at 7 days). */
export const PING_MEMORY_TTL_SECONDS = 14 * 24 * 60 * 60;

/**
 * Who has already been pinged for which slot of a raid: one Redis set per raid, so a
 * member is notified at most once per slot however often the list is taken down and
 * posted again. Members are claimed before the post that pings them; when Redis cannot
 * answer, nobody is claimed, so a list posted during an outage shows its members
 * without notifying them and "at most once" still holds.
 */
export class PingMemory {
  public constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  /**
   * Claims the members among `userIds` not yet pinged for the slot and returns them: the
   * caller pings exactly these. [] when Redis cannot answer (nobody is pinged then).
   */
  public async claim(raidId: number, day: string, time: string, userIds: readonly string[]): Promise<string[]> {
    const fresh = await this.notYetPinged(raidId, day, time, userIds);
    return (await this.remember(raidId, day, time, fresh)) ? fresh : [];
  }

  private async notYetPinged(raidId: number, day: string, time: string, userIds: readonly string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    try {
      const known = await this.redis.smismember(this.key(raidId), ...userIds.map((userId) => member(day, time, userId)));
      return userIds.filter((_, index) => known[index] !== 1);
    } catch {
      return [];
    }
  }

  private async remember(raidId: number, day: string, time: string, userIds: readonly string[]): Promise<boolean> {
    if (userIds.length === 0) return true;
    const key = this.key(raidId);
    try {
      const results = await this.redis
        .multi()
        .sadd(key, ...userIds.map((userId) => member(day, time, userId)))
        .expire(key, PING_MEMORY_TTL_SECONDS)
        .exec();
      return results !== null && results.every(([error]) => error === null);
    } catch {
      return false;
    }
  }

  private key(raidId: number): string {
    return `${this.keyPrefix}raid:${raidId}:pinged`;
  }
}

function member(day: string, time: string, userId: string): string {
  return JSON.stringify([day, time, userId]);
}
