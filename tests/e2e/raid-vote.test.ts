/**
 * Voting end to end: the planner is updated in the interaction response itself, the
 * member gets their choices privately, participant lists follow the qualified slots
 * (posted, edited, deleted), the raid role follows the slot members, and a burst of
 * votes costs a bounded number of edits. Also: votes on a raid that is gone, and a
 * server where the bot may not manage roles.
 */
import { InteractionResponseType, type APIMessage } from 'discord-api-types/v10';
import { t } from '../../src/lib/i18n';
import { slotInstant } from '../../src/lib/time';
import { type CreatedRaid, createRaidThroughBot, vote } from '../support/member-actions';
import { createRaidGuild, type RaidGuild } from '../support/raid-guild';
import { botMessages, isEphemeral, plannerOf, settle } from '../support/read-backs';
import { DAY, PINNED_CLOCK } from '../support/test-clock';
import { waitUntil } from '../support/wait';
import { createWorld, type World } from '../support/world';

jest.setTimeout(120_000);

let world: World;
let alpha: RaidGuild;

beforeAll(async () => {
  world = await createWorld({ env: PINNED_CLOCK });
  alpha = await createRaidGuild(world, 'Alpha', 8);
  await world.startBot();
});

afterAll(async () => {
  await world?.stop();
});

function field(message: APIMessage, name: string): string | undefined {
  return message.embeds[0]?.fields?.find((candidate) => candidate.name.startsWith(name))?.value;
}

async function votesOf(raidId: number): Promise<string[]> {
  const rows = await world.db.query<{ kind: string; option_label: string; user_id: string }>(
    'SELECT kind, option_label, user_id FROM raid_votes WHERE raid_id = $1 ORDER BY kind, option_label, user_id',
    [raidId],
  );
  return rows.map((row) => `${row.kind}:${row.option_label}:${row.user_id}`);
}

/** Bot messages in the participants channel that belong to a raid (its display id is in the text). */
function slotMessages(raidGuild: RaidGuild, raid: CreatedRaid): APIMessage[] {
  return botMessages(world, raidGuild.participantsChannelId).filter((message) => message.content.includes(`Raid \`${raid.displayId}\``));
}

async function slotRows(raidId: number): Promise<string[]> {
  const rows = await world.db.query<{ day_label: string; time_label: string }>(
    'SELECT day_label, time_label FROM raid_posted_slots WHERE raid_id = $1 ORDER BY id',
    [raidId],
  );
  return rows.map((row) => `${row.day_label} ${row.time_label}`);
}

