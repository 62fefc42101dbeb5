/**
 * Ending raids end to end: finish by button and /raid_finish (creator, administrator,
 * privileged user; everyone else refused and nothing changes), the attendance snapshot
 * and the participation count, cancel-all, the raid role's end (deleted when the bot
 * made it, kept when adopted), and the raid list (/raidlist repairs a deleted one).
 */
import type { APIMessage } from 'discord-api-types/v10';
import { t } from '../../src/lib/i18n';
import type { MemberFixture } from '../support/discord-emulator';
import { clickFinish, type CreatedRaid, createRaidThroughBot, vote, voteSlot } from '../support/member-actions';
import { createRaidGuild, type RaidGuild } from '../support/raid-guild';
import { botMessages, isEphemeral, plannerOf, settle } from '../support/read-backs';
import { waitUntil } from '../support/wait';
import { createWorld, type World } from '../support/world';

jest.setTimeout(120_000);

let world: World;
let alpha: RaidGuild;
let admin: MemberFixture;
let operator: MemberFixture;

beforeAll(async () => {
  world = await createWorld();
  alpha = await createRaidGuild(world, 'Alpha', 6);
  admin = world.emulator.driver.createMember(alpha.guild.id, { username: 'alpha-admin', admin: true });
  operator = world.emulator.driver.createMember(alpha.guild.id, { username: 'operator' });
  await world.startBot({ env: { PRIVILEGED_USER_ID: operator.id } });
});

afterAll(async () => {
  await world?.stop();
});

async function raidExists(raidId: number): Promise<boolean> {
  return (await world.db.query('SELECT 1 FROM raids WHERE id = $1', [raidId])).length > 0;
}

async function slash(userId: string, command: string, options: Record<string, string | number | boolean> = {}, locale?: string): Promise<APIMessage> {
  const handle = await world.emulator.driver.slash({ channelId: alpha.generalChannelId, userId, command, options, ...(locale ? { locale } : {}) });
  return handle.reply(30_000);
}

