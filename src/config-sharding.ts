/**
 * Sharding settings (issue 15). `SHARD_COUNT` and `SHARDS_PER_CLUSTER` are the
 * operator's, read by the supervisor (`npm start`); `SHARD_LIST`, `TOTAL_SHARDS`,
 * `CLUSTER` and `CLUSTER_MANAGER_MODE` are set by discord-hybrid-sharding's cluster
 * manager for each cluster process it starts, and tell that process its shards.
 */
import { ConfigError, blankToNull, type Environment } from './config-values';

/** Discord allows at most 2,500 servers per shard; counts beyond a few thousand shards are mistakes. */
export const MAX_SHARD_COUNT = 4_096;

/** `auto`: Discord's recommendation (`GET /gateway/bot`); a number: exactly that many shards. */
export type ShardCountSetting = 'auto' | number;

export interface ShardingSettings {
  /** SHARD_COUNT (default auto). One shard runs the bot as one process, as it always did. */
  readonly shardCount: ShardCountSetting;
  /** SHARDS_PER_CLUSTER (default 2): shards per cluster process when there is more than one shard. */
  readonly shardsPerCluster: number;
}

/** The shards this process runs, as the cluster manager assigned them; null when the bot runs unsharded. */
export interface ShardAssignment {
  readonly shardIds: readonly number[];
  readonly shardCount: number;
  /** The cluster's number (0-based) among the manager's clusters. */
  readonly cluster: number;
}

export function readShardingSettings(env: Environment): ShardingSettings {
  return Object.freeze({ shardCount: readShardCount(env), shardsPerCluster: readShardsPerCluster(env) });
}

function readShardCount(env: Environment): ShardCountSetting {
  const text = blankToNull(env.SHARD_COUNT)?.toLowerCase() ?? 'auto';
  if (text === 'auto') return 'auto';
  const count = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(count) || count < 1 || count > MAX_SHARD_COUNT) {
    throw new ConfigError(`SHARD_COUNT must be auto or a whole number from 1 to ${MAX_SHARD_COUNT} (got '${env.SHARD_COUNT}'): leave it unset for Discord's recommendation`);
  }
  return count;
}

function readShardsPerCluster(env: Environment): number {
  const text = blankToNull(env.SHARDS_PER_CLUSTER) ?? '2';
  const count = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(count) || count < 1 || count > 64) {
    throw new ConfigError(`SHARDS_PER_CLUSTER must be a whole number from 1 to 64 (got '${env.SHARDS_PER_CLUSTER}'): it says how many shards one process runs`);
  }
  return count;
}

/**
 * The assignment discord-hybrid-sharding hands a cluster process in its environment
 * (process mode); null outside a cluster manager, and for a single shard (the bot then
 * runs exactly as an unsharded bot).
 */
export function readShardAssignment(env: Environment): ShardAssignment | null {
  if (env.CLUSTER_MANAGER_MODE !== 'process') return null;
  const shardCount = Number(env.TOTAL_SHARDS);
  const shardIds = (env.SHARD_LIST ?? '').split(',').filter((part) => part !== '').map(Number);
  const cluster = Number(env.CLUSTER ?? '0');
  const valid =
    Number.isInteger(shardCount) &&
    shardCount >= 1 &&
    shardIds.length > 0 &&
    shardIds.every((id) => Number.isInteger(id) && id >= 0 && id < shardCount) &&
    Number.isInteger(cluster);
  if (!valid) {
    throw new ConfigError(
      `the cluster manager's shard assignment is invalid (SHARD_LIST='${env.SHARD_LIST}', TOTAL_SHARDS='${env.TOTAL_SHARDS}'): start the bot with npm start, which sets them`,
    );
  }
  if (shardCount === 1) return null;
  return Object.freeze({ shardIds: Object.freeze([...shardIds].sort((a, b) => a - b)), shardCount, cluster });
}
