import { ShardClientUtil } from 'discord.js';
import { ConfigError } from '../../../src/config';
import { readShardAssignment, readShardingSettings } from '../../../src/config-sharding';
import { shardOwnership } from '../../../src/lib/sharding/ownership';
import { clusterShardLists } from '../../../src/lib/supervisor/clusters';

describe('SHARD_COUNT and SHARDS_PER_CLUSTER', () => {
  it('default to Discord\'s recommendation and two shards per process', () => {
    expect(readShardingSettings({})).toEqual({ shardCount: 'auto', shardsPerCluster: 2 });
    expect(readShardingSettings({ SHARD_COUNT: 'AUTO', SHARDS_PER_CLUSTER: '' })).toEqual({ shardCount: 'auto', shardsPerCluster: 2 });
    expect(readShardingSettings({ SHARD_COUNT: '4', SHARDS_PER_CLUSTER: '1' })).toEqual({ shardCount: 4, shardsPerCluster: 1 });
  });

  it.each([['0'], ['-2'], ['2.5'], ['many'], ['5000']])('refuse SHARD_COUNT=%s with the fix', (value) => {
    expect(() => readShardingSettings({ SHARD_COUNT: value })).toThrow(new ConfigError(`SHARD_COUNT must be auto or a whole number from 1 to 4096 (got '${value}'): leave it unset for Discord's recommendation`));
  });

  it('refuse a SHARDS_PER_CLUSTER that is not a small whole number', () => {
    expect(() => readShardingSettings({ SHARDS_PER_CLUSTER: '0' })).toThrow(/SHARDS_PER_CLUSTER must be a whole number from 1 to 64/);
  });
});

describe('the cluster manager\'s assignment', () => {
  it('is absent outside a cluster manager and for a single shard', () => {
    expect(readShardAssignment({ SHARD_LIST: '0,1', TOTAL_SHARDS: '4' })).toBeNull();
    expect(readShardAssignment({ CLUSTER_MANAGER_MODE: 'process', SHARD_LIST: '0', TOTAL_SHARDS: '1', CLUSTER: '0' })).toBeNull();
  });

  it('reads the shards of a cluster process', () => {
    expect(readShardAssignment({ CLUSTER_MANAGER_MODE: 'process', SHARD_LIST: '3,2', TOTAL_SHARDS: '4', CLUSTER: '1' })).toEqual({ shardIds: [2, 3], shardCount: 4, cluster: 1 });
  });

  it('refuses a shard outside the count', () => {
    expect(() => readShardAssignment({ CLUSTER_MANAGER_MODE: 'process', SHARD_LIST: '4', TOTAL_SHARDS: '4', CLUSTER: '0' })).toThrow(/shard assignment is invalid/);
  });
});

describe('clusters and ownership', () => {
  it('splits shards into clusters of SHARDS_PER_CLUSTER, the last one smaller', () => {
    expect(clusterShardLists(5, 2)).toEqual([[0, 1], [2, 3], [4]]);
    expect(clusterShardLists(2, 1)).toEqual([[0], [1]]);
  });

  it('owns exactly the servers of its shards, by Discord\'s rule', () => {
    const ids = ['81384788765712384', '222078108977594368', '1100000000000000000', '290926798626357250', '4194304', '8388608'];
    const owner = shardOwnership({ shardIds: [1], shardCount: 2, cluster: 0 });
    for (const id of ids) expect(owner.ownsGuild(id)).toBe(ShardClientUtil.shardIdForGuildId(id, 2) === 1);
    expect(ids.filter((id) => owner.ownsGuild(id)).length).toBeGreaterThan(0);
    expect(ids.filter((id) => !owner.ownsGuild(id)).length).toBeGreaterThan(0);
    expect(owner.label).toBe('shard 1 of 2');
    expect(shardOwnership(null).ownsGuild(ids[0]!)).toBe(true);
  });
});