describe('finishing a raid', () => {
  let raid: CreatedRaid;
  let voter: MemberFixture;

  beforeAll(async () => {
    voter = alpha.members[1]!;
    raid = await createRaidThroughBot(world, alpha, alpha.members[0]!.id, { dungeon: 'Venomous Vortex', days: 'Mon', times: '20:00', minPlayers: '1' });
    await voteSlot(world, alpha, raid, voter.id, ['Mon'], ['20:00']);
    await settle(world);
  });

  it('is refused to a member who is neither creator nor administrator, and nothing changes', async () => {
    const before = plannerOf(world, alpha, raid);
    const reply = await clickFinish(world, alpha, raid, alpha.members[2]!.id);
    expect(reply.content).toBe(t('en-US', 'finish.notAllowed'));
    expect(isEphemeral(reply)).toBe(true);
    expect(await raidExists(raid.raidId)).toBe(true);
    expect(plannerOf(world, alpha, raid)).toEqual(before);
    expect(await world.db.query('SELECT 1 FROM raid_attendance WHERE guild_id = $1', [alpha.guild.id])).toEqual([]);
  });

  it('the refusal speaks German to a German member', async () => {
    const reply = await clickFinish(world, alpha, raid, alpha.members[2]!.id, 'de');
    expect(reply.content).toBe('Nur der Raid-Ersteller oder ein Server-Administrator darf den Raid beenden.');
  });

  it('by the creator writes attendance for the slot members, deletes the raid and cleans Discord up', async () => {
    const role = world.emulator.driver.roles(alpha.guild.id).find((candidate) => candidate.name === 'DMW Raid: Venomous Vortex');
    expect(role).toBeDefined();
    await waitUntil('the voter holds the raid role', () => world.emulator.driver.memberRoles(alpha.guild.id, voter.id).includes(role!.id));
    const [slot] = await world.db.query<{ message_id: string }>('SELECT message_id FROM raid_posted_slots WHERE raid_id = $1', [raid.raidId]);
    expect(slot).toBeDefined();

    const reply = await clickFinish(world, alpha, raid, alpha.members[0]!.id);
    expect(reply.content).toBe(`${t('en-US', 'finish.finished', { displayId: raid.displayId, count: 1 })}\n${t('en-US', 'voiceAttendance.fallback')}`);
    expect(isEphemeral(reply)).toBe(true);

    expect(await raidExists(raid.raidId)).toBe(false);
    const attendance = await world.db.query<{ user_id: string; status: string; raid_display_id: number; dungeon: string }>(
      'SELECT user_id, status, raid_display_id, dungeon FROM raid_attendance WHERE guild_id = $1',
      [alpha.guild.id],
    );
    expect(attendance).toEqual([{ user_id: voter.id, status: 'present', raid_display_id: raid.displayId, dungeon: 'Venomous Vortex' }]);

    await settle(world);
    const closed = plannerOf(world, alpha, raid);
    expect(closed.embeds[0]!.title).toBe('Raid closed: finished');
    expect(closed.embeds[0]!.description).toContain('Attendance rows: `1`');
    expect(closed.components ?? []).toEqual([]);
    expect(world.emulator.driver.message(alpha.participantsChannelId, slot!.message_id)).toBeNull();
    expect(world.emulator.driver.role(alpha.guild.id, role!.id)).toBeNull();
    const [list] = botMessages(world, alpha.raidListChannelId);
    expect(list!.embeds[0]!.description).not.toContain('Venomous Vortex');
  });

  it('leaves no component to vote on', async () => {
    await expect(vote(world, alpha.plannerChannelId, raid.plannerMessageId, voter.id, 'day', ['Mon'])).rejects.toThrow(/no day select/);
    await expect(clickFinish(world, alpha, raid, alpha.members[0]!.id)).rejects.toMatchObject({ reason: 'unknown_component' });
  });
});

describe('/raid_finish and who may finish', () => {
  it('an administrator may finish someone else’s raid by its display id', async () => {
    const raid = await createRaidThroughBot(world, alpha, alpha.members[0]!.id, { dungeon: 'Back of the Empire', days: 'Tue', times: '19:00', minPlayers: '0' });
    const reply = await slash(admin.id, 'raid_finish', { raid_id: raid.displayId });
    expect(reply.content).toBe(t('en-US', 'finish.finished', { displayId: raid.displayId, count: 0 }));
    expect(await raidExists(raid.raidId)).toBe(false);
  });

  it('the privileged user may finish with the button', async () => {
    const raid = await createRaidThroughBot(world, alpha, alpha.members[0]!.id, { dungeon: 'Stage Of Clown', days: 'Tue', times: '19:00', minPlayers: '0' });
    const reply = await clickFinish(world, alpha, raid, operator.id);
    expect(reply.content).toBe(t('en-US', 'finish.finished', { displayId: raid.displayId, count: 0 }));
    expect(await raidExists(raid.raidId)).toBe(false);
  });

  it('another member is refused with /raid_finish too', async () => {
    const raid = await createRaidThroughBot(world, alpha, alpha.members[0]!.id, { dungeon: 'Odaiba Park', days: 'Tue', times: '19:00', minPlayers: '0' });
    const reply = await slash(alpha.members[3]!.id, 'raid_finish', { raid_id: raid.displayId });
    expect(reply.content).toBe(t('en-US', 'finish.notAllowed'));
    expect(await raidExists(raid.raidId)).toBe(true);
    await slash(alpha.members[0]!.id, 'raid_finish', { raid_id: raid.displayId });
    expect(await raidExists(raid.raidId)).toBe(false);
  });

  it('an unknown display id is answered clearly', async () => {
    const reply = await slash(alpha.members[0]!.id, 'raid_finish', { raid_id: 999 });
    expect(reply.content).toBe(t('en-US', 'finish.notFound', { displayId: 999 }));
    expect(isEphemeral(reply)).toBe(true);
  });
});

