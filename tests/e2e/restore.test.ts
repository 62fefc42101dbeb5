/**
 * Restart safety of the built bot, end to end on the Discord emulator: messages are
 * restored without duplicates, a restart with nothing changed writes nothing, and the
 * components of messages posted before a restart keep working (custom ids carry ids).
 */
import { InteractionResponseType } from 'discord-api-types/v10';
import { createRaidThroughBot, vote, voteSlot } from '../support/member-actions';
import { createRaidGuild, type RaidGuild } from '../support/raid-guild';
import { botMessages, countCalls, MESSAGE_ROUTE, MESSAGES_ROUTE, trackedMessagesOf } from '../support/read-backs';
import { DAY, PINNED_CLOCK } from '../support/test-clock';
import { waitUntil } from '../support/wait';
import { createWorld, type World } from '../support/world';

jest.setTimeout(120_000);

let world: World;
let guild: RaidGuild;

beforeAll(async () => {
  world = await createWorld({ env: PINNED_CLOCK });
  guild = await createRaidGuild(world, 'Restart Guild', 5);
  await world.startBot();
});

afterAll(async () => {
  await world?.stop();
});

async function restart(): Promise<{ since: number; line: string }> {
  await world.bot.stop();
  const since = world.emulator.rest.calls.length;
  const bot = await world.startBot();
  return { since, line: await bot.waitForLine('restoration:') };
}

function messageWrites(since: number) {
  const calls = world.emulator.rest.calls.slice(since);
  return { posts: countCalls(calls, 'POST', MESSAGES_ROUTE), edits: countCalls(calls, 'PATCH', MESSAGE_ROUTE), deletes: countCalls(calls, 'DELETE', MESSAGE_ROUTE), reads: countCalls(calls, 'GET', MESSAGE_ROUTE) };
}

describe('restart safety', () => {
  it('after a restart with nothing changed, nothing is posted or edited, and the old planner still takes votes and the finish', async () => {
    const [creator, m1, m2, m3] = guild.members as [typeof guild.members[0], typeof guild.members[0], typeof guild.members[0], typeof guild.members[0]];
    const raid = await createRaidThroughBot(world, guild, creator.id, { days: 'Sat, Sun', times: '20:00, 21:00', minPlayers: '2' });
    for (const member of [m1, m2]) {
      await voteSlot(world, guild, raid, member.id, ['Sat'], ['20:00']);
    }
    await waitUntil('the participant list is posted', async () => (await trackedMessagesOf(world, raid.raidId)).slots.get(`${DAY.Sat} 20:00`) != null, 15_000, world);
    // Listed with its qualified slot as the next one (the raid list follows votes debounced).
    await waitUntil('the raid list lists the raid with its next slot', () => botMessages(world, guild.raidListChannelId).some((m) => JSON.stringify(m.embeds).includes(raid.plannerMessageId) && JSON.stringify(m.embeds).includes('next slot <t:')), 15_000, world);
    const before = await trackedMessagesOf(world, raid.raidId);

    const { since, line } = await restart();

    // Channels are read in pages (GET /channels/{id}/messages), no tracked message singly.
    expect(messageWrites(since)).toMatchObject({ posts: 0, edits: 0, deletes: 0, reads: 0 });
    expect(line).toMatch(/PATCH 0, POST 0/);
    expect(await trackedMessagesOf(world, raid.raidId)).toEqual(before);

    // A vote on the message posted by the previous process: answered by updating that very message.
    const late = await vote(world, guild.plannerChannelId, raid.plannerMessageId, m3.id, 'day', ['Sat']);
    expect((await late.acknowledged()).type).toBe(InteractionResponseType.UpdateMessage);
    await (await vote(world, guild.plannerChannelId, raid.plannerMessageId, m3.id, 'time', ['20:00'])).reply();
    await waitUntil(
      'the participant list shows the third member',
      () => world.emulator.driver.message(guild.participantsChannelId, before.slots.get(`${DAY.Sat} 20:00`)!)?.content.includes(`<@${m3.id}>`) === true,
      15_000,
      world,
    );

    const finish = await world.emulator.driver.clickButton({ channelId: guild.plannerChannelId, messageId: raid.plannerMessageId, userId: creator.id, label: 'Finish raid' });
    await finish.reply();
    await waitUntil('the raid is gone', async () => (await world.repos.raids.openRaidsOfGuild(guild.guild.id)).length === 0, 15_000, world);
    const attendance = await world.db.query<{ user_id: string }>('SELECT user_id FROM raid_attendance WHERE guild_id = $1 AND raid_display_id = $2 ORDER BY user_id', [guild.guild.id, raid.displayId]);
    expect(attendance.map((row) => row.user_id).sort()).toEqual([m1.id, m2.id, m3.id].sort());
    const planner = world.emulator.driver.message(guild.plannerChannelId, raid.plannerMessageId)!;
    expect(planner.components ?? []).toEqual([]);
    await waitUntil('the participant list is deleted', () => world.emulator.driver.message(guild.participantsChannelId, before.slots.get(`${DAY.Sat} 20:00`)!) === null, 15_000, world);
  });

  it('messages deleted while the bot was down are posted again, once each, and the new planner works', async () => {
    const [creator, m1, m2] = guild.members as [typeof guild.members[0], typeof guild.members[0], typeof guild.members[0]];
    const raid = await createRaidThroughBot(world, guild, creator.id, { days: 'Mon', times: '18:00', minPlayers: '1' });
    await voteSlot(world, guild, raid, m1.id, ['Mon'], ['18:00']);
    await waitUntil('the participant list is posted', async () => (await trackedMessagesOf(world, raid.raidId)).slots.get(`${DAY.Mon} 18:00`) != null, 15_000, world);
    await world.bot.stop();

    const before = await trackedMessagesOf(world, raid.raidId);
    const [{ raidlist_message_id: listId }] = (await world.db.query<{ raidlist_message_id: string }>('SELECT raidlist_message_id FROM guild_settings WHERE guild_id = $1', [guild.guild.id])) as [{ raidlist_message_id: string }];
    world.emulator.deleteMessageBehindBotsBack(guild.plannerChannelId, raid.plannerMessageId);
    world.emulator.deleteMessageBehindBotsBack(guild.participantsChannelId, before.slots.get(`${DAY.Mon} 18:00`)!);
    world.emulator.deleteMessageBehindBotsBack(guild.raidListChannelId, listId);
    const plannersBefore = botMessages(world, guild.plannerChannelId).length;

    const since = world.emulator.rest.calls.length;
    await world.startBot();

    expect(messageWrites(since)).toMatchObject({ posts: 3, edits: 0 });
    const after = await trackedMessagesOf(world, raid.raidId);
    expect(after.planner).not.toBe(raid.plannerMessageId);
    expect(after.slots.get(`${DAY.Mon} 18:00`)).not.toBe(before.slots.get(`${DAY.Mon} 18:00`));
    expect(botMessages(world, guild.plannerChannelId)).toHaveLength(plannersBefore + 1);
    expect(botMessages(world, guild.participantsChannelId).filter((m) => m.content.includes(`\`${raid.displayId}\``))).toHaveLength(1);
    expect(botMessages(world, guild.raidListChannelId)).toHaveLength(1);

    const answer = await vote(world, guild.plannerChannelId, after.planner!, m2.id, 'day', ['Mon']);
    expect((await answer.acknowledged()).type).toBe(InteractionResponseType.UpdateMessage);
  });
});
