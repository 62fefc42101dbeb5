/**
 * The participants channel deleted and the planner channel closed to the bot while a
 * raid is open: votes still work and the problem costs one log line, a member who
 * starts a raid is told what to fix, and after an admin points /settings at other
 * channels the participant lists and the planner move there by themselves.
 */
import { MessageFlags, type APIMessage } from 'discord-api-types/v10';
import type { InteractionHandle } from '../support/discord-emulator';
import { createRaidThroughBot, vote, voteSlot } from '../support/member-actions';
import { createRaidGuild, type RaidGuild } from '../support/raid-guild';
import { customIdOf, disagreements, trackedMessagesOf } from '../support/read-backs';
import { DAY, PINNED_CLOCK } from '../support/test-clock';
import { waitUntil } from '../support/wait';
import { createWorld, type World } from '../support/world';

jest.setTimeout(120_000);

let world: World;
let guild: RaidGuild;

beforeAll(async () => {
  world = await createWorld({ env: PINNED_CLOCK });
  guild = await createRaidGuild(world, 'Broken Channels', 6);
  await world.startBot();
});

afterAll(async () => {
  await world?.stop();
});

/** An admin picks new planner and participants channels in /settings and saves. */
async function settingsTo(adminId: string, plannerChannelId: string, participantsChannelId: string): Promise<APIMessage> {
  const { driver } = world.emulator;
  const opened = await driver.slash({ channelId: guild.generalChannelId, userId: adminId, command: 'settings' });
  let view = await opened.reply();
  let last: InteractionHandle = opened;
  for (const [target, channelId] of [['planner', plannerChannelId], ['participants', participantsChannelId]] as const) {
    last = await driver.selectMenu({ channelId: guild.generalChannelId, messageId: view.id, userId: adminId, customId: customIdOf(view, `settings:${target}:`), values: [channelId] });
    view = await last.reply();
  }
  const save = await driver.clickButton({ channelId: guild.generalChannelId, messageId: view.id, userId: adminId, customId: customIdOf(view, 'settings:save:') });
  await save.acknowledged();
  return (await save.waitForFollowUps(1))[0]!;
}