describe('a vote', () => {
  let raid: CreatedRaid;

  beforeAll(async () => {
    raid = await createRaidThroughBot(world, alpha, alpha.members[0]!.id, { dungeon: 'Shopping Mall', days: 'Mon, Tue', times: '20:00, 21:00', minPlayers: '2' });
    await settle(world);
  });

  it('is answered by updating the planner in the response, then privately with the member’s choices', async () => {
    const member = alpha.members[1]!;
    const handle = await vote(world, alpha.plannerChannelId, raid.plannerMessageId, member.id, 'day', ['Mon']);
    const ack = await handle.acknowledged();
    expect(ack.type).toBe(InteractionResponseType.UpdateMessage);
    const [summary] = await handle.waitForFollowUps(1);
    expect(isEphemeral(summary!)).toBe(true);
    expect(summary!.content).toBe(t('en-US', 'vote.summary', { displayId: raid.displayId, dungeon: 'Shopping Mall', days: DAY.Mon, times: t('en-US', 'common.none') }));
    expect(field(plannerOf(world, alpha, raid), 'Day votes')).toBe(`- ${DAY.Mon}: **1**`);
    expect(await votesOf(raid.raidId)).toEqual([`day:${DAY.Mon}:${member.id}`]);
  });

  it('on an option already chosen removes it again', async () => {
    const member = alpha.members[1]!;
    const handle = await vote(world, alpha.plannerChannelId, raid.plannerMessageId, member.id, 'day', ['Mon']);
    const [summary] = await handle.waitForFollowUps(1);
    expect(summary!.content).toContain(`**Days:** ${t('en-US', 'common.none')}`);
    expect(await votesOf(raid.raidId)).toEqual([]);
    expect(field(plannerOf(world, alpha, raid), 'Day votes')).toBe('-');
  });

  it('counts reflect the rows, and only members with a day and a time are listed, by name and without mentions', async () => {
    const [a, b, c] = [alpha.members[1]!, alpha.members[2]!, alpha.members[3]!];
    await (await vote(world, alpha.plannerChannelId, raid.plannerMessageId, a.id, 'time', ['20:00'])).waitForFollowUps(1);
    await (await vote(world, alpha.plannerChannelId, raid.plannerMessageId, b.id, 'time', ['20:00', '21:00'])).waitForFollowUps(1);
    await (await vote(world, alpha.plannerChannelId, raid.plannerMessageId, a.id, 'day', ['Tue'])).waitForFollowUps(1);
    await (await vote(world, alpha.plannerChannelId, raid.plannerMessageId, c.id, 'day', ['Tue'])).waitForFollowUps(1);
    const message = plannerOf(world, alpha, raid);
    expect(field(message, 'Time votes')).toBe('- 20:00: **2**\n- 21:00: **1**');
    expect(field(message, 'Day votes')).toBe(`- ${DAY.Tue}: **2**`);
    expect(field(message, 'Voted day + time')).toBe(a.username);
    expect(message.content ?? '').not.toContain('<@');
    expect(await votesOf(raid.raidId)).toHaveLength(5);
  });

  it('a German member gets the summary in German', async () => {
    const handle = await vote(world, alpha.plannerChannelId, raid.plannerMessageId, alpha.members[4]!.id, 'day', ['Mon'], 'de');
    const [summary] = await handle.waitForFollowUps(1);
    expect(summary!.content).toBe(`Deine Auswahl für Raid \`${raid.displayId}\` (Shopping Mall):\n**Tage:** ${DAY.Mon}\n**Uhrzeiten:** ${t('de', 'common.none')}`);
  });
});

