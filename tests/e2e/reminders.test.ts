/**
 * Reminders end to end, on the bot's test clock at 60× speed (a minute passes in a
 * second): the slot Thu 2026-12-24 20:00 in Berlin lies 50 minutes after the clock's
 * start, so its reminder (15 minutes before) is due after about 35 s and its start
 * after 50 s. One raid gets its reminder, pinging exactly the slot's members, then
 * "starting now" without a ping; a finished raid, a slot that stopped qualifying and a
 * server with reminders off get nothing — the first raid's start post, due after all of
 * theirs, shows that their time has passed.
 */
import type { APIMessage } from 'discord-api-types/v10';
import Redis from 'ioredis';
import { t } from '../../src/lib/i18n';
import { reminderNonce, reminderClaimKey } from '../../src/lib/reminders/plan';
import { botClock, type BotClock } from '../support/bot-clock';
import { clickFinish, createRaidThroughBot, vote, voteSlot, type CreatedRaid } from '../support/member-actions';
import { createRaidGuild, type RaidGuild } from '../support/raid-guild';
import { botMessages } from '../support/read-backs';
import { waitUntil } from '../support/wait';
import { createWorld, type World } from '../support/world';

jest.setTimeout(240_000);

const CLOCK = { TEST_CLOCK_START: '2026-12-24T18:10:00Z', TEST_CLOCK_SPEED: '60' };
const DAY = 'Thu 2026-12-24';
const TIME = '20:00';
const SLOT_AT = new Date('2026-12-24T19:00:00Z');
const REMINDER_DUE = new Date('2026-12-24T18:45:00Z');
/** What the mapping of emulator timestamps to the bot's clock may be short by: the start line's way through the pipe (≤ 0.5 s real), at speed 60. */
const CLOCK_SLACK_MS = 30_000;

let world: World;
let redis: Redis;
let alpha: RaidGuild;
let bravo: RaidGuild;
let gamma: RaidGuild;
let clock: BotClock;

beforeAll(async () => {
  world = await createWorld({ env: CLOCK });
  alpha = await createRaidGuild(world, 'Alpha', 6);
  bravo = await createRaidGuild(world, 'Bravo', 3);
  gamma = await createRaidGuild(world, 'Gamma', 3, { preferredLocale: 'de' });
  await world.repos.guildPreferences.set(bravo.guild.id, 'reminderMinutesBefore', null);
  await world.startBot();
  clock = botClock(world.bot, CLOCK);
  redis = new Redis(world.redisUrl, { maxRetriesPerRequest: 1 });
});

afterAll(async () => {
  redis?.disconnect();
  await world?.stop();
});

const plannedJobs = (raid: CreatedRaid) => redis.smembers(`${world.redisKeys.reminderIndexPrefix}${raid.raidId}`);
const reminderPosts = (raidGuild: RaidGuild, raid: CreatedRaid, mark: '⏰' | '▶️'): APIMessage[] =>
  botMessages(world, raidGuild.participantsChannelId).filter((message) => message.content.startsWith(mark) && message.content.includes(`Raid \`${raid.displayId}\``));

async function qualifiedRaid(raidGuild: RaidGuild, voters: number[]): Promise<CreatedRaid> {
  const raid = await createRaidThroughBot(world, raidGuild, raidGuild.members[0]!.id, { days: DAY, times: TIME, minPlayers: '2' });
  for (const index of voters) await voteSlot(world, raidGuild, raid, raidGuild.members[index]!.id, [DAY], [TIME]);
  return raid;
}