describe('participation count', () => {
  it('starts at 0, counts once per finished raid a member was in a slot of, and never for non-voters', async () => {
    const guild = await createRaidGuild(world, 'Counting', 3);
    const [creator, voter, bystander] = guild.members as [MemberFixture, MemberFixture, MemberFixture];
    const count = (userId: string) => world.repos.attendance.participationCount(guild.guild.id, userId);
    expect(await count(voter.id)).toBe(0);

    for (const dungeon of ['Berserk Arena', 'Shopping Mall']) {
      const raid = await createRaidThroughBot(world, guild, creator.id, { dungeon, days: 'Mon, Tue', times: '20:00, 21:00', minPlayers: '1' });
      await (await vote(world, guild.plannerChannelId, raid.plannerMessageId, voter.id, 'day', ['Mon', 'Tue'])).waitForFollowUps(1);
      await (await vote(world, guild.plannerChannelId, raid.plannerMessageId, voter.id, 'time', ['20:00', '21:00'])).waitForFollowUps(1);
      const finish = await world.emulator.driver.clickButton({ channelId: guild.plannerChannelId, messageId: raid.plannerMessageId, userId: creator.id, label: 'Finish raid' });
      expect((await finish.reply(30_000)).content).toBe(`${t('en-US', 'finish.finished', { displayId: raid.displayId, count: 1 })}\n${t('en-US', 'voiceAttendance.fallback')}`);
    }
    expect(await count(voter.id)).toBe(2);
    expect(await count(bystander.id)).toBe(0);
    expect(await count(creator.id)).toBe(0);
  });
});

describe('cancelling every raid', () => {
  it('closes all open raids of the guild without attendance, keeps an adopted role and takes it from the slot members', async () => {
    const guild = await createRaidGuild(world, 'Cancel', 3);
    const guildAdmin = world.emulator.driver.createMember(guild.guild.id, { username: 'cancel-admin', admin: true });
    const [creator, voter, handHolder] = guild.members as [MemberFixture, MemberFixture, MemberFixture];
    const adopted = world.emulator.driver.createRole(guild.guild.id, { name: 'DMW Raid: Final Battle', mentionable: true });
    world.emulator.driver.addMemberRole(guild.guild.id, handHolder.id, adopted.id);

    const first = await createRaidThroughBot(world, guild, creator.id, { dungeon: 'Final Battle', days: 'Mon', times: '20:00', minPlayers: '1' });
    const second = await createRaidThroughBot(world, guild, creator.id, { dungeon: 'Rainbow Bridge', days: 'Tue', times: '21:00', minPlayers: '2' });
    await (await vote(world, guild.plannerChannelId, first.plannerMessageId, voter.id, 'day', ['Mon'])).waitForFollowUps(1);
    await (await vote(world, guild.plannerChannelId, first.plannerMessageId, voter.id, 'time', ['20:00'])).waitForFollowUps(1);
    await waitUntil('the voter holds the adopted role', () => world.emulator.driver.memberRoles(guild.guild.id, voter.id).includes(adopted.id));
    const [stored] = await world.db.query<{ temp_role_id: string; temp_role_created: boolean }>('SELECT temp_role_id, temp_role_created FROM raids WHERE id = $1', [first.raidId]);
    expect(stored).toEqual({ temp_role_id: adopted.id, temp_role_created: false });
    const created = world.emulator.driver.roles(guild.guild.id).find((role) => role.name === 'DMW Raid: Rainbow Bridge')!;
    expect(created).toBeDefined();

    const handle = await world.emulator.driver.slash({ channelId: guild.generalChannelId, userId: guildAdmin.id, command: 'cancel_all_raids' });
    const reply = await handle.reply(30_000);
    expect(reply.content).toBe(t('en-US', 'cancelAll.done', { count: 2 }));
    expect(isEphemeral(reply)).toBe(true);
    expect(await world.repos.raids.openRaidsOfGuild(guild.guild.id)).toEqual([]);
    expect(await world.db.query('SELECT 1 FROM raid_attendance WHERE guild_id = $1', [guild.guild.id])).toEqual([]);

    await settle(world);
    for (const raid of [first, second]) {
      const closed = world.emulator.driver.message(guild.plannerChannelId, raid.plannerMessageId)!;
      expect(closed.embeds[0]!.title).toBe('Raid closed: cancelled');
      expect(closed.components ?? []).toEqual([]);
    }
    expect(botMessages(world, guild.participantsChannelId)).toEqual([]);
    expect(world.emulator.driver.role(guild.guild.id, adopted.id)).not.toBeNull();
    expect(world.emulator.driver.memberRoles(guild.guild.id, voter.id)).not.toContain(adopted.id);
    expect(world.emulator.driver.memberRoles(guild.guild.id, handHolder.id)).toContain(adopted.id);
    expect(world.emulator.driver.role(guild.guild.id, created.id)).toBeNull();
  });

  it('is not offered to members who are not administrators', async () => {
    await expect(world.emulator.driver.slash({ channelId: alpha.generalChannelId, userId: alpha.members[4]!.id, command: 'cancel_all_raids' })).rejects.toMatchObject({
      reason: 'not_allowed',
    });
    const registered = world.emulator.driver.commands().find((command) => command.name === 'cancel_all_raids')!;
    expect(registered.default_member_permissions).toBe('8');
  });
});