describe('participant lists and the raid role', () => {
  it('with min players 0 a slot qualifies from one voter; lists are posted, edited and deleted with the slots', async () => {
    const [a, b] = [alpha.members[5]!, alpha.members[6]!];
    const raid = await createRaidThroughBot(world, alpha, a.id, { dungeon: 'Rainbow Bridge', days: 'Sat', times: '18:00, 19:00', minPlayers: '0' });
    await settle(world);
    expect(world.emulator.driver.roles(alpha.guild.id).map((role) => role.name)).not.toContain('DMW Raid: Rainbow Bridge');

    await (await vote(world, alpha.plannerChannelId, raid.plannerMessageId, a.id, 'day', ['Sat'])).waitForFollowUps(1);
    await (await vote(world, alpha.plannerChannelId, raid.plannerMessageId, a.id, 'time', ['18:00'])).waitForFollowUps(1);
    await settle(world);
    expect(await slotRows(raid.raidId)).toEqual([`${DAY.Sat} 18:00`]);
    let lists = slotMessages(alpha, raid);
    expect(lists).toHaveLength(1);
    // Saturday 18:00 in the default zone, Europe/Berlin (CET, before the change to summer time).
    const saturday = slotInstant(DAY.Sat, '18:00', 'Europe/Berlin')!.toSeconds();
    expect(saturday).toBe(Date.parse('2026-03-28T17:00:00Z') / 1000);
    expect(lists[0]!.content).toContain(`When: <t:${saturday}:F> (<t:${saturday}:R>)`);
    expect(lists[0]!.content).toContain('Players: **1 / 1+**');
    expect(lists[0]!.content).toContain(`<@${a.id}>`);
    const firstId = lists[0]!.id;

    await (await vote(world, alpha.plannerChannelId, raid.plannerMessageId, b.id, 'day', ['Sat'])).waitForFollowUps(1);
    await (await vote(world, alpha.plannerChannelId, raid.plannerMessageId, b.id, 'time', ['18:00', '19:00'])).waitForFollowUps(1);
    await settle(world);
    expect(await slotRows(raid.raidId)).toEqual([`${DAY.Sat} 18:00`, `${DAY.Sat} 19:00`]);
    lists = slotMessages(alpha, raid);
    expect(lists).toHaveLength(2);
    const edited = lists.find((message) => message.id === firstId)!;
    expect(edited.content).toContain('Players: **2 / 1+**');
    expect(edited.content).toContain(`<@${b.id}>`);

    await (await vote(world, alpha.plannerChannelId, raid.plannerMessageId, b.id, 'time', ['19:00'])).waitForFollowUps(1);
    await settle(world);
    expect(await slotRows(raid.raidId)).toEqual([`${DAY.Sat} 18:00`]);
    expect(slotMessages(alpha, raid).map((message) => message.id)).toEqual([firstId]);

    // A vote that changes no list edits no list.
    const before = world.emulator.rest.calls.length;
    await (await vote(world, alpha.plannerChannelId, raid.plannerMessageId, alpha.members[7]!.id, 'day', ['Sat'])).waitForFollowUps(1);
    await settle(world);
    const listWrites = world.emulator.rest.calls.slice(before).filter((call) => call.path.startsWith(`/channels/${alpha.participantsChannelId}/`));
    expect(listWrites).toEqual([]);
  });

  it('with min players 2 the role is created, given to slot members, and taken when they drop out', async () => {
    const [a, b, c] = [alpha.members[1]!, alpha.members[2]!, alpha.members[3]!];
    const raid = await createRaidThroughBot(world, alpha, a.id, { dungeon: 'Final Battle', days: 'Fri', times: '21:00', minPlayers: '2' });
    await settle(world);
    const role = world.emulator.driver.roles(alpha.guild.id).find((candidate) => candidate.name === 'DMW Raid: Final Battle');
    expect(role).toBeDefined();
    expect(role!.mentionable).toBe(true);
    const [stored] = await world.db.query<{ temp_role_id: string; temp_role_created: boolean }>('SELECT temp_role_id, temp_role_created FROM raids WHERE id = $1', [raid.raidId]);
    expect(stored).toEqual({ temp_role_id: role!.id, temp_role_created: true });

    for (const member of [a, b, c]) {
      await (await vote(world, alpha.plannerChannelId, raid.plannerMessageId, member.id, 'day', ['Fri'])).waitForFollowUps(1);
    }
    await (await vote(world, alpha.plannerChannelId, raid.plannerMessageId, a.id, 'time', ['21:00'])).waitForFollowUps(1);
    await settle(world);
    expect(slotMessages(alpha, raid)).toHaveLength(0);
    expect(world.emulator.driver.memberRoles(alpha.guild.id, a.id)).not.toContain(role!.id);

    await (await vote(world, alpha.plannerChannelId, raid.plannerMessageId, b.id, 'time', ['21:00'])).waitForFollowUps(1);
    await waitUntil('both slot members hold the role', () =>
      [a, b].every((member) => world.emulator.driver.memberRoles(alpha.guild.id, member.id).includes(role!.id)),
    );
    await settle(world);
    const [list] = slotMessages(alpha, raid);
    expect(list!.content).toContain(`<@&${role!.id}>`);
    expect(world.emulator.driver.memberRoles(alpha.guild.id, c.id)).not.toContain(role!.id);

    await (await vote(world, alpha.plannerChannelId, raid.plannerMessageId, b.id, 'day', ['Fri'])).waitForFollowUps(1);
    await waitUntil('nobody holds the role any more', () =>
      [a, b, c].every((member) => !world.emulator.driver.memberRoles(alpha.guild.id, member.id).includes(role!.id)),
    );
    await settle(world);
    expect(slotMessages(alpha, raid)).toHaveLength(0);
  });
});

describe('votes on a raid that is gone', () => {
  it('are answered privately that the raid is no longer active, and nothing is written', async () => {
    const raid = await createRaidThroughBot(world, alpha, alpha.members[0]!.id, { dungeon: 'Odaiba Park', days: 'Sun', times: '17:00', minPlayers: '1' });
    await settle(world);
    await world.db.query('DELETE FROM raids WHERE id = $1', [raid.raidId]);
    const handle = await vote(world, alpha.plannerChannelId, raid.plannerMessageId, alpha.members[1]!.id, 'day', ['Sun']);
    const reply = await handle.reply();
    expect(reply.content).toBe(t('en-US', 'vote.raidNotActive'));
    expect(isEphemeral(reply)).toBe(true);
    expect(await world.db.query('SELECT 1 FROM raid_votes WHERE raid_id = $1', [raid.raidId])).toEqual([]);
  });
});

