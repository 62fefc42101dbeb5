/**
 * Discord snowflakes: 17–19 digit ids whose top bits are milliseconds since the
 * Discord epoch. discord.js derives rate-limit buckets and the 14-day bulk-delete
 * rule from them, so the emulator's ids must be real snowflakes.
 */
export const DISCORD_EPOCH = 1_420_070_400_000n;

let increment = 0n;

export function snowflake(timestamp: number = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(timestamp) - DISCORD_EPOCH) << 22n) | (1n << 17n) | (1n << 12n) | increment).toString();
}

export function snowflakeTimestamp(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/** Orders snowflakes numerically (string comparison is wrong across digit counts). */
export function compareSnowflakes(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