describe('the raid list', () => {
  it('/raidlist posts it again when it was deleted behind the bot’s back', async () => {
    await createRaidThroughBot(world, alpha, alpha.members[0]!.id, { dungeon: 'Abyss Dungeon', days: 'Wed', times: '20:00', minPlayers: '0' });
    await settle(world);
    const [old] = botMessages(world, alpha.raidListChannelId);
    world.emulator.deleteMessageBehindBotsBack(alpha.raidListChannelId, old!.id);

    const reply = await slash(alpha.members[5]!.id, 'raidlist');
    expect(reply.content).toBe(t('en-US', 'raidList.refreshed'));
    const lists = botMessages(world, alpha.raidListChannelId);
    expect(lists).toHaveLength(1);
    expect(lists[0]!.id).not.toBe(old!.id);
    expect(lists[0]!.embeds[0]!.description).toContain('Abyss Dungeon');
    expect((await world.repos.settings.get(alpha.guild.id))!.raidListMessageId).toBe(lists[0]!.id);
  });

  it('a failed /raidlist refresh is answered and logged once', async () => {
    const bot = world.bot;
    const linesBefore = bot.lines.length;
    // Discord fails the raid list edit and each of discord.js's three retries.
    const fault = world.emulator.faults.failNext({ method: 'PATCH', route: `/channels/${alpha.raidListChannelId}/messages/:message_id`, status: 500, times: 4 });
    const reply = await slash(alpha.members[5]!.id, 'raidlist');
    fault.cancel();
    expect(fault.hits).toBe(4);
    expect(reply.content).toBe(t('en-US', 'raidList.refreshFailed'));
    await new Promise((resolve) => setTimeout(resolve, 500)); // the bot's output reaches the test through a pipe
    const failureLines = bot.lines.slice(linesBefore).filter((line) => line.text.includes(alpha.guild.id) && line.text.includes('failed'));
    expect(failureLines.map((line) => line.text)).toEqual([expect.stringContaining(`raid list refresh of guild ${alpha.guild.id} failed`)]);
  });

  it('a raid-list channel the bot lost access to is named in the answer', async () => {
    world.emulator.removeChannelPermission(alpha.raidListChannelId, alpha.guild.botRoleId!, ['SendMessages']);
    try {
      const [current] = botMessages(world, alpha.raidListChannelId);
      world.emulator.deleteMessageBehindBotsBack(alpha.raidListChannelId, current!.id);
      const reply = await slash(alpha.members[5]!.id, 'raidlist');
      expect(reply.content).toContain(`<#${alpha.raidListChannelId}>`);
      expect(isEphemeral(reply)).toBe(true);
    } finally {
      world.emulator.grantChannelPermission(alpha.raidListChannelId, alpha.guild.botRoleId!, ['SendMessages']);
    }
  });
});