describe('a burst of votes', () => {
  it('ends in the right participant list with a bounded number of edits, every vote answered in time', async () => {
    const burstGuild = await createRaidGuild(world, 'Burst', 16);
    const raid = await createRaidThroughBot(world, burstGuild, burstGuild.members[0]!.id, { dungeon: 'Abyss Dungeon', days: 'Mon', times: '20:00', minPlayers: '1' });
    await settle(world);
    const restBefore = world.emulator.rest.calls.length;

    const handles = await Promise.all(
      burstGuild.members.flatMap((member) => [
        vote(world, burstGuild.plannerChannelId, raid.plannerMessageId, member.id, 'day', ['Mon']),
        vote(world, burstGuild.plannerChannelId, raid.plannerMessageId, member.id, 'time', ['20:00']),
      ]),
    );
    const acks = await Promise.all(handles.map((handle) => handle.acknowledged(10_000)));
    expect(acks.every((ack) => ack.type === InteractionResponseType.UpdateMessage || ack.type === InteractionResponseType.DeferredMessageUpdate)).toBe(true);
    // A vote acknowledged by a deferred update (not committed within 2 s, e.g. on a loaded machine) still commits.
    await waitUntil('every vote is counted', async () => (await world.db.query('SELECT 1 FROM raid_votes WHERE raid_id = $1', [raid.raidId])).length === 32, 30_000);
    // Discord allows 5 message writes per 5 s in a channel: the last edit may wait for the window.
    await waitUntil('the participant list shows all 16', () => slotMessages(burstGuild, raid)[0]?.content.includes('Players: **16 / 1**') ?? false, 30_000);
    await world.emulator.driver.settle({ quietMs: 500, timeoutMs: 90_000 });

    const lists = slotMessages(burstGuild, raid);
    expect(lists).toHaveLength(1);
    for (const member of burstGuild.members) expect(lists[0]!.content).toContain(`<@${member.id}>`);
    expect(lists[0]!.content).toContain('Players: **16 / 1**');

    const calls = world.emulator.rest.calls.slice(restBefore);
    const slotEdits = calls.filter((call) => call.method === 'PATCH' && call.path === `/channels/${burstGuild.participantsChannelId}/messages/${lists[0]!.id}`);
    // 32 votes; coalescing keeps the edits of the one list far below one per vote.
    expect(slotEdits.length).toBeLessThanOrEqual(8);
    expect(calls.filter((call) => call.status === 429)).toEqual([]);
    // The planner shows the final count (the last response carried it, or a catch-up edit followed responses that landed out of order).
    const finalPlanner = world.emulator.driver.message(burstGuild.plannerChannelId, raid.plannerMessageId)!;
    expect(finalPlanner.embeds[0]!.fields!.map((f) => f.name)).toContain('Voted day + time (16)');
    expect(finalPlanner.embeds[0]!.fields!.find((f) => f.name.startsWith('Day votes'))!.value).toBe(`- ${DAY.Mon}: **16**`);
  });
});

describe('a vote whose update response is slow (a 429 from Discord)', () => {
  it('holds up no other vote: the next is answered by update without waiting, and the planner ends showing both', async () => {
    const raid = await createRaidThroughBot(world, alpha, alpha.members[0]!.id, { dungeon: 'Marine Dragon Domain', days: 'Mon, Tue', times: '20:00', minPlayers: '1' });
    await settle(world);
    const [first, second] = [alpha.members[6]!, alpha.members[7]!];
    // Discord answers the first vote's update with a 429: discord.js waits 2.2 s before sending it again.
    const slow = world.emulator.faults.failNext({ method: 'POST', route: /^\/interactions\/\d+\/[^/]+\/callback$/, status: 429, retryAfter: 2.2 });
    const a = await vote(world, alpha.plannerChannelId, raid.plannerMessageId, first.id, 'day', ['Mon']);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const b = await vote(world, alpha.plannerChannelId, raid.plannerMessageId, second.id, 'day', ['Tue']);

    expect((await b.acknowledged(5_000)).type).toBe(InteractionResponseType.UpdateMessage);
    expect((await a.acknowledged(5_000)).type).toBe(InteractionResponseType.UpdateMessage);
    expect(slow.hits).toBe(1);
    const [summaryA] = await a.waitForFollowUps(1);
    const [summaryB] = await b.waitForFollowUps(1);
    expect(summaryA!.content).toContain('**Days:** Mon');
    expect(summaryB!.content).toContain('**Days:** Tue');
    // The first response carried the older state and landed last; a catch-up edit follows it.
    await waitUntil('the planner shows both votes', () => field(plannerOf(world, alpha, raid), 'Day votes') === `- ${DAY.Mon}: **1**
- ${DAY.Tue}: **1**`, 15_000);
  });
});

