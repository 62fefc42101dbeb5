/**
 * `npm start` with more than one shard: discord-hybrid-sharding's ClusterManager
 * splits the shards into clusters (SHARDS_PER_CLUSTER per process) and forks each
 * cluster as a bot process, which learns its shards from the environment the manager
 * gives it (config-sharding.ts). The manager's own respawn is off: every cluster is
 * restarted by the same policy as the one-process bot (`runSupervisor`: at once after
 * `/restart`, with the back-off after a crash), each on its own, so one crashing
 * cluster never takes the others down. A cluster that gives up ends the launcher (the
 * container's restart policy then starts it again) after stopping the others.
 */
import { ClusterManager } from 'discord-hybrid-sharding';
import { describeShards } from '../sharding/ownership';
import type { RestartPolicy } from './backoff';
import { runSupervisor } from './run';

export interface ClusterLaunchOptions {
  /** The bot's entry (dist/index.js). */
  readonly file: string;
  readonly execArgv: readonly string[];
  readonly shardCount: number;
  readonly shardsPerCluster: number;
  readonly token: string;
  readonly policy: RestartPolicy;
  readonly restartRequestedExitCode: number;
  readonly stopTimeoutMs: number;
  readonly log: (line: string) => void;
}

/** Shards 0..count-1 in clusters of `perCluster` (the last one may be smaller). */
export function clusterShardLists(shardCount: number, perCluster: number): number[][] {
  const lists: number[][] = [];
  for (let first = 0; first < shardCount; first += perCluster) {
    lists.push(Array.from({ length: Math.min(perCluster, shardCount - first) }, (_, index) => first + index));
  }
  return lists;
}

/** Runs every cluster until a signal stops them all (0) or one gives up (its exit code). */
export async function runClusters(options: ClusterLaunchOptions): Promise<number> {
  const lists = clusterShardLists(options.shardCount, options.shardsPerCluster);
  const manager = new ClusterManager(options.file, {
    token: options.token,
    totalShards: options.shardCount,
    totalClusters: lists.length,
    shardsPerClusters: options.shardsPerCluster,
    mode: 'process',
    respawn: false,
    execArgv: [...options.execArgv],
  });
  manager.on('debug', (line) => {
    if (/\[(CREATE|DEATH|KILL)\]/.test(line)) options.log(`cluster manager: ${line.trim()}`);
  });
  options.log(`supervisor: ${options.shardCount} shards in ${lists.length} cluster process(es) of up to ${options.shardsPerCluster}`);
  const giveUp = new AbortController();
  const runs = lists.map(async (shardIds, id) => {
    const cluster = manager.createCluster(id, shardIds, options.shardCount);
    const label = `cluster ${id} (${describeShards(shardIds, options.shardCount)})`;
    cluster.on('error', (error: Error) => options.log(`supervisor: ${label}: ${error.message}`));
    const code = await runSupervisor({
      policy: options.policy,
      start: async () => {
        const child = await cluster.spawn(-1);
        if (child === null || child === undefined || !('pid' in child)) throw new Error(`${label} did not start a process`);
        return child;
      },
      // A cluster whose shards are owned elsewhere waits for them inside the bot; an exit 3 (lock taken over during an outage) is restarted to wait again.
      alreadyRunningExitCode: null,
      restartRequestedExitCode: options.restartRequestedExitCode,
      stopTimeoutMs: options.stopTimeoutMs,
      stopSignal: giveUp.signal,
      log: (line) => options.log(line.replace(/^supervisor: /, `supervisor: ${label}: `)),
    });
    if (code !== 0 && !giveUp.signal.aborted) {
      options.log(`supervisor: ${label} gave up; stopping the other clusters`);
      giveUp.abort();
    }
    return code;
  });
  const codes = await Promise.all(runs);
  return codes.find((code) => code !== 0) ?? 0;
}
