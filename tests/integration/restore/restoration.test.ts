import { createLogger } from '../../../src/lib/logging';
import { restoreTrackedMessages, RESTORATION_CONCURRENCY } from '../../../src/lib/restore/restoration';
import { parseCustomId } from '../../../src/lib/discord/custom-ids';
import { createRaidGuild, type RaidGuild } from '../../support/raid-guild';
import { botMessages, countCalls, MESSAGE_ROUTE, MESSAGES_ROUTE, peakConcurrency } from '../../support/read-backs';
import { startRestoreBed, type RestoreBed } from './support';

jest.setTimeout(60_000);

let bed: RestoreBed;
let guildA: RaidGuild;
let guildB: RaidGuild;
const raidIds: Record<'a1' | 'a2' | 'b1', number> = { a1: 0, a2: 0, b1: 0 };

/** Restoration by fresh services, and the raid roles' member passes it schedules. */
async function restore() {
  const services = bed.services();
  const report = await restoreTrackedMessages({ client: bed.client, repos: bed.repos, services, logger: createLogger('test.restore') });
  await services.roles.whenAllIdle();
  return report;
}

async function plannerMessageId(raidId: number): Promise<string | null> {
  const [row] = await bed.db.query<{ message_id: string | null }>('SELECT message_id FROM raids WHERE id = $1', [raidId]);
  return row?.message_id ?? null;
}

async function slotRows(raidId: number): Promise<Array<{ day_label: string; time_label: string; message_id: string }>> {
  return bed.db.query('SELECT day_label, time_label, message_id FROM raid_posted_slots WHERE raid_id = $1 ORDER BY day_label, time_label', [raidId]);
}

beforeAll(async () => {
  bed = await startRestoreBed();
  guildA = await createRaidGuild(bed, 'Guild A');
  guildB = await createRaidGuild(bed, 'Guild B');
  const [m0, m1, m2] = guildA.members.map((member) => member.id) as [string, string, string];
  raidIds.a1 = (await bed.createRaid(guildA, { days: ['Sat', 'Sun'], times: ['20:00'], minPlayers: 2, votes: { [m0]: [['Sat'], ['20:00']], [m1]: [['Sat'], ['20:00']], [m2]: [['Sun'], []] } })).raid.id;
  raidIds.a2 = (await bed.createRaid(guildA, { days: ['Mon'], times: ['18:00'], minPlayers: 0 })).raid.id;
  const [b0] = guildB.members.map((member) => member.id) as [string];
  raidIds.b1 = (await bed.createRaid(guildB, { days: ['Sat', 'Sun'], times: ['21:00'], minPlayers: 1, votes: { [b0]: [['Sat', 'Sun'], ['21:00']] } })).raid.id;
  await bed.login();
});

afterAll(async () => {
  await bed?.close();
});

