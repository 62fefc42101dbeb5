/**
 * Reminders with real parts: BullMQ on Redis, PostgreSQL of the production schema, a
 * discord.js REST client on the Discord emulator. The planner's jobs per raid, slot and
 * kind; the claim that makes a post happen once, across two "processes", after a
 * failure and after Redis lost its jobs; and the worker firing on a fast clock.
 */
import type { APIMessage } from 'discord-api-types/v10';
import { Routes } from 'discord.js';
import { redisConnectionOptions } from '../../../src/lib/client';
import { createLogger } from '../../../src/lib/logging';
import { GuildTime } from '../../../src/lib/raids/services';
import type { RaidState } from '../../../src/lib/raids/types';
import {
  CLAIM_LEASE_SECONDS,
  ReminderFiring,
  ReminderPlanner,
  ReminderWorker,
  reminderClaimKey,
  reminderJobId,
  reminderNonce,
  renderReminder,
  type ReminderJobData,
} from '../../../src/lib/reminders';
import { clockStartingAt, type Clock } from '../../../src/lib/time';
import { createRaidGuild, type RaidGuild } from '../../support/raid-guild';
import { leaseRedisDatabase, type TestRedis } from '../../support/redis';
import { waitUntil } from '../../support/wait';
import { startRestoreBed, type RestoreBed } from '../restore/support';

jest.setTimeout(60_000);

/** The clock starts at 19:40 in Berlin; the slot Thu 2026-12-24 20:00 (19:00 UTC) is 20 minutes ahead. */
const START = new Date('2026-12-24T18:40:00Z');
const DAY = 'Thu 2026-12-24';
const TIME = '20:00';
const SLOT_AT = new Date('2026-12-24T19:00:00Z');
const logger = createLogger('test.reminders');

let bed: RestoreBed;
let redis: TestRedis;
let home: RaidGuild;
let queueNumber = 0;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  bed = await startRestoreBed();
  redis = await leaseRedisDatabase();
  home = await createRaidGuild(bed, 'Reminders', 4);
  await bed.login();
});

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

afterAll(async () => {
  await redis?.close();
  await bed?.close();
});

/** The reminder parts of one process on its own queue (or a queue shared with another "process"). */
function processParts(clock: Clock, queueName = `reminders-${++queueNumber}`) {
  const time = new GuildTime(bed.repos.guildPreferences, clock, 'Europe/Berlin');
  const connection = redisConnectionOptions(redis.url);
  const planner = new ReminderPlanner(bed.repos, time, { queueName, indexPrefix: `${queueName}:raid:`, planMarker: `${queueName}:planned`, connection }, logger);
  const firing = new ReminderFiring({ rest: bed.client.rest, repos: bed.repos, time, localeOf: () => 'en-US', logger });
  closers.push(() => planner.close());
  return { planner, firing, time, queueName, connection };
}

async function qualifiedRaid(voters = home.members.slice(0, 2)): Promise<RaidState> {
  const votes = Object.fromEntries(voters.map((member) => [member.id, [[DAY], [TIME]] as [string[], string[]]]));
  return bed.createRaid(home, { days: [DAY, 'Fri 2026-12-25'], times: [TIME], minPlayers: 2, votes });
}

const jobData = (state: RaidState, kind: 'reminder' | 'start'): ReminderJobData => ({ raidId: state.raid.id, guildId: state.raid.guildId, kind, day: DAY, time: TIME, dueAt: '' });
const noDelay = async () => {
  throw new Error('the job was not due');
};
const postsOf = (state: RaidState): APIMessage[] =>
  bed.emulator.driver.messages(home.participantsChannelId).filter((message) => message.content.includes(`Raid \`${state.raid.displayId}\``));

