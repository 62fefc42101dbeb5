/**
 * Reminders of a sharded bot, with real parts (BullMQ on Redis, PostgreSQL, the Discord
 * emulator): two "processes" in one jest process, owning shard 0 and shard 1 of 2. Each
 * plans its own servers' raids on its own shard's queue and posts only their
 * reminders; after Redis was emptied each plans its own again. Unsharded, the one queue
 * and keys of the one-process bot.
 */
import type { APIMessage } from 'discord-api-types/v10';
import { ShardClientUtil } from 'discord.js';
import Redis from 'ioredis';
import { RaidServices } from '../../../src/lib/raids/services';
import type { RaidState } from '../../../src/lib/raids/types';
import { redisKeys } from '../../../src/lib/redis-namespace';
import { createReminders, reminderJobId, type Reminders } from '../../../src/lib/reminders';
import { shardOwnership, type ShardOwnership } from '../../../src/lib/sharding/ownership';
import { clockStartingAt, type Clock } from '../../../src/lib/time';
import { createRaidGuild, type RaidGuild } from '../../support/raid-guild';
import { leaseRedisDatabase, type TestRedis } from '../../support/redis';
import { ownershipOf } from '../../support/shards';
import { waitUntil } from '../../support/wait';
import { startRestoreBed, type RestoreBed } from '../restore/support';

jest.setTimeout(60_000);

/** 19:40 in Berlin; the slot Thu 2026-12-24 20:00 is 20 minutes ahead, its reminder (15 min) 15. */
const START = new Date('2026-12-24T18:40:00Z');
const DAY = 'Thu 2026-12-24';
const TIME = '20:00';

let bed: RestoreBed;
let redis: TestRedis;
/** A server on shard 0 and one on shard 1 (of 2), by Discord's rule. */
const guilds: RaidGuild[] = [];
let namespaceNumber = 0;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  bed = await startRestoreBed();
  redis = await leaseRedisDatabase();
  // The emulator's ids are real snowflakes; servers are made until each shard has one.
  for (let attempt = 0; attempt < 200 && guilds.filter(Boolean).length < 2; attempt += 1) {
    const guild = await createRaidGuild(bed, `Shard guild ${attempt}`, 3);
    guilds[ShardClientUtil.shardIdForGuildId(guild.guild.id, 2)] ??= guild;
  }
  expect(guilds.filter(Boolean)).toHaveLength(2);
  await bed.login();
});

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

afterAll(async () => {
  await redis?.close();
  await bed?.close();
});

/** A process's reminders: its raid services and reminder lanes, for the servers `shards` owns. */
function processReminders(shards: ShardOwnership, clock: Clock, namespace: string): Reminders {
  const services = new RaidServices(bed.client, bed.repos, { slots: { listsPerRaid: 5, pings: null }, voteLimiter: null, raidLimits: null, clock, defaultTimeZone: 'Europe/Berlin', shards });
  const reminders = createReminders(bed.client, bed.repos, services, { redisUrl: redis.url, redisNamespace: namespace });
  closers.push(() => reminders.close());
  return reminders;
}

function qualifiedRaid(guild: RaidGuild): Promise<RaidState> {
  const votes = Object.fromEntries(guild.members.slice(0, 2).map((member) => [member.id, [[DAY], [TIME]] as [string[], string[]]]));
  return bed.createRaid(guild, { days: [DAY], times: [TIME], minPlayers: 2, votes });
}

const jobIdsOf = (state: RaidState) => [reminderJobId(state.raid.id, DAY, TIME, 'reminder'), reminderJobId(state.raid.id, DAY, TIME, 'start')].sort();
const postsOf = (guild: RaidGuild, state: RaidState): APIMessage[] =>
  bed.emulator.driver.messages(guild.participantsChannelId).filter((message) => message.content.includes(`Raid \`${state.raid.displayId}\``));