describe('on the test clock', () => {
  let reminded: CreatedRaid;
  let finished: CreatedRaid;
  let dropped: CreatedRaid;
  let off: CreatedRaid;
  let german: CreatedRaid;

  beforeAll(async () => {
    reminded = await qualifiedRaid(alpha, [0, 1]);
    // Votes the day only: not in the slot, so not pinged.
    await vote(world, alpha.plannerChannelId, reminded.plannerMessageId, alpha.members[2]!.id, 'day', [DAY]);
    finished = await qualifiedRaid(alpha, [0, 3]);
    dropped = await qualifiedRaid(alpha, [4, 5]);
    off = await qualifiedRaid(bravo, [0, 1]);
    german = await qualifiedRaid(gamma, [1, 2]);
    await waitUntil('the qualified slots have their jobs', async () => (await Promise.all([reminded, finished, dropped, german].map(plannedJobs))).every((ids) => ids.length === 2), 15_000, world);
    expect(await plannedJobs(off)).toEqual([]);

    await clickFinish(world, alpha, finished, alpha.members[0]!.id);
    await vote(world, alpha.plannerChannelId, dropped.plannerMessageId, alpha.members[5]!.id, 'time', [TIME]);
    await waitUntil('the finished raid and the dropped slot lose their jobs', async () => (await plannedJobs(finished)).length + (await plannedJobs(dropped)).length === 0, 15_000, world);
    // Everything above happened before the reminders were due.
    expect(clock.at(Date.now()).getTime()).toBeLessThan(REMINDER_DUE.getTime());

    await waitUntil('"starting now" of both reminded raids', () => reminderPosts(alpha, reminded, '▶️').length + reminderPosts(gamma, german, '▶️').length === 2, 150_000, world);
  });

  it('posts the reminder once, pinging exactly the slot members, with the slot as Discord timestamps and a link to the planner', () => {
    const posts = reminderPosts(alpha, reminded, '⏰');
    expect(posts).toHaveLength(1);
    const [post] = posts;
    const unix = SLOT_AT.getTime() / 1000;
    expect(post!.content).toContain(t('en-US', 'reminders.reminder', { dungeon: 'Berserk Arena', displayId: reminded.displayId, when: `<t:${unix}:F>`, relative: `<t:${unix}:R>` }));
    expect(post!.content).toContain(`https://discord.com/channels/${alpha.guild.id}/${alpha.plannerChannelId}/${reminded.plannerMessageId}`);
    const pinged = world.driver.pings(alpha.participantsChannelId).filter((ping) => ping.messageId === post!.id);
    expect(pinged.map((ping) => ping.userId).sort()).toEqual([alpha.members[0]!.id, alpha.members[1]!.id].sort());
    expect(pinged.every((ping) => ping.via === 'user')).toBe(true);
  });

  it('posts it at its time: not before it is due, before the slot starts; then "starting now" at the start, without a ping', async () => {
    const [reminder] = reminderPosts(alpha, reminded, '⏰');
    const [start] = reminderPosts(alpha, reminded, '▶️');
    const remindedAt = clock.at(Date.parse(reminder!.timestamp));
    const startedAt = clock.at(Date.parse(start!.timestamp));
    expect(remindedAt.getTime()).toBeGreaterThanOrEqual(REMINDER_DUE.getTime() - CLOCK_SLACK_MS);
    expect(remindedAt.getTime()).toBeLessThan(SLOT_AT.getTime());
    expect(startedAt.getTime()).toBeGreaterThanOrEqual(SLOT_AT.getTime() - CLOCK_SLACK_MS);
    expect(reminderPosts(alpha, reminded, '▶️')).toHaveLength(1);
    expect(world.driver.pings(alpha.participantsChannelId).filter((ping) => ping.messageId === start!.id)).toEqual([]);
    // The bot's own account of its clock agrees: posted at or after due.
    const loggedLateness = () =>
      world.bot.lines.map((line) => /raid \d+: (?:reminder|start) for .* posted \(.*, (-?\d+) ms late\)/.exec(line.text)?.[1]).filter((late) => late !== undefined);
    await waitUntil('the bot logged its four posts (reminder and start of two raids)', () => loggedLateness().length === 4, 10_000, world);
    const logged = loggedLateness();
    for (const late of logged) expect(Number(late)).toBeGreaterThanOrEqual(0);
  });

  it('costs one REST call per post: the POST of the message, never repeated', () => {
    const claimKey = reminderClaimKey(reminded.raidId, DAY, TIME, 'reminder');
    const posts = world.driver.restCalls({ method: 'POST', route: '/channels/:channel_id/messages' }).filter((call) => (call.body as { nonce?: string }).nonce === reminderNonce(claimKey));
    expect(posts).toHaveLength(1);
    const [reminder] = reminderPosts(alpha, reminded, '⏰');
    // Around it (the other server's reminder is due at the same moment), nothing but reminder posts: no fetch, no edit.
    const around = world.driver.restCalls().filter((call) => Math.abs(call.startedAt - Date.parse(reminder!.timestamp)) < 150);
    const isReminderPost = (call: (typeof around)[number]) => call.method === 'POST' && (call.body as { enforce_nonce?: boolean } | null)?.enforce_nonce === true;
    expect(around.filter((call) => !isReminderPost(call)).map((call) => `${call.method} ${call.route}`)).toEqual([]);
  });

  it('speaks the server language', () => {
    const [post] = reminderPosts(gamma, german, '⏰');
    expect(post!.content).toContain(t('de', 'reminders.planner', { link: `https://discord.com/channels/${gamma.guild.id}/${gamma.plannerChannelId}/${german.plannerMessageId}` }));
    expect(post!.content).toContain('beginnt <t:');
  });

  it('never reminds of a finished raid, a slot that stopped qualifying, or on a server with reminders off', () => {
    expect([...reminderPosts(alpha, finished, '⏰'), ...reminderPosts(alpha, finished, '▶️')]).toEqual([]);
    expect([...reminderPosts(alpha, dropped, '⏰'), ...reminderPosts(alpha, dropped, '▶️')]).toEqual([]);
    expect([...reminderPosts(bravo, off, '⏰'), ...reminderPosts(bravo, off, '▶️')]).toEqual([]);
  });
});