describe('the planner', () => {
  it('plans a delayed job per qualified slot and kind, and follows votes, settings and the end of the raid', async () => {
    const { planner } = processParts(clockStartingAt(START));
    const state = await qualifiedRaid();
    const ids = [reminderJobId(state.raid.id, DAY, TIME, 'reminder'), reminderJobId(state.raid.id, DAY, TIME, 'start')].sort();
    await planner.plan(state.raid.id);
    expect(await planner.plannedJobIds(state.raid.id)).toEqual(ids);
    const reminder = (await planner.queue.getJob(ids[0]!.endsWith('reminder') ? ids[0]! : ids[1]!))!;
    expect(await reminder.getState()).toBe('delayed');
    expect(reminder.data).toMatchObject({ kind: 'reminder', day: DAY, time: TIME, dueAt: '2026-12-24T18:45:00.000Z' });
    // Five minutes of the clock at speed 1: five real minutes (give or take the test's own time).
    expect(reminder.delay).toBeGreaterThan(4 * 60_000);
    expect(reminder.delay).toBeLessThanOrEqual(5 * 60_000);

    // Planning again changes nothing.
    await planner.plan(state.raid.id);
    expect((await planner.queue.getJob(reminder.id!))!.timestamp).toBe(reminder.timestamp);

    // A longer lead moves the reminder.
    await bed.repos.guildPreferences.set(home.guild.id, 'reminderMinutesBefore', 10);
    await planner.replanGuild(home.guild.id);
    expect((await planner.queue.getJob(reminder.id!))!.data.dueAt).toBe('2026-12-24T18:50:00.000Z');

    // A voter leaves: the slot no longer qualifies, its jobs go.
    await bed.repos.raids.toggleVotes(state.raid.id, home.members[1]!.id, 'time', [TIME]);
    await planner.plan(state.raid.id);
    expect(await planner.plannedJobIds(state.raid.id)).toEqual([]);
    expect(await planner.queue.getJob(reminder.id!)).toBeUndefined();

    // Back again, then off.
    await bed.repos.raids.toggleVotes(state.raid.id, home.members[1]!.id, 'time', [TIME]);
    await planner.plan(state.raid.id);
    expect(await planner.plannedJobIds(state.raid.id)).toEqual(ids);
    await bed.repos.guildPreferences.set(home.guild.id, 'reminderMinutesBefore', null);
    await planner.replanGuild(home.guild.id);
    expect(await planner.plannedJobIds(state.raid.id)).toEqual([]);

    await bed.repos.guildPreferences.reset(home.guild.id, 'reminderMinutesBefore');
    await planner.plan(state.raid.id);
    await bed.repos.raids.cancelRaid(state.raid.id);
    await planner.plan(state.raid.id);
    expect(await planner.plannedJobIds(state.raid.id)).toEqual([]);
    expect(await planner.queue.getJobCountByTypes('delayed', 'waiting')).toBe(0);
  });

  it('plans again from the database after Redis lost everything, but never a post already sent', async () => {
    const { planner, firing } = processParts(clockStartingAt(new Date('2026-12-24T18:45:00Z')));
    const state = await qualifiedRaid();
    await planner.replanAll();
    expect(await firing.fire(jobData(state, 'reminder'), noDelay)).toMatchObject({ outcome: 'sent' });

    const client = (await planner.queue.client) as unknown as { flushdb(): Promise<unknown> };
    await client.flushdb();
    await planner.replanAll();
    expect(await planner.plannedJobIds(state.raid.id)).toEqual([reminderJobId(state.raid.id, DAY, TIME, 'start')]);
    expect(postsOf(state)).toHaveLength(1);
  });
});

describe('a post', () => {
  it('goes out once when two processes fire it at the same moment', async () => {
    const clock = clockStartingAt(new Date('2026-12-24T18:45:00Z'));
    const one = processParts(clock);
    const two = processParts(clock);
    const state = await qualifiedRaid();
    const outcomes = await Promise.allSettled([one.firing.fire(jobData(state, 'reminder'), noDelay), two.firing.fire(jobData(state, 'reminder'), noDelay)]);
    const described = outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value.outcome : (outcome.reason as Error).name)).sort();
    expect(described[1]).toBe('sent');
    expect(['alreadySent', 'ReminderClaimedElsewhereError']).toContain(described[0]);
    // The loser's retry finds it sent.
    expect(await two.firing.fire(jobData(state, 'reminder'), noDelay)).toEqual({ outcome: 'alreadySent' });

    const posts = postsOf(state);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.mentions.map((user) => user.id).sort()).toEqual(home.members.slice(0, 2).map((member) => member.id).sort());
  });

  it('is tried again after a failure, and the retry of a post Discord got after all returns that message (nonce)', async () => {
    const { firing } = processParts(clockStartingAt(new Date('2026-12-24T18:45:00Z')));
    const state = await qualifiedRaid();
    const fault = bed.emulator.faults.failNext({ method: 'POST', route: `/channels/${home.participantsChannelId}/messages`, status: 500, times: 10 });
    await expect(firing.fire(jobData(state, 'reminder'), noDelay)).rejects.toThrow();
    fault.cancel();
    expect(postsOf(state)).toHaveLength(0);

    // The first attempt reached Discord, but its answer was lost (and the claim released).
    const claimKey = reminderClaimKey(state.raid.id, DAY, TIME, 'reminder');
    const payload = renderReminder({ raid: state.raid, kind: 'reminder', slotAt: SLOT_AT, userIds: [], locale: 'en-US', nonce: reminderNonce(claimKey) });
    const lost = (await bed.client.rest.post(Routes.channelMessages(home.participantsChannelId), { body: payload })) as APIMessage;
    const retried = await firing.fire(jobData(state, 'reminder'), noDelay);
    expect(retried).toMatchObject({ outcome: 'sent', messageId: lost.id });
    expect(postsOf(state)).toHaveLength(1);
  });

  it('waits while another attempt holds a live claim, and takes over once its lease ran out (that process died)', async () => {
    const { firing } = processParts(clockStartingAt(new Date('2026-12-24T18:45:00Z')));
    const state = await qualifiedRaid();
    const claimKey = reminderClaimKey(state.raid.id, DAY, TIME, 'reminder');
    expect(await bed.repos.reminderClaims.claim({ claimKey, guildId: state.raid.guildId, raidId: state.raid.id }, 'dead-process', CLAIM_LEASE_SECONDS)).toBe('claimed');
    await expect(firing.fire(jobData(state, 'reminder'), noDelay)).rejects.toThrow(/another attempt/);
    await bed.db.query(`UPDATE debug_mirror_cache SET updated_at = now() - interval '${CLAIM_LEASE_SECONDS + 1} seconds' WHERE cache_key = $1`, [claimKey]);
    expect(await firing.fire(jobData(state, 'reminder'), noDelay)).toMatchObject({ outcome: 'sent' });
    expect(postsOf(state)).toHaveLength(1);
  });

  it('is not made for a closed raid, a slot that stopped qualifying, or after its last moment', async () => {
    const { firing } = processParts(clockStartingAt(new Date('2026-12-24T18:45:00Z')));
    const closed = await qualifiedRaid();
    await bed.repos.raids.finishRaid(closed.raid.id);
    expect(await firing.fire(jobData(closed, 'reminder'), noDelay)).toEqual({ outcome: 'raidClosed' });
    const dropped = await qualifiedRaid();
    await bed.repos.raids.toggleVotes(dropped.raid.id, home.members[0]!.id, 'day', [DAY]);
    expect(await firing.fire(jobData(dropped, 'reminder'), noDelay)).toEqual({ outcome: 'notQualified' });
    const late = processParts(clockStartingAt(SLOT_AT));
    const state = await qualifiedRaid();
    expect(await late.firing.fire(jobData(state, 'reminder'), noDelay)).toEqual({ outcome: 'tooLate' });
    expect([...postsOf(closed), ...postsOf(dropped), ...postsOf(state)]).toEqual([]);
  });
});