it('votes survive a deleted participants channel with one log line, members are told what to fix, and /settings brings everything back', async () => {
  const { driver } = world.emulator;
  const [creator, m1, m2, m3, m4] = guild.members as [typeof guild.members[0], typeof guild.members[0], typeof guild.members[0], typeof guild.members[0], typeof guild.members[0]];
  const admin = driver.createMember(guild.guild.id, { username: 'admin', admin: true });
  const raid = await createRaidThroughBot(world, guild, creator.id, { days: 'Sat', times: '20:00', minPlayers: '2' });
  for (const member of [m1, m2]) {
    await voteSlot(world, guild, raid, member.id, ['Sat'], ['20:00']);
  }
  await waitUntil('the participant list is posted', async () => (await trackedMessagesOf(world, raid.raidId)).slots.get(`${DAY.Sat} 20:00`) != null, 15_000, world);

  world.emulator.deleteChannel(guild.participantsChannelId);
  const linesBefore = world.bot.lines.length;
  for (const member of [m3, m4]) {
    const dayVote = await vote(world, guild.plannerChannelId, raid.plannerMessageId, member.id, 'day', ['Sat']);
    expect((await dayVote.reply()).embeds[0]!.title).toContain('Berserk Arena'); // the planner itself, updated
    await (await vote(world, guild.plannerChannelId, raid.plannerMessageId, member.id, 'time', ['20:00'])).reply();
  }
  await new Promise((resolve) => setTimeout(resolve, 1500)); // the list syncs after the votes
  const problemLines = world.bot.lines.slice(linesBefore).filter((line) => line.text.includes(guild.participantsChannelId) && /WARNING|ERROR/.test(line.text));
  expect(problemLines).toHaveLength(1);
  expect(problemLines[0]!.text).toMatch(/WARNING .*unavailable \(unknownChannel\)/);

  // A member who starts a raid now is told which channel to fix.
  const refused = await driver.slash({ channelId: guild.generalChannelId, userId: creator.id, command: 'raidplan', options: { dungeon: 'Berserk Arena' } });
  const refusal = await refused.reply();
  expect(refusal.content).toBe(`The channel <#${guild.participantsChannelId}> no longer exists. Please choose another one with /settings.`);
  expect((refusal.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);

  // The planner channel is closed to the bot as well.
  world.emulator.removeChannelPermission(guild.plannerChannelId, guild.guild.botRoleId!, ['SendMessages', 'ViewChannel']);

  const newPlanner = driver.createChannel(guild.guild.id, { name: 'planner-2' }).id;
  const newParticipants = driver.createChannel(guild.guild.id, { name: 'participants-2' }).id;
  const saved = await settingsTo(admin.id, newPlanner, newParticipants);
  expect(saved.content).toContain(`<#${newParticipants}>`);

  // The list is posted in the new participants channel, naming all four; the planner moves too.
  await waitUntil('the participant list is in the new channel', async () => {
    const messageId = (await trackedMessagesOf(world, raid.raidId)).slots.get(`${DAY.Sat} 20:00`);
    return messageId != null && driver.message(newParticipants, messageId) !== null;
  }, 20_000, world);
  await waitUntil('the planner moved', async () => {
    const [row] = await world.db.query<{ channel_id: string; message_id: string }>('SELECT channel_id, message_id FROM raids WHERE id = $1', [raid.raidId]);
    return row!.channel_id === newPlanner && driver.message(newPlanner, row!.message_id) !== null;
  }, 20_000, world);
  const moved = (await trackedMessagesOf(world, raid.raidId)).planner!;
  const recovered: RaidGuild = { ...guild, plannerChannelId: newPlanner, participantsChannelId: newParticipants };
  expect(await disagreements(world, recovered, raid.raidId)).toEqual([]);

  // Raids work in the new channels: a vote on the moved planner, and a new raid.
  const [, , , , , m5] = guild.members as Array<typeof guild.members[0]>;
  const again = await vote(world, newPlanner, moved, m5!.id, 'day', ['Sat']);
  await again.reply();
  const second = await createRaidThroughBot(world, recovered, creator.id, { days: 'Sun', times: '21:00', minPlayers: '1' });
  expect(driver.message(newPlanner, second.plannerMessageId)).not.toBeNull();
  expect(world.bot.exited).toBe(false);
});

it('a deleted raid list channel costs one log line, /raidlist tells the member, and /settings to another channel posts the list there', async () => {
  const { driver } = world.emulator;
  const [creator, m1] = guild.members as [typeof guild.members[0], typeof guild.members[0]];
  const admin = driver.createMember(guild.guild.id, { username: 'admin2', admin: true });
  const [{ raidlist_channel_id: listChannel }] = (await world.db.query<{ raidlist_channel_id: string }>('SELECT raidlist_channel_id FROM guild_settings WHERE guild_id = $1', [guild.guild.id])) as [{ raidlist_channel_id: string }];
  world.emulator.deleteChannel(listChannel);
  const linesBefore = world.bot.lines.length;

  // Creating a raid and voting refresh the list (forced, then debounced): all fail the same way.
  const current = await world.db.query<{ planner_channel_id: string; participants_channel_id: string }>('SELECT planner_channel_id, participants_channel_id FROM guild_settings WHERE guild_id = $1', [guild.guild.id]);
  const here: RaidGuild = { ...guild, plannerChannelId: current[0]!.planner_channel_id, participantsChannelId: current[0]!.participants_channel_id };
  const raid = await createRaidThroughBot(world, here, creator.id, { days: 'Fri', times: '22:00', minPlayers: '1' });
  await voteSlot(world, here, raid, m1.id, ['Fri'], ['22:00']);
  await new Promise((resolve) => setTimeout(resolve, 2500)); // the debounced refresh after the votes
  const problemLines = world.bot.lines.slice(linesBefore).filter((line) => line.text.includes(listChannel) && /WARNING|ERROR/.test(line.text));
  expect(problemLines).toHaveLength(1);

  const refreshed = await driver.slash({ channelId: guild.generalChannelId, userId: admin.id, command: 'raidlist' });
  const answer = await refreshed.reply();
  expect(answer.content).toContain(`<#${listChannel}>`);
  expect((answer.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);

  const newList = driver.createChannel(guild.guild.id, { name: 'raid-list-2' }).id;
  const opened = await driver.slash({ channelId: guild.generalChannelId, userId: admin.id, command: 'settings' });
  let view = await opened.reply();
  const select = await driver.selectMenu({ channelId: guild.generalChannelId, messageId: view.id, userId: admin.id, customId: customIdOf(view, 'settings:raidlist:'), values: [newList] });
  view = await select.reply();
  await (await driver.clickButton({ channelId: guild.generalChannelId, messageId: view.id, userId: admin.id, customId: customIdOf(view, 'settings:save:') })).acknowledged();
  await waitUntil('the raid list is posted in the new channel', () => driver.messages(newList).some((message) => JSON.stringify(message.embeds).includes(raid.plannerMessageId)), 15_000, world);
  const [{ raidlist_message_id: stored }] = (await world.db.query<{ raidlist_message_id: string }>('SELECT raidlist_message_id FROM guild_settings WHERE guild_id = $1', [guild.guild.id])) as [{ raidlist_message_id: string }];
  expect(driver.message(newList, stored)).not.toBeNull();
});