describe('failures after the acknowledgement', () => {
  it('reach the member as a private answer instead of "This interaction failed", and the raid stays', async () => {
    const raid = await createRaidThroughBot(world, alpha, alpha.members[0]!.id, { dungeon: 'Royal Base', days: 'Mon', times: '20:00', minPlayers: '0' });
    await voteSlot(world, alpha, raid, alpha.members[1]!.id, ['Mon'], ['20:00']);
    await world.db.query('ALTER TABLE raid_attendance RENAME TO raid_attendance_away');
    let reply: APIMessage;
    try {
      reply = await slash(alpha.members[0]!.id, 'raid_finish', { raid_id: raid.displayId });
    } finally {
      await world.db.query('ALTER TABLE raid_attendance_away RENAME TO raid_attendance');
    }
    expect(reply.content).toBe(t('en-US', 'common.genericError'));
    expect(isEphemeral(reply)).toBe(true);
    expect(await raidExists(raid.raidId)).toBe(true);
    expect(plannerOf(world, alpha, raid).components?.length).toBeGreaterThan(0);
  });

  it('guild settings that cannot be read during the cleanup are logged as a warning; the raid is finished and its clean-up done once they can', async () => {
    const raid = await createRaidThroughBot(world, alpha, alpha.members[0]!.id, { dungeon: 'Royal Base Hard', days: 'Tue', times: '20:00', minPlayers: '1' });
    await settle(world);
    await world.db.query('ALTER TABLE guild_settings RENAME TO guild_settings_away');
    let reply: APIMessage;
    let warning: string;
    try {
      reply = await clickFinish(world, alpha, raid, alpha.members[0]!.id);
      warning = await world.bot.waitForLine(`raid ${raid.raidId}: guild settings could not be read`, { timeoutMs: 15_000 });
      expect(await world.repos.raids.openRaidsOfGuild(alpha.guild.id)).not.toContainEqual(expect.objectContaining({ id: raid.raidId }));
    } finally {
      await world.db.query('ALTER TABLE guild_settings_away RENAME TO guild_settings');
    }
    expect(reply.content).toBe(t('en-US', 'finish.finished', { displayId: raid.displayId, count: 0 }));
    expect(warning).toMatch(/WARNING/);
    // The clean-up was owed, not dropped: the retry finds the settings again and completes it.
    await waitUntil('the owed clean-up is done', async () => !(await raidExists(raid.raidId)), 30_000);
    expect(plannerOf(world, alpha, raid).components ?? []).toEqual([]);
  });

  it('no interaction of this suite was acknowledged twice (40060) or too late (10062)', () => {
    const refused = world.emulator.rest.calls.filter((call) => call.errorCode === 40060 || call.errorCode === 10062);
    expect(refused).toEqual([]);
  });
});

describe('/dungeonlist', () => {
  it('lists the active dungeons in catalogue order', async () => {
    const rows = await world.db.query<{ name: string }>('SELECT name FROM dungeons WHERE is_active ORDER BY sort_order, lower(name), id');
    const reply = await slash(alpha.members[0]!.id, 'dungeonlist');
    const lines = reply.content.split('\n');
    expect(lines[0]).toBe(t('en-US', 'dungeonList.title'));
    expect(lines.slice(1)).toEqual(rows.map((row) => `- ${row.name.replace(/([()*_`~|\\[\]])/g, '\\$1')}`));
    expect(isEphemeral(reply)).toBe(true);
  });
});