it("each process plans only its own servers' raids, on its own shard's queue, and plans them again after Redis was emptied", async () => {
  const namespace = `shard-reminders-${++namespaceNumber}`;
  const [r0, r1] = [await qualifiedRaid(guilds[0]!), await qualifiedRaid(guilds[1]!)];
  const zero = processReminders(ownershipOf([0], 2), clockStartingAt(START), namespace);
  const one = processReminders(ownershipOf([1], 2), clockStartingAt(START), namespace);
  expect(zero.queues.map((queue) => queue.name)).toEqual([`${namespace}.reminders.shard-0-of-2`]);
  expect(one.queues.map((queue) => queue.name)).toEqual([`${namespace}.reminders.shard-1-of-2`]);

  await zero.start();
  await one.start();
  expect(await zero.planner.plannedJobIds(r0.raid.id)).toEqual(jobIdsOf(r0));
  expect(await zero.planner.plannedJobIds(r1.raid.id)).toEqual([]);
  expect(await one.planner.plannedJobIds(r1.raid.id)).toEqual(jobIdsOf(r1));
  expect(await one.planner.plannedJobIds(r0.raid.id)).toEqual([]);
  // A vote elsewhere (another process's raid) is not this process's to plan.
  await zero.plan(r1.raid.id);
  expect(await zero.queues[0]!.getJob(jobIdsOf(r1)[0]!)).toBeUndefined();
  // Nothing under the unsharded queue's name or index.
  const keys = redisKeys(namespace);
  const direct = new Redis(redis.url);
  try {
    expect(await direct.keys(`bull:${keys.reminderQueue}:*`)).toEqual([]);
    expect(await direct.keys(`${keys.reminderIndexPrefix}*`)).toEqual([]);

    await direct.flushdb();
    await zero.planner.replanAll();
    await one.planner.replanAll();
  } finally {
    direct.disconnect();
  }
  expect(await zero.planner.plannedJobIds(r0.raid.id)).toEqual(jobIdsOf(r0));
  expect(await zero.planner.plannedJobIds(r1.raid.id)).toEqual([]);
  expect(await one.planner.plannedJobIds(r1.raid.id)).toEqual(jobIdsOf(r1));
  expect(await one.planner.plannedJobIds(r0.raid.id)).toEqual([]);
});

it("each process posts its own servers' reminders (clock at 600× speed)", async () => {
  const namespace = `shard-reminders-${++namespaceNumber}`;
  const [r0, r1] = [await qualifiedRaid(guilds[0]!), await qualifiedRaid(guilds[1]!)];
  const zero = processReminders(ownershipOf([0], 2), clockStartingAt(START, undefined, 600), namespace);
  const one = processReminders(ownershipOf([1], 2), clockStartingAt(START, undefined, 600), namespace);
  await zero.start();
  await one.start();
  await waitUntil('both raids have their two posts', () => postsOf(guilds[0]!, r0).length === 2 && postsOf(guilds[1]!, r1).length === 2, 30_000);
  await waitUntil('the jobs of both raids completed', async () => {
    const done = [...(await zero.queues[0]!.getJobs(['completed'])), ...(await one.queues[0]!.getJobs(['completed']))].map((job) => job.id);
    return [...jobIdsOf(r0), ...jobIdsOf(r1)].every((id) => done.includes(id));
  });
  const completedIn = async (reminders: Reminders) => (await reminders.queues[0]!.getJobs(['completed'])).map((job) => job.data.guildId);
  expect(new Set(await completedIn(zero))).toEqual(new Set([guilds[0]!.guild.id]));
  expect(new Set(await completedIn(one))).toEqual(new Set([guilds[1]!.guild.id]));
});

it("unsharded, one process plans every server's raids on the one-process bot's queue and keys", async () => {
  const namespace = `shard-reminders-${++namespaceNumber}`;
  const [r0, r1] = [await qualifiedRaid(guilds[0]!), await qualifiedRaid(guilds[1]!)];
  const only = processReminders(shardOwnership(null), clockStartingAt(START), namespace);
  const keys = redisKeys(namespace);
  expect(only.queues.map((queue) => queue.name)).toEqual([keys.reminderQueue]);
  await only.start();
  expect(await only.planner.plannedJobIds(r0.raid.id)).toEqual(jobIdsOf(r0));
  expect(await only.planner.plannedJobIds(r1.raid.id)).toEqual(jobIdsOf(r1));
  const direct = new Redis(redis.url);
  try {
    expect(await direct.smembers(`${keys.reminderIndexPrefix}${r1.raid.id}`)).toEqual(expect.arrayContaining(jobIdsOf(r1)));
    expect(await direct.exists(keys.reminderPlanMarker)).toBe(1);
  } finally {
    direct.disconnect();
  }
});
