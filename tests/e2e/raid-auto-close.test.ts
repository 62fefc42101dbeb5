/**
 * Time-aware raids end to end, with the bot's test clock (TEST_CLOCK_START): dated
 * slots show Discord timestamps in the server's zone in participant lists, the raid
 * list and /status; then the bot "lives" four hours after Saturday's 20:00 slot and the
 * stale-raids task closes what is over — a raid with a qualified slot finished with
 * attendance, one without cancelled, each planner saying it closed automatically, lists
 * and role cleaned up — while a raid within its grace period, a raid in a later zone
 * and the old bot's raids younger than seven days stay open.
 */
import { Queue } from 'bullmq';
import type { APIMessage } from 'discord-api-types/v10';
import { redisConnectionOptions } from '../../src/lib/client';
import { t } from '../../src/lib/i18n';
import { TASK_NAMES } from '../../src/lib/tasks/task-names';
import { createRaidThroughBot, voteSlot, type CreatedRaid } from '../support/member-actions';
import { createRaidGuild, type RaidGuild } from '../support/raid-guild';
import { botMessages, plannerOf, settle } from '../support/read-backs';
import { waitUntil } from '../support/wait';
import { createWorld, type World } from '../support/world';

jest.setTimeout(180_000);

const SAT = 'Sat 2026-12-26';
/** Sat 2026-12-26 20:00 in Berlin (19:00 UTC) and in New York (01:00 UTC on Sunday). */
const SAT_20_BERLIN = 1798311600;
const SAT_20_NEW_YORK = 1798333200;
/** The bot's clock: two days before the raids, then four hours after Saturday 20:00 in Berlin. */
const BEFORE = '2026-12-24T12:00:00Z';
const AFTER = '2026-12-26T23:00:00Z';
const stamp = (unix: number) => `<t:${unix}:F> (<t:${unix}:R>)`;
const closedTitle = (reason: Parameters<typeof t>[1]) => t('en-US', 'closed.title', { reason: t('en-US', reason as never) });

let world: World;
let berlin: RaidGuild;
let newYork: RaidGuild;
let queue: Queue;
/** A: qualified Sat 20:00; B: Sat 20:00, nobody qualified; C: Sat 20:00 and 22:30 (still within grace); NY: Sat 20:00 New York time. */
let finished: CreatedRaid;
let cancelled: CreatedRaid;
let withinGrace: CreatedRaid;
let elsewhere: CreatedRaid;
/** The old bot's raids (free-text labels): eight and six days old at AFTER. */
let oldStale: number;
let oldYoung: number;

async function oldBotRaid(dungeon: string, daysBeforeAfter: number): Promise<number> {
  const state = await world.repos.raids.createRaid({ guildId: berlin.guild.id, channelId: berlin.plannerChannelId, creatorId: berlin.members[0]!.id, dungeon, days: ['Samstag'], times: ['abends'], minPlayers: 1 });
  const createdAt = new Date(Date.parse(AFTER) - daysBeforeAfter * 86_400_000).toISOString();
  // Its planner as the old bot left it (restoration brings it into today's form).
  const planner = world.emulator.world.createMessage({ channelId: berlin.plannerChannelId, authorId: world.emulator.bot.userId, content: '', embeds: [{ title: `Raid: ${dungeon}` }] });
  await world.db.query(`UPDATE raids SET created_at = (CAST($2 AS timestamptz) AT TIME ZONE 'UTC'), message_id = $3 WHERE id = $1`, [state.raid.id, createdAt, planner.id]);
  return state.raid.id;
}

