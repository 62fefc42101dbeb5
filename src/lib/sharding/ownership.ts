/**
 * Which servers this process is responsible for. Unsharded, that is every server;
 * sharded, the servers of the shards this process owns (their locks, see
 * db/shard-locks.ts). Per-server work — restoration, the raid list, reminders,
 * scheduled events, voice presence, a task's per-server part — asks `ownsGuild`.
 */
import { ShardClientUtil } from 'discord.js';
import type { ShardAssignment } from '../../config';

export interface ShardOwnership {
  /** False for the one-process bot: every server is this process's. */
  readonly sharded: boolean;
  readonly shardCount: number;
  /** The shards this process owns, ascending ([0] unsharded). */
  readonly shardIds: readonly number[];
  /** Discord's rule: (server id >> 22) % shard count. */
  shardOf(guildId: string): number;
  ownsGuild(guildId: string): boolean;
  /** "shards 0, 1 of 4", or "unsharded", for log lines. */
  readonly label: string;
}

export function shardOwnership(assignment: ShardAssignment | null): ShardOwnership {
  if (assignment === null) {
    return Object.freeze({
      sharded: false,
      shardCount: 1,
      shardIds: Object.freeze([0]),
      shardOf: () => 0,
      ownsGuild: () => true,
      label: 'unsharded',
    });
  }
  const owned = new Set(assignment.shardIds);
  const shardOf = (guildId: string): number => ShardClientUtil.shardIdForGuildId(guildId, assignment.shardCount);
  return Object.freeze({
    sharded: true,
    shardCount: assignment.shardCount,
    shardIds: assignment.shardIds,
    shardOf,
    ownsGuild: (guildId: string) => owned.has(shardOf(guildId)),
    label: describeShards(assignment.shardIds, assignment.shardCount),
  });
}

/**
 * How one shard's Redis keys and queues are told apart from another's:
 * `shard-<id>-of-<count>`. The count is part of it, so after a change of SHARD_COUNT
 * a process never picks up another layout's keys (they expire or are planned anew).
 */
export function shardTag(shardId: number, shardCount: number): string {
  return `shard-${shardId}-of-${shardCount}`;
}

export function describeShards(shardIds: readonly number[], shardCount: number): string {
  return `${shardIds.length === 1 ? 'shard' : 'shards'} ${shardIds.join(', ')} of ${shardCount}`;
}
