/**
 * Redis unavailable while the bot runs, on a redis-server of this test's own (random
 * loopback port, append-only file in a temporary directory), stopped and started
 * again: raid interactions keep working meanwhile (they need only PostgreSQL and
 * Discord), and the scheduled jobs resume by themselves once Redis is back — seen in
 * the queue's completed jobs (the log forwarder runs every 5 seconds).
 */
import Redis from 'ioredis';
import { createRaidThroughBot, voteSlot } from '../support/member-actions';
import { createRaidGuild, type RaidGuild } from '../support/raid-guild';
import { trackedMessagesOf } from '../support/read-backs';
import { DAY, PINNED_CLOCK } from '../support/test-clock';
import { waitUntil } from '../support/wait';
import { createWorld, type World } from '../support/world';

jest.setTimeout(150_000);

let world: World;
let guild: RaidGuild;

/** When the last scheduled job finished (the score of BullMQ's completed set), or 0. */
async function lastJobFinishedAt(): Promise<number> {
  const client = new Redis({ port: world.privateRedis!.port, host: '127.0.0.1', maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    const [, score] = await client.zrevrange(`bull:${world.redisKeys.taskQueue}:completed`, 0, 0, 'WITHSCORES');
    return score === undefined ? 0 : Number(score);
  } finally {
    client.disconnect();
  }
}

beforeAll(async () => {
  world = await createWorld({ redis: 'own', env: PINNED_CLOCK });
  guild = await createRaidGuild(world, 'Redis Outage Guild', 3);
  // The log forwarder (every 5 s) runs only with a log channel: a steady stream of jobs to watch.
  const operators = world.emulator.driver.createGuild({ name: 'Operators' });
  const logChannelId = world.emulator.driver.createChannel(operators.id, { name: 'bot-log' }).id;
  await world.startBot({ env: { LOG_GUILD_ID: operators.id, LOG_CHANNEL_ID: logChannelId } });
});

afterAll(async () => {
  await world?.stop();
});

it('raid interactions work while Redis is down, and the scheduled jobs resume when it is back', async () => {
  await waitUntil('scheduled jobs run', async () => (await lastJobFinishedAt()) > 0, 30_000, world);

  await world.privateRedis!.stop();
  const [creator, m1, m2] = guild.members as [typeof guild.members[0], typeof guild.members[0], typeof guild.members[0]];
  const raid = await createRaidThroughBot(world, guild, creator.id, { days: 'Sat', times: '20:00', minPlayers: '2' });
  for (const member of [m1, m2]) {
    await voteSlot(world, guild, raid, member.id, ['Sat'], ['20:00']);
  }
  await waitUntil('the participant list is posted without Redis', async () => (await trackedMessagesOf(world, raid.raidId)).slots.get(`${DAY.Sat} 20:00`) != null, 15_000, world);
  expect(world.bot.exited).toBe(false);
  // Without the ping memory nobody can be known as not yet pinged: the list notifies nobody rather than risk a second ping.
  expect(world.emulator.driver.pings(guild.participantsChannelId)).toEqual([]);

  const backAt = Date.now();
  await world.privateRedis!.start();
  await waitUntil('scheduled jobs run again', async () => (await lastJobFinishedAt()) > backAt, 60_000, world);
  expect(world.bot.exited).toBe(false);

  const finish = await world.emulator.driver.clickButton({ channelId: guild.plannerChannelId, messageId: raid.plannerMessageId, userId: creator.id, label: 'Finish raid' });
  await finish.reply();
  await waitUntil('the raid is finished', async () => (await world.repos.raids.openRaidsOfGuild(guild.guild.id)).length === 0, 15_000, world);
});