beforeAll(async () => {
  world = await createWorld({ env: { TEST_CLOCK_START: BEFORE } });
  berlin = await createRaidGuild(world, 'Berlin Raiders', 4);
  newYork = await createRaidGuild(world, 'NY Raiders', 2);
  await world.repos.guildPreferences.set(newYork.guild.id, 'timeZone', 'America/New_York');
  oldStale = await oldBotRaid('Crack of Devimon (Instance Dungeon)', 8);
  oldYoung = await oldBotRaid('Crack of Devimon (Instance Dungeon)', 6);
  await world.startBot();
  queue = new Queue(world.redisKeys.taskQueue, { connection: redisConnectionOptions(world.redisUrl) });

  const [creator, first, second] = berlin.members.map((member) => member.id) as [string, string, string];
  finished = await createRaidThroughBot(world, berlin, creator, { dungeon: 'Berserk Arena', days: SAT, times: '20:00', minPlayers: '1' });
  await voteSlot(world, berlin, finished, first, [SAT], ['20:00']);
  cancelled = await createRaidThroughBot(world, berlin, creator, { dungeon: 'Shopping Mall', days: SAT, times: '20:00', minPlayers: '2' });
  await voteSlot(world, berlin, cancelled, first, [SAT], ['20:00']);
  withinGrace = await createRaidThroughBot(world, berlin, creator, { dungeon: 'Ancient Ruins of Secret', days: SAT, times: '20:00, 22:30', minPlayers: '1' });
  await voteSlot(world, berlin, withinGrace, second, [SAT], ['22:30']);
  elsewhere = await createRaidThroughBot(world, newYork, newYork.members[0]!.id, { dungeon: 'Berserk Arena', days: SAT, times: '20:00', minPlayers: '1' });
  await voteSlot(world, newYork, elsewhere, newYork.members[1]!.id, [SAT], ['20:00']);
  await settle(world);
});

afterAll(async () => {
  await queue?.close();
  await world?.stop();
});

const rowExists = async (raidId: number) => (await world.db.query('SELECT 1 FROM raids WHERE id = $1', [raidId])).length > 0;
const listsIn = (guild: RaidGuild) => botMessages(world, guild.participantsChannelId).map((message) => message.content);
const raidListOf = (guild: RaidGuild): string => botMessages(world, guild.raidListChannelId)[0]?.embeds[0]?.description ?? '';
const plannerById = (guild: RaidGuild, messageId: string): APIMessage => plannerOf(world, guild, { plannerMessageId: messageId });

describe('before the raids', () => {
  it('participant lists show the slot as Discord timestamps in each server’s zone', () => {
    const berlinLists = listsIn(berlin);
    expect(berlinLists.filter((content) => content.includes(`When: ${stamp(SAT_20_BERLIN)}`))).toHaveLength(1);
    expect(berlinLists.some((content) => content.includes('Ancient Ruins of Secret') && content.includes(stamp(SAT_20_BERLIN + 9_000)))).toBe(true);
    expect(listsIn(newYork)).toEqual([expect.stringContaining(`When: ${stamp(SAT_20_NEW_YORK)}`)]);
  });

  it('/status names the next qualified slot with its timestamps', async () => {
    const handle = await world.emulator.driver.slash({ channelId: berlin.generalChannelId, userId: berlin.members[3]!.id, command: 'status', options: {} });
    const reply = await handle.reply(30_000);
    expect(reply.content).toContain(`Next slot: **Berserk Arena** · ID \`${finished.displayId}\` · ${stamp(SAT_20_BERLIN)}`);
  });

  it('the raid list says when each dated raid happens; the old bot’s raids read as before', async () => {
    await waitUntil('the raid list shows the qualified slots', () => raidListOf(berlin).includes(`next slot ${stamp(SAT_20_BERLIN)}`), 15_000, world);
    const lines = raidListOf(berlin).split('\n');
    expect(lines.find((line) => line.includes('Shopping Mall'))).toContain(`earliest option ${stamp(SAT_20_BERLIN)}`);
    const oldLines = lines.filter((line) => line.includes('Crack of Devimon'));
    expect(oldLines).toHaveLength(2);
    for (const line of oldLines) expect(line).not.toMatch(/slot|option/);
  });
});

