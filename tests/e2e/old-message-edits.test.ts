/**
 * Discord refuses edits of messages older than an hour past an undocumented rate
 * (30046). Planners, participant lists and raid lists live for days: a refused edit
 * backs off, is retried with the latest state, and the message is posted anew when
 * Discord still refuses. Members' votes are never lost and nothing stays stale.
 * The bot's clock (pinned, so weekdays give the dates of `DAY`) runs 60 times faster,
 * so the minute of back-off takes a second.
 */
import { InteractionResponseType } from 'discord-api-types/v10';
import { clickFinish, createRaidThroughBot, vote, voteSlot, type CreatedRaid } from '../support/member-actions';
import { createRaidGuild, type RaidGuild } from '../support/raid-guild';
import { botMessages, disagreements, trackedMessagesOf } from '../support/read-backs';
import { DAY, PINNED_CLOCK } from '../support/test-clock';
import { waitUntil } from '../support/wait';
import { createWorld, type World } from '../support/world';

jest.setTimeout(120_000);

const TWO_HOURS = 2 * 60 * 60 * 1000;

let world: World;
let guild: RaidGuild;
let raid: CreatedRaid;

async function raidListMessageId(): Promise<string | null> {
  const [row] = await world.db.query<{ raidlist_message_id: string | null }>('SELECT raidlist_message_id FROM guild_settings WHERE guild_id = $1', [guild.guild.id]);
  return row?.raidlist_message_id ?? null;
}

beforeAll(async () => {
  world = await createWorld({ env: { ...PINNED_CLOCK, TEST_CLOCK_SPEED: '60' } });
  guild = await createRaidGuild(world, 'Old Guild', 5);
  await world.startBot();
});

afterEach(() => world.emulator.oldMessageEdits.reset());

afterAll(async () => {
  await world?.stop();
});

describe('edits Discord refuses because the message is older than an hour (30046)', () => {
  it('a participant list and the raid list: retried after a back-off, then posted anew with the latest state', async () => {
    const [creator, m1, m2, m3] = guild.members as [RaidGuild['members'][0], RaidGuild['members'][0], RaidGuild['members'][0], RaidGuild['members'][0]];
    raid = await createRaidThroughBot(world, guild, creator.id, { days: 'Sat', times: '20:00', minPlayers: '2' });
    await voteSlot(world, guild, raid, m1.id, ['Sat'], ['20:00']);
    await voteSlot(world, guild, raid, m2.id, ['Sat'], ['20:00']);
    await waitUntil('the participant list is posted', async () => (await trackedMessagesOf(world, raid.raidId)).slots.get(`${DAY.Sat} 20:00`) != null, 15_000, world);
    await world.driver.settle();
    const oldList = (await trackedMessagesOf(world, raid.raidId)).slots.get(`${DAY.Sat} 20:00`)!;
    const oldRaidList = (await raidListMessageId())!;

    // A day later: every message is old, and Discord takes no more edits in either channel.
    world.emulator.oldMessageEdits.advance(TWO_HOURS);
    const lists = world.emulator.oldMessageEdits.block({ channelId: guild.participantsChannelId });
    const raidLists = world.emulator.oldMessageEdits.block({ channelId: guild.raidListChannelId });
    await voteSlot(world, guild, raid, m3.id, ['Sat'], ['20:00']); // the list must show m3
    const second = await createRaidThroughBot(world, guild, creator.id, { days: 'Sun', times: '18:00', minPlayers: '1' }); // the raid list must show it

    await waitUntil('the participant list is posted anew', async () => (await trackedMessagesOf(world, raid.raidId)).slots.get(`${DAY.Sat} 20:00`) !== oldList, 20_000, world);
    await waitUntil('the raid list is posted anew', async () => (await raidListMessageId()) !== oldRaidList, 20_000, world);
    await world.driver.settle();

    // Refused once, retried after the back-off, refused again: then posted anew.
    expect(lists.hits).toBe(2);
    expect(raidLists.hits).toBe(2);
    expect(await disagreements(world, guild, raid.raidId)).toEqual([]);
    const list = world.emulator.driver.message(guild.participantsChannelId, (await trackedMessagesOf(world, raid.raidId)).slots.get(`${DAY.Sat} 20:00`)!)!;
    expect(list.content).toContain(`<@${m3.id}>`);
    expect(world.emulator.driver.message(guild.participantsChannelId, oldList)).toBeNull();
    expect(world.emulator.driver.message(guild.raidListChannelId, oldRaidList)).toBeNull();
    const raidList = botMessages(world, guild.raidListChannelId);
    expect(raidList).toHaveLength(1);
    expect(raidList[0]!.embeds[0]!.description).toContain(second.plannerMessageId);
  });

  it('a planner Discord will not edit after a restart: retried, then posted anew and its id stored; votes on it are kept', async () => {
    const [, , , m3, m4] = guild.members as Array<RaidGuild['members'][0]>;
    await world.bot.stop();
    // While the bot was down m4 voted (through the old bot, say): the planner must show it.
    await world.repos.raids.toggleVotes(raid.raidId, m4!.id, 'day', [DAY.Sat]);
    await world.repos.raids.toggleVotes(raid.raidId, m4!.id, 'time', ['20:00']);
    world.emulator.oldMessageEdits.advance(TWO_HOURS);
    const planners = world.emulator.oldMessageEdits.block({ channelId: guild.plannerChannelId });
    await world.startBot();

    await waitUntil('the planner is posted anew', async () => (await trackedMessagesOf(world, raid.raidId)).planner !== raid.plannerMessageId, 20_000, world);
    await world.driver.settle();
    expect(planners.hits).toBe(2);
    expect(world.emulator.driver.message(guild.plannerChannelId, raid.plannerMessageId)).toBeNull();
    expect(await disagreements(world, guild, raid.raidId)).toEqual([]);
    const plannerId = (await trackedMessagesOf(world, raid.raidId)).planner!;
    // The raid list links the new planner (refreshed after a quiet moment).
    await waitUntil('the raid list links the new planner', () => botMessages(world, guild.raidListChannelId)[0]!.embeds[0]!.description!.includes(plannerId), 15_000, world);

    // The new planner takes votes (answered by updating it); m3 leaves the slot.
    const answer = await vote(world, guild.plannerChannelId, plannerId, m3!.id, 'day', ['Sat']);
    expect((await answer.acknowledged()).type).toBe(InteractionResponseType.UpdateMessage);
    await world.driver.settle();
    expect(await disagreements(world, guild, raid.raidId)).toEqual([]);
    raid = { ...raid, plannerMessageId: plannerId };
  });

  it('closing a raid whose planner Discord will not edit: the closed notice is posted in its place', async () => {
    world.emulator.oldMessageEdits.age(raid.plannerMessageId, TWO_HOURS);
    world.emulator.oldMessageEdits.block({ messageId: raid.plannerMessageId });
    await clickFinish(world, guild, raid, guild.guild.ownerId);
    await waitUntil('the raid is closed', async () => (await world.repos.raids.openRaidsOfGuild(guild.guild.id)).every((open) => open.id !== raid.raidId), 15_000, world);
    await world.driver.settle();

    expect(world.emulator.driver.message(guild.plannerChannelId, raid.plannerMessageId)).toBeNull();
    const notice = botMessages(world, guild.plannerChannelId).at(-1)!;
    expect(notice.components ?? []).toEqual([]);
    expect(notice.embeds[0]!.title).toMatch(/closed|geschlossen|finished|beendet/i);
  });
});
