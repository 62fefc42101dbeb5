/**
 * Reminders survive restarts and an emptied Redis, and never come twice. The bot runs
 * on its test clock at 60× speed; while it is down, its clock is moved on (each start
 * sets TEST_CLOCK_START), as time passes for a bot that is stopped:
 *
 * 1. 18:10 — a raid's slot Thu 2026-12-24 20:00 (Berlin) qualifies; its jobs are planned.
 * 2. The bot stops, Redis is emptied (every job gone), the bot starts at 18:37: it plans
 *    again from the database and the reminder (due 18:45) is posted once.
 * 3. The bot stops after the reminder, Redis is emptied again, the bot starts at 18:52:
 *    the reminder is already recorded as sent, so only "starting now" follows (19:00).
 */
import type { APIMessage } from 'discord-api-types/v10';
import Redis from 'ioredis';
import { createRaidThroughBot, voteSlot, type CreatedRaid } from '../support/member-actions';
import { createRaidGuild, type RaidGuild } from '../support/raid-guild';
import { botMessages } from '../support/read-backs';
import { waitUntil } from '../support/wait';
import { createWorld, type World } from '../support/world';

jest.setTimeout(240_000);

const SPEED = '60';
const DAY = 'Thu 2026-12-24';
const TIME = '20:00';

let world: World;
let redis: Redis;
let alpha: RaidGuild;
let raid: CreatedRaid;

beforeAll(async () => {
  world = await createWorld({ env: { TEST_CLOCK_START: '2026-12-24T18:10:00Z', TEST_CLOCK_SPEED: SPEED } });
  alpha = await createRaidGuild(world, 'Alpha', 3);
  await world.startBot();
  redis = new Redis(world.redisUrl, { maxRetriesPerRequest: 1 });
});

afterAll(async () => {
  redis?.disconnect();
  await world?.stop();
});

const posts = (mark: '⏰' | '▶️'): APIMessage[] =>
  botMessages(world, alpha.participantsChannelId).filter((message) => message.content.startsWith(mark) && message.content.includes(`Raid \`${raid.displayId}\``));
const plannedJobs = () => redis.smembers(`${world.redisKeys.reminderIndexPrefix}${raid.raidId}`);
const reminderJobKeys = () => redis.keys(`bull:${world.redisKeys.reminderQueue}:reminder-*`);

async function restartWithEmptiedRedis(clockStart: string): Promise<void> {
  await world.bot.stop();
  await redis.flushdb();
  expect(await reminderJobKeys()).toEqual([]);
  await world.startBot({ env: { TEST_CLOCK_START: clockStart, TEST_CLOCK_SPEED: SPEED } });
}

it('plans the qualified slot', async () => {
  raid = await createRaidThroughBot(world, alpha, alpha.members[0]!.id, { days: DAY, times: TIME, minPlayers: '2' });
  for (const member of alpha.members.slice(0, 2)) await voteSlot(world, alpha, raid, member.id, [DAY], [TIME]);
  await waitUntil('the reminder and the start are planned', async () => (await plannedJobs()).length === 2, 15_000, world);
  expect(posts('⏰')).toEqual([]);
});

it('after a restart with an emptied Redis between planning and firing, posts the reminder exactly once', async () => {
  await restartWithEmptiedRedis('2026-12-24T18:37:00Z');
  expect(world.bot.transcript()).toMatch(/reminders: planned from the database, 2 pending/);
  await waitUntil('the reminder', () => posts('⏰').length > 0, 60_000, world);
  const [reminder] = posts('⏰');
  expect(world.driver.pings(alpha.participantsChannelId).filter((ping) => ping.messageId === reminder!.id).map((ping) => ping.userId).sort()).toEqual(
    alpha.members.slice(0, 2).map((member) => member.id).sort(),
  );
});

it('after Redis was emptied once the reminder went out, posts only "starting now", and the reminder never again', async () => {
  await restartWithEmptiedRedis('2026-12-24T18:52:00Z');
  // The reminder is late but its slot has not begun: only the claim row keeps it from being posted again.
  expect(world.bot.transcript()).toMatch(/reminders: planned from the database, 1 pending/);
  await waitUntil('"starting now"', () => posts('▶️').length > 0, 60_000, world);
  expect(posts('⏰')).toHaveLength(1);
  expect(posts('▶️')).toHaveLength(1);
  const claims = await world.db.query<{ cache_key: string; sent: boolean }>(
    `SELECT cache_key, message_id <> 0 AS sent FROM debug_mirror_cache WHERE kind = 'reminder_sent' AND raid_id = $1 ORDER BY cache_key`,
    [raid.raidId],
  );
  expect(claims.map((claim) => [claim.cache_key.split(':')[2], claim.sent])).toEqual([
    ['reminder', true],
    ['start', true],
  ]);
});