describe('start-up restoration', () => {
  it('posts what was never posted: every planner, the qualified participant lists and the raid lists, and stores their ids', async () => {
    const since = bed.emulator.rest.calls.length;
    const report = await restore();
    const calls = bed.callsSince(since);

    expect(report).toMatchObject({ raids: 3, raidsFailed: 0, raidLists: 2, raidListsFailed: 0 });
    // 3 planners + slots (A1 Sat/20:00, B1 Sat/21:00 and Sun/21:00) + 2 raid lists.
    expect(countCalls(calls, 'POST', MESSAGES_ROUTE)).toBe(3 + 3 + 2);
    expect(peakConcurrency(calls)).toBeLessThanOrEqual(RESTORATION_CONCURRENCY);

    for (const raidId of Object.values(raidIds)) {
      const messageId = await plannerMessageId(raidId);
      expect(messageId).not.toBeNull();
      const planner = bed.emulator.driver.message(raidId === raidIds.b1 ? guildB.plannerChannelId : guildA.plannerChannelId, messageId!);
      // Components carry the raid id, so they keep working after any restart.
      const ids = (planner!.components ?? []).flatMap((row) => ('components' in row ? (row.components as Array<{ custom_id?: string }>) : [])).map((c) => c.custom_id ?? '');
      expect(ids.map((id) => parseCustomId(id))).toEqual([
        { kind: 'raidVote', raidId, optionKind: 'day' },
        { kind: 'raidVote', raidId, optionKind: 'time' },
        { kind: 'raidFinish', raidId },
      ]);
    }
    expect((await slotRows(raidIds.a1)).map((row) => [row.day_label, row.time_label])).toEqual([['Sat', '20:00']]);
    expect((await slotRows(raidIds.b1)).map((row) => [row.day_label, row.time_label])).toEqual([
      ['Sat', '21:00'],
      ['Sun', '21:00'],
    ]);
    expect(botMessages(bed, guildA.participantsChannelId)).toHaveLength(1);
    expect(botMessages(bed, guildA.raidListChannelId)).toHaveLength(1);
    const [settings] = await bed.db.query<{ raidlist_message_id: string }>('SELECT raidlist_message_id FROM guild_settings WHERE guild_id = $1', [guildA.guild.id]);
    expect(settings!.raidlist_message_id).toBe(botMessages(bed, guildA.raidListChannelId)[0]!.id);
  });

  it('a restart with nothing changed reads each channel once, page by page, and writes nothing', async () => {
    const since = bed.emulator.rest.calls.length;
    const report = await restore();
    const calls = bed.callsSince(since);

    expect(calls.filter((call) => call.method !== 'GET')).toEqual([]);
    // One page per channel holding tracked messages (planner, participants and raid-list channel of A and B),
    // no read per message (3 planners, 3 participant lists and 2 raid lists compared with the copies).
    expect(countCalls(calls, 'GET', MESSAGES_ROUTE)).toBe(6);
    expect(countCalls(calls, 'GET', MESSAGE_ROUTE)).toBe(0);
    expect(report.scan).toMatchObject({ channels: 6, pages: 6, unsettled: 0 });
    expect(peakConcurrency(calls)).toBeLessThanOrEqual(RESTORATION_CONCURRENCY);
  });

  it('posts messages deleted behind the bot\'s back again, exactly once each, and stores the new ids', async () => {
    const plannerA1 = (await plannerMessageId(raidIds.a1))!;
    const slotB1 = (await slotRows(raidIds.b1))[0]!.message_id;
    const [{ raidlist_message_id: listA }] = (await bed.db.query<{ raidlist_message_id: string }>(
      'SELECT raidlist_message_id FROM guild_settings WHERE guild_id = $1',
      [guildA.guild.id],
    )) as [{ raidlist_message_id: string }];
    bed.emulator.deleteMessageBehindBotsBack(guildA.plannerChannelId, plannerA1);
    bed.emulator.deleteMessageBehindBotsBack(guildB.participantsChannelId, slotB1);
    bed.emulator.deleteMessageBehindBotsBack(guildA.raidListChannelId, listA);

    const since = bed.emulator.rest.calls.length;
    await restore();
    const calls = bed.callsSince(since);

    expect(countCalls(calls, 'POST', MESSAGES_ROUTE)).toBe(3);
    // Raid lists are restored after all raids, so A's list is posted with A1's new planner link right away.
    expect(countCalls(calls, 'PATCH', MESSAGE_ROUTE)).toBe(0);
    expect(await plannerMessageId(raidIds.a1)).not.toBe(plannerA1);
    expect(botMessages(bed, guildA.plannerChannelId)).toHaveLength(2);
    expect(botMessages(bed, guildB.participantsChannelId)).toHaveLength(2);
    expect(botMessages(bed, guildA.raidListChannelId)).toHaveLength(1);
    const newPlanner = (await plannerMessageId(raidIds.a1))!;
    expect(botMessages(bed, guildA.raidListChannelId)[0]!.embeds[0]!.description).toContain(newPlanner);
  });

  it('votes changed while the bot was down: the planner is edited, a slot that no longer qualifies is deleted, a new one posted', async () => {
    const [b0, b1] = guildB.members.map((member) => member.id) as [string, string];
    await bed.repos.raids.toggleVotes(raidIds.b1, b0, 'day', ['Sun']); // b0 leaves Sun: Sun/21:00 no longer qualifies
    await bed.repos.raids.toggleVotes(raidIds.b1, b1, 'day', ['Sat']); // b1 has no time yet: Sat/21:00 stays b0 alone
    const beforeSlots = await slotRows(raidIds.b1);
    const sunSlot = beforeSlots.find((row) => row.day_label === 'Sun')!.message_id;

    const since = bed.emulator.rest.calls.length;
    await restore();
    const calls = bed.callsSince(since);

    // Only planner B1 shows other counts (Sat 2, Sun 0); the Sat list is unchanged.
    expect(countCalls(calls, 'PATCH', MESSAGE_ROUTE)).toBe(1);
    expect(countCalls(calls, 'DELETE', MESSAGE_ROUTE)).toBe(1);
    expect(countCalls(calls, 'POST', MESSAGES_ROUTE)).toBe(0);
    expect((await slotRows(raidIds.b1)).map((row) => row.day_label)).toEqual(['Sat']);
    expect(bed.emulator.driver.message(guildB.participantsChannelId, sunSlot)).toBeNull();

    await bed.repos.raids.toggleVotes(raidIds.b1, b1, 'day', ['Sun']);
    await bed.repos.raids.toggleVotes(raidIds.b1, b1, 'time', ['21:00']); // Sat gains b1, Sun qualifies again with b1
    const again = bed.emulator.rest.calls.length;
    await restore();
    const later = bed.callsSince(again);
    expect(countCalls(later, 'POST', MESSAGES_ROUTE)).toBe(1);
    expect(countCalls(later, 'PATCH', MESSAGE_ROUTE)).toBe(2); // planner B1 and the Sat list
    expect((await slotRows(raidIds.b1)).map((row) => row.day_label)).toEqual(['Sat', 'Sun']);
  });

  it('the raid role follows the slots again: one member pass per role after the raids', async () => {
    const [{ temp_role_id: roleId }] = (await bed.db.query<{ temp_role_id: string }>('SELECT temp_role_id FROM raids WHERE id = $1', [raidIds.a1])) as [{ temp_role_id: string }];
    const [m0] = guildA.members.map((member) => member.id) as [string];
    bed.emulator.driver.removeMemberRole(guildA.guild.id, m0, roleId); // taken away while the bot was down
    await bed.emulator.driver.settle();
    const services = bed.services();
    const since = bed.emulator.rest.calls.length;
    await restoreTrackedMessages({ client: bed.client, repos: bed.repos, services, logger: createLogger('test.restore') });
    await services.roles.whenAllIdle();

    expect(bed.emulator.driver.memberRoles(guildA.guild.id, m0)).toContain(roleId);
    expect(bed.callsSince(since).filter((call) => call.method === 'PUT' && call.path.includes('/roles/'))).toHaveLength(1);
  });

  it('leaves raids of guilds the bot is not in alone, with one warning', async () => {
    await bed.db.query(
      `INSERT INTO raids (guild_id, channel_id, creator_id, dungeon, status, min_players, display_id)
       VALUES (424242424242424242, 434343434343434343, 1, 'Skull', 'open', 1, 1)`,
    );
    const since = bed.emulator.rest.calls.length;
    const logsBefore = bed.logs.length;
    const report = await restore();
    const calls = bed.callsSince(since);

    expect(report.raidsOfAbsentGuilds).toBe(1);
    expect(calls.some((call) => call.path.includes('434343434343434343'))).toBe(false);
    const warnings = bed.logs.slice(logsBefore).filter((record) => record.level === 'WARNING' && record.message.includes('424242424242424242'));
    expect(warnings).toHaveLength(1);
  });
});