describe('the worker', () => {
  it('posts the reminder at its time and "starting now" at the start, once each (clock at 600× speed)', async () => {
    const clock = clockStartingAt(START, undefined, 600);
    const { planner, firing, queueName, connection } = processParts(clock);
    const worker = new ReminderWorker(queueName, connection, firing, logger);
    closers.push(() => worker.close());
    const state = await qualifiedRaid();
    await planner.plan(state.raid.id);
    worker.start();
    await waitUntil("both posts are made", () => postsOf(state).length === 2, 20_000);
    const [reminder, start] = postsOf(state);
    expect(reminder!.content).toContain(`<t:${SLOT_AT.getTime() / 1000}:R>`);
    expect(reminder!.mentions).toHaveLength(2);
    expect(start!.mentions).toEqual([]);
    // The post is visible a moment before its job records it as done.
    await waitUntil('both jobs complete', async () => (await planner.queue.getJobCountByTypes('completed')) === 2, 10_000);
    const completed = await planner.queue.getJobs(['completed']);
    expect(completed.map((job) => job.returnvalue.outcome).sort()).toEqual(['sent', 'sent']);
    for (const job of completed) expect(job.returnvalue.outcome === 'sent' && job.returnvalue.lateMs).toBeGreaterThanOrEqual(0);
  });

  it('holds back a job that fires before its time (planned by another clock) until the post is due', async () => {
    const clock = clockStartingAt(START, undefined, 600);
    const { planner, firing, queueName, connection } = processParts(clock);
    const worker = new ReminderWorker(queueName, connection, firing, logger);
    closers.push(() => worker.close());
    const state = await qualifiedRaid();
    // Due at 18:45, half a real second away; the job was added to fire at once.
    await planner.queue.add('reminder', { ...jobData(state, 'reminder'), dueAt: '2026-12-24T18:45:00.000Z' }, { jobId: reminderJobId(state.raid.id, DAY, TIME, 'reminder') });
    const dueReal = Date.now() + clock.realMsUntil(new Date('2026-12-24T18:45:00Z'));
    worker.start();
    await waitUntil('the reminder', () => postsOf(state).length === 1, 20_000);
    expect(Date.parse(postsOf(state)[0]!.timestamp)).toBeGreaterThanOrEqual(dueReal - 5);
    await waitUntil('the job completes', async () => (await planner.queue.getJobCountByTypes('completed')) === 1, 10_000);
    const [job] = await planner.queue.getJobs(['completed']);
    expect(job!.returnvalue).toMatchObject({ outcome: 'sent' });
    // Started twice (early, then due), counted as one attempt: waiting costs none of its retries.
    expect([job!.attemptsStarted, job!.attemptsMade]).toEqual([2, 1]);
  });
});
