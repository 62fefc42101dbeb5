/**
 * The running bot's task fan-out (fan-out.ts), built from the container on first use:
 * only a sharded process has one. Its process id names it in job results and logs:
 * host, pid, the shards it owns and when it started.
 */
import { hostname } from 'node:os';
import { container } from '@sapphire/framework';
import Redis from 'ioredis';
import { redisConnectionOptions } from '../client';
import { createLogger } from '../logging';
import { TaskFanOut } from './fan-out';

let fanOut: TaskFanOut | null = null;

/** The process's fan-out; its part of a task is the task piece's `runOwnPart` (bot-task.ts). */
export function botFanOut(): TaskFanOut {
  if (fanOut !== null) return fanOut;
  const { config, shards, redisKeys } = container;
  const id = `${hostname()}:${process.pid}:${shards.shardIds.join('+')}:${Date.now().toString(36)}`;
  fanOut = new TaskFanOut({
    redis: () => container.redis(),
    subscriber: () => new Redis(redisConnectionOptions(config.redisUrl)),
    keys: redisKeys,
    self: { id, shards: shards.shardIds, shardCount: shards.shardCount },
    partOf: (task) => {
      // Duck-typed: bot-task.ts imports this module.
      const piece = container.stores.get('scheduled-tasks').get(task) as { runsPerShard?: boolean; runOwnPart?: () => Promise<unknown> } | undefined;
      return piece?.runsPerShard === true && piece.runOwnPart !== undefined ? () => piece.runOwnPart!() : null;
    },
    logger: createLogger('dmw.tasks'),
  });
  return fanOut;
}