describe('leftovers of an interrupted run', () => {
  it('deletes untracked planners, participant lists and raid lists the bot posted earlier, and nothing else', async () => {
    const services = bed.services();
    const rest = bed.client.rest;
    const post = async (channelId: string, body: object): Promise<string> =>
      ((await rest.post(`/channels/${channelId}/messages`, { body })) as { id: string }).id;
    const a1 = (await bed.repos.raids.loadRaidState(raidIds.a1))!;
    // What a killed process left: a second planner of A1, a participant list and a raid list nobody tracks.
    const leftovers = [
      [guildA.plannerChannelId, await post(guildA.plannerChannelId, await services.planner.render(a1))],
      [guildA.participantsChannelId, await post(guildA.participantsChannelId, { content: `**Participants for Nanos** · Raid \`${a1.raid.displayId}\`\nDay: **Sat** · Time: **20:00**` })],
      [guildA.raidListChannelId, await post(guildA.raidListChannelId, { embeds: [{ title: 'Open raids on Guild A', description: 'No open raids.' }] })],
    ] as const;
    // Bot messages of other kinds stay: a guide, a closed planner (no components), a member's message.
    const kept = [
      [guildA.plannerChannelId, await post(guildA.plannerChannelId, { content: '**How raid planning works**' })],
      [guildA.plannerChannelId, await post(guildA.plannerChannelId, { embeds: [{ title: 'Raid closed: finished' }] })],
      [guildA.participantsChannelId, bed.emulator.driver.postMessage({ channelId: guildA.participantsChannelId, userId: guildA.members.map((member) => member.id)[0]!, content: '**Participants for Nanos** · Raid `1`' }).id],
    ] as const;
    const trackedBefore = { planner: await plannerMessageId(raidIds.a1), slots: await slotRows(raidIds.a1) };
    await new Promise((resolve) => setTimeout(resolve, 5)); // the leftovers are older than this restoration

    const report = await restoreTrackedMessages({ client: bed.client, repos: bed.repos, services: bed.services(), logger: createLogger('test.restore'), sweepLeftovers: true });

    expect(report.leftoversDeleted).toBe(3);
    for (const [channelId, messageId] of leftovers) expect(bed.emulator.driver.message(channelId, messageId)).toBeNull();
    for (const [channelId, messageId] of kept) expect(bed.emulator.driver.message(channelId, messageId)).not.toBeNull();
    expect(await plannerMessageId(raidIds.a1)).toBe(trackedBefore.planner);
    expect(await slotRows(raidIds.a1)).toEqual(trackedBefore.slots);
    for (const row of trackedBefore.slots) expect(bed.emulator.driver.message(guildA.participantsChannelId, row.message_id)).not.toBeNull();
  });

  it('leaves a planner alone whose raid is being created by this process right now', async () => {
    const since = new Date(Date.now() - 1000);
    const creating = await bed.createRaid(guildA, { days: ['Wed'], times: ['19:00'], minPlayers: 0 });
    const calls = bed.emulator.rest.calls.length;
    await restoreTrackedMessages({ client: bed.client, repos: bed.repos, services: bed.services(), logger: createLogger('test.restore'), raidsInCreationSince: since });
    expect(bed.callsSince(calls).some((call) => call.method === 'POST' && call.path === `/channels/${guildA.plannerChannelId}/messages`)).toBe(false);
    expect(await plannerMessageId(creating.raid.id)).toBeNull();

    // An earlier run's creation that was cut off does get its planner.
    await restoreTrackedMessages({ client: bed.client, repos: bed.repos, services: bed.services(), logger: createLogger('test.restore'), raidsInCreationSince: new Date(Date.now() + 60_000) });
    expect(await plannerMessageId(creating.raid.id)).not.toBeNull();
  });
});
