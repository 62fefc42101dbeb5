/**
 * Sharding in tests: the ownership two cluster processes would have, and server ids
 * whose shard is known by Discord's own rule (discord.js `ShardClientUtil`).
 */
import { ShardClientUtil } from 'discord.js';
import { shardOwnership, type ShardOwnership } from '../../src/lib/sharding/ownership';

/** What a cluster process owning `shardIds` of `shardCount` has as `container.shards`. */
export function ownershipOf(shardIds: readonly number[], shardCount: number): ShardOwnership {
  return shardOwnership({ shardIds, shardCount, cluster: shardIds[0] ?? 0 });
}

/** A snowflake-shaped server id that falls on `shard` of `shardCount`, the `nth` such id from `from`. */
export function guildIdOnShard(shard: number, shardCount: number, nth = 0, from = 1_000_000_000_000n): string {
  let found = -1;
  for (let timestamp = from; ; timestamp += 1n) {
    const id = String((timestamp << 22n) | 0x1000n);
    if (ShardClientUtil.shardIdForGuildId(id, shardCount) === shard && ++found === nth) return id;
  }
}

/** Keeps what is on `shard` of `shardCount`. */
export function onShard<T>(items: readonly T[], guildOf: (item: T) => string, shard: number, shardCount: number): T[] {
  return items.filter((item) => ShardClientUtil.shardIdForGuildId(guildOf(item), shardCount) === shard);
}
