/**
 * The scheduled tasks' fan-out on real Redis: two "processes" in one jest process, each
 * a TaskFanOut owning one of two shards, as two cluster processes would. A job taken by
 * one side returns both sides' parts; a process that is registered but does not answer
 * is named; one that stopped renewing its registry entry is not waited for and its
 * shards are reported without a process.
 */
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { createLogger } from '../../../src/lib/logging';
import { redisKeys } from '../../../src/lib/redis-namespace';
import type { ShardOwnership } from '../../../src/lib/sharding/ownership';
import { TaskFanOut, type FanOutResult } from '../../../src/lib/tasks/fan-out';
import { ProcessRegistry } from '../../../src/lib/tasks/process-registry';
import { leaseRedisDatabase, type TestRedis } from '../../support/redis';
import { guildIdOnShard, ownershipOf } from '../../support/shards';
import { waitUntil } from '../../support/wait';

jest.setTimeout(30_000);

const logger = createLogger('test.fan-out');
/** Servers of both shards, as the database would list them for every process. */
const GUILDS = [guildIdOnShard(0, 2, 0), guildIdOnShard(1, 2, 0), guildIdOnShard(0, 2, 1), guildIdOnShard(1, 2, 1), guildIdOnShard(1, 2, 2)];

let redis: TestRedis;
let command: Redis;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  redis = await leaseRedisDatabase();
  command = new Redis(redis.url);
});

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

afterAll(async () => {
  command?.disconnect();
  await redis?.close();
});

/** A bot process's fan-out: its part of 'staleRaids' "closes" the servers it owns. */
function processOf(shards: ShardOwnership, keys: ReturnType<typeof redisKeys>, options: { part?: () => Promise<unknown>; registryTtlMs?: number } = {}) {
  const ran: string[] = [];
  const part = options.part ?? (async () => ({ closed: GUILDS.filter((guildId) => shards.ownsGuild(guildId)).length }));
  const fanOut = new TaskFanOut({
    redis: async () => command,
    subscriber: () => new Redis(redis.url),
    keys,
    self: { id: `process-${shards.shardIds.join('+')}`, shards: shards.shardIds, shardCount: shards.shardCount },
    partOf: (task) => (task === 'staleRaids' ? () => (ran.push(task), part()) : null),
    logger,
    acceptWaitMs: 1_000,
    ...(options.registryTtlMs === undefined ? {} : { registryTtlMs: options.registryTtlMs }),
  });
  closers.push(() => fanOut.close());
  return { fanOut, ran, part };
}

const freshKeys = () => redisKeys(`fan-out-${randomBytes(4).toString('hex')}`);
const resultsByProcess = (result: FanOutResult) => Object.fromEntries(result.parts.map((part) => [part.process, part.result]));

it("a job taken by one process returns every live process's part for its own servers", async () => {
  const keys = freshKeys();
  const zero = processOf(ownershipOf([0], 2), keys);
  const one = processOf(ownershipOf([1], 2), keys);
  await zero.fanOut.start();
  await one.fanOut.start();

  const result = await zero.fanOut.run('staleRaids', zero.part, 10_000);
  expect(resultsByProcess(result)).toEqual({ 'process-0': { closed: 2 }, 'process-1': { closed: 3 } });
  expect(result.parts.map((part) => [part.process, part.shards])).toEqual([
    ['process-0', [0]],
    ['process-1', [1]],
  ]);
  expect(result.unanswered).toEqual([]);
  expect(result.shardsWithoutProcess).toEqual([]);
  // The taker ran its part itself, not through its own request.
  expect(zero.ran).toEqual([]);
  expect(one.ran).toEqual(['staleRaids']);

  // Either side may take the next job.
  expect(resultsByProcess(await one.fanOut.run('staleRaids', one.part, 10_000))).toEqual({ 'process-1': { closed: 3 }, 'process-0': { closed: 2 } });
});