describe('a vote whose update response fails', () => {
  it('still counts: the participant list appears, the planner shows the vote, and the member gets their choices', async () => {
    const raid = await createRaidThroughBot(world, alpha, alpha.members[0]!.id, { dungeon: 'Venomous Vortex', days: 'Wed', times: '22:00', minPlayers: '1' });
    await settle(world);
    const member = alpha.members[3]!;
    await (await vote(world, alpha.plannerChannelId, raid.plannerMessageId, member.id, 'day', ['Wed'])).waitForFollowUps(1);
    await settle(world);

    // Discord's edge answers 500 to the update response and to each of discord.js's three retries.
    const fault = world.emulator.faults.failNext({ method: 'POST', route: /^\/interactions\/\d+\/[^/]+\/callback$/, status: 500, times: 4 });
    const handle = await vote(world, alpha.plannerChannelId, raid.plannerMessageId, member.id, 'time', ['22:00']);
    const reply = await handle.reply(15_000);
    fault.cancel();
    expect(fault.hits).toBe(4);
    expect(handle.responseType).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(isEphemeral(reply)).toBe(true);
    expect(reply.content).toContain('**Times:** 22:00');

    expect(await votesOf(raid.raidId)).toEqual([`day:${DAY.Wed}:${member.id}`, `time:22:00:${member.id}`]);
    await waitUntil('the participant list is posted', () => slotMessages(alpha, raid).length === 1, 15_000);
    expect(slotMessages(alpha, raid)[0]!.content).toContain(`<@${member.id}>`);
    // The response never showed it: the planner service edits the planner from the database.
    await waitUntil('the planner shows the vote', () => field(plannerOf(world, alpha, raid), 'Time votes') === '- 22:00: **1**', 15_000);
    expect(field(plannerOf(world, alpha, raid), 'Voted day + time')).toBe(member.username);
  });
});

describe('a server where the bot may not manage roles', () => {
  it('votes still work, lists are posted without a role, and the problem is logged once', async () => {
    const { driver } = world.emulator;
    const noRoles = await createRaidGuild(world, 'NoRoles', 2, { botPermissions: ['ViewChannel', 'SendMessages', 'EmbedLinks', 'ReadMessageHistory'] });
    const { guild, plannerChannelId, members } = noRoles;

    const rolesBefore = driver.roles(guild.id).length;
    const raid = await createRaidThroughBot(world, noRoles, members[0]!.id, { dungeon: 'Royal Base', days: 'Thu', times: '20:00', minPlayers: '1' });
    for (const member of members) {
      const day = await vote(world, plannerChannelId, raid.plannerMessageId, member.id, 'day', ['Thu']);
      expect((await day.acknowledged()).type).toBe(InteractionResponseType.UpdateMessage);
      await day.waitForFollowUps(1);
      await (await vote(world, plannerChannelId, raid.plannerMessageId, member.id, 'time', ['20:00'])).waitForFollowUps(1);
    }
    await settle(world);
    expect(driver.roles(guild.id)).toHaveLength(rolesBefore);
    const [list] = slotMessages(noRoles, raid);
    expect(list!.content).toContain('Players: **2 / 1**');
    expect(list!.content).not.toContain('<@&');
    const logLines = world.bot.lines.filter((line) => line.text.includes(guild.id) && line.text.includes('Manage Roles'));
    expect(logLines).toHaveLength(1);
  });
});