describe('four hours after Saturday 20:00', () => {
  let plannerIds: Map<number, string>;

  beforeAll(async () => {
    plannerIds = new Map((await world.db.query<{ id: number; message_id: string }>('SELECT id, message_id FROM raids')).map((row) => [row.id, row.message_id]));
    await world.restartBot({ env: { TEST_CLOCK_START: AFTER } });
    const job = await queue.add(TASK_NAMES.staleRaids, null);
    await waitUntil('the stale-raids job ran', async () => ['completed', 'failed'].includes(await queue.getJobState(job.id!)), 60_000, world);
    expect(await queue.getJobState(job.id!)).toBe('completed');
    // A scheduled run may have started first (then this job was skipped): wait for the rows either way.
    await waitUntil(
      'the raids that are over are closed and cleaned up',
      async () => !(await rowExists(finished.raidId)) && !(await rowExists(cancelled.raidId)) && !(await rowExists(oldStale)),
      60_000,
      world,
    );
    await settle(world);
  });

  it('a raid with a qualified slot is finished with attendance, and its planner says it closed automatically', async () => {
    const rows = await world.db.query<{ user_id: string; status: string; dungeon: string }>(
      'SELECT user_id, status, dungeon FROM raid_attendance WHERE guild_id = $1 AND raid_display_id = $2',
      [berlin.guild.id, finished.displayId],
    );
    expect(rows).toEqual([{ user_id: berlin.members[1]!.id, status: 'present', dungeon: 'Berserk Arena' }]);
    const planner = plannerOf(world, berlin, finished);
    expect(planner.embeds[0]!.title).toBe(closedTitle('schedule.closedReasons.autoFinished'));
    expect(planner.embeds[0]!.description).toContain(t('en-US', 'closed.attendance', { count: 1 }));
    expect(planner.components ?? []).toEqual([]);
    expect(world.transcript()).toMatch(new RegExp(`raid ${finished.raidId} .*closed automatically: auto-finished, 1 attendance rows`));
  });

  it('a raid without a qualified slot is cancelled without attendance', async () => {
    expect(await world.db.query('SELECT 1 FROM raid_attendance WHERE guild_id = $1 AND raid_display_id = $2', [berlin.guild.id, cancelled.displayId])).toEqual([]);
    const planner = plannerOf(world, berlin, cancelled);
    expect(planner.embeds[0]!.title).toBe(closedTitle('schedule.closedReasons.autoCancelled'));
    expect(planner.components ?? []).toEqual([]);
  });

  it('the closed raid’s participant list and role are gone; the raid list shows only open raids', async () => {
    expect(listsIn(berlin).some((content) => content.includes('Berserk Arena'))).toBe(false);
    expect(world.emulator.driver.roles(berlin.guild.id).some((role) => role.name === 'DMW Raid: Berserk Arena')).toBe(false);
    await waitUntil('the raid list is refreshed', () => !raidListOf(berlin).includes('Berserk Arena'), 15_000, world);
    const list = raidListOf(berlin);
    expect(list).not.toContain('Shopping Mall');
    expect(list).toContain('Ancient Ruins of Secret');
  });

  it('a raid whose last slot is within the grace period stays open, as does a raid whose slot is later in its own zone', async () => {
    expect(await rowExists(withinGrace.raidId)).toBe(true);
    expect((plannerOf(world, berlin, withinGrace).components ?? []).length).toBeGreaterThan(0);
    expect(listsIn(berlin).some((content) => content.includes('Ancient Ruins of Secret'))).toBe(true);
    expect(await rowExists(elsewhere.raidId)).toBe(true);
    expect(listsIn(newYork)).toHaveLength(1);
  });

  it('the old bot’s raids keep the seven-day rule: the eight-day-old one expired, the six-day-old one stays', async () => {
    expect(await rowExists(oldYoung)).toBe(true);
    expect((plannerById(berlin, plannerIds.get(oldYoung)!).components ?? []).length).toBeGreaterThan(0);
    const planner = plannerById(berlin, plannerIds.get(oldStale)!);
    expect(planner.embeds[0]!.title).toBe(closedTitle('closed.reasons.staleCleanup'));
  });
});