it("a part that fails is that process's answer; the others' parts still count", async () => {
  const keys = freshKeys();
  const zero = processOf(ownershipOf([0], 2), keys);
  const one = processOf(ownershipOf([1], 2), keys, {
    part: async () => {
      throw new Error('guild cache not ready');
    },
  });
  await zero.fanOut.start();
  await one.fanOut.start();
  const result = await zero.fanOut.run('staleRaids', zero.part, 10_000);
  expect(result.parts).toEqual([
    { process: 'process-0', shards: [0], result: { closed: 2 } },
    { process: 'process-1', shards: [1], error: 'guild cache not ready' },
  ]);
  expect(result.unanswered).toEqual([]);
});

it('names a registered process that does not answer, and its shards are left for the next period', async () => {
  const keys = freshKeys();
  const zero = processOf(ownershipOf([0], 2), keys);
  await zero.fanOut.start();
  // Registered (its entry still live), but it answers nothing: hung, or cut off from Redis's pub/sub.
  await new ProcessRegistry(async () => command, keys.processRegistry).renew({ id: 'process-silent', shards: [1], shardCount: 2 });

  const result = await zero.fanOut.run('staleRaids', zero.part, 10_000);
  expect(result.parts).toEqual([{ process: 'process-0', shards: [0], result: { closed: 2 } }]);
  expect(result.unanswered).toEqual([{ process: 'process-silent', shards: [1] }]);
});

it('waits no longer for a process that stopped renewing its entry; its shards are reported without a process', async () => {
  const keys = freshKeys();
  const zero = processOf(ownershipOf([0], 2), keys);
  await zero.fanOut.start();
  const registry = new ProcessRegistry(async () => command, keys.processRegistry, 200);
  await registry.renew({ id: 'process-crashed', shards: [1], shardCount: 2 });
  expect((await registry.live()).map((process) => process.id)).toEqual(['process-0', 'process-crashed']);
  await waitUntil('the crashed process expires', async () => !(await registry.live()).some((process) => process.id === 'process-crashed'));

  const result = await zero.fanOut.run('staleRaids', zero.part, 10_000);
  expect(result.parts).toEqual([{ process: 'process-0', shards: [0], result: { closed: 2 } }]);
  expect(result.unanswered).toEqual([]);
  expect(result.shardsWithoutProcess).toEqual([1]);
});

it('a process that shut down leaves the registry at once and is not waited for', async () => {
  const keys = freshKeys();
  const zero = processOf(ownershipOf([0], 2), keys);
  const one = processOf(ownershipOf([1], 2), keys);
  await zero.fanOut.start();
  await one.fanOut.start();
  await one.fanOut.close();
  const result = await zero.fanOut.run('staleRaids', zero.part, 10_000);
  expect(result.unanswered).toEqual([]);
  expect(result.shardsWithoutProcess).toEqual([1]);
  expect(one.ran).toEqual([]);
});

it('does not start a part twice in one process: an overlapping request is answered skipped', async () => {
  const keys = freshKeys();
  let release!: () => void;
  const slow = new Promise<void>((resolve) => {
    release = resolve;
  });
  const zero = processOf(ownershipOf([0], 2), keys);
  const one = processOf(ownershipOf([1], 2), keys, { part: () => slow.then(() => ({ closed: 3 })) });
  await zero.fanOut.start();
  await one.fanOut.start();

  // The first job gives up on process 1 (its part is slow) ...
  const first = await zero.fanOut.run('staleRaids', zero.part, 1_500);
  expect(first.unanswered).toEqual([{ process: 'process-1', shards: [1] }]);
  // ... and the next one finds the part still running there.
  const second = await zero.fanOut.run('staleRaids', zero.part, 10_000);
  expect(second.parts[1]).toEqual({ process: 'process-1', shards: [1], skipped: 'its previous part is still running here' });
  // Once it is done, the next job gets its part again.
  release();
  await waitUntil('process 1 answers with its part again', async () => {
    const next = await zero.fanOut.run('staleRaids', zero.part, 10_000);
    return JSON.stringify(resultsByProcess(next)) === JSON.stringify({ 'process-0': { closed: 2 }, 'process-1': { closed: 3 } });
  });
});
