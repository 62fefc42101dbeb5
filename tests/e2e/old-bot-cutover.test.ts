/**
 * The switch from the Python bot on the data it leaves behind (old-bot-fixture.ts): the
 * schema check predicts exactly what the guard then does, restoration brings every open
 * raid back exactly once (adopting the old bot's messages that still exist, re-posting
 * the deleted ones, removing an untracked duplicate), no old row is lost or rewritten
 * beyond the documented repairs, and the old data keeps working: votes, the auto
 * template, display ids after the reused history, levels. Sequences and raids without
 * a display id are covered in depth by old-bot-data.test.ts.
 */
import { ComponentType, type APIMessage } from 'discord-api-types/v10';
import { parseCustomId } from '../../src/lib/discord/custom-ids';
import { checkSchema } from '../../src/lib/db/schema-check';
import { plantOldBotData, snapshotRows, type OldBotData, type TableRows } from './old-bot-fixture';
import { createRaidThroughBot, vote } from '../support/member-actions';
import { botMessages, disagreements } from '../support/read-backs';
import { waitUntil } from '../support/wait';
import { createWorld, type World } from '../support/world';

jest.setTimeout(120_000);

let world: World;
let data: OldBotData;
let predicted: readonly string[];
let before: TableRows;
let after: TableRows;
let startLog: string[];

beforeAll(async () => {
  world = await createWorld();
  data = await plantOldBotData(world);
  predicted = (await checkSchema(world.db.url)).changes;
  before = await snapshotRows(world);
  const bot = await world.startBot();
  await bot.waitForLine(/restoration: \d+ open raid\(s\) and/, { timeoutMs: 60_000 });
  startLog = bot.stdout;
  after = await snapshotRows(world);
});

afterAll(async () => {
  await world?.stop();
});

/** Raid ids a bot message's components belong to (either custom id format). */
function raidIdsOf(message: APIMessage): number[] {
  const ids = new Set<number>();
  for (const row of message.components ?? []) {
    if (row.type !== ComponentType.ActionRow) continue;
    for (const component of row.components) {
      const parsed = 'custom_id' in component ? parseCustomId(component.custom_id) : null;
      if (parsed?.kind === 'raidVote' || parsed?.kind === 'raidFinish') ids.add(parsed.raidId);
    }
  }
  return [...ids];
}

function withoutColumns(row: Record<string, unknown> | undefined, columns: readonly string[]): Record<string, unknown> | undefined {
  if (row === undefined) return undefined;
  return Object.fromEntries(Object.entries(row).filter(([column]) => !columns.includes(column)));
}

it('schema:check on the old data predicted exactly what the guard did at start: only sequence advances, no DDL', () => {
  const guarded = startLog.flatMap((line) => /Schema guard: (.*)$/.exec(line)?.[1] ?? []);
  expect(guarded).toEqual(predicted);
  expect(guarded.length).toBeGreaterThan(0);
  expect(guarded.every((change) => change.startsWith('advance_sequence:'))).toBe(true);
});

it('restoration brings every open raid back exactly once: existing old messages adopted, deleted ones re-posted, the untracked duplicate removed', async () => {
  const { server, adopted, reposted } = data;
  expect(startLog.some((line) => /restoration: 3 open raid\(s\) and 1 raid list\(s\) in \d+ ms, no failures, 1 leftover\(s\) deleted/.test(line))).toBe(true);
  for (const raidId of [3, 4, 7]) expect([raidId, await disagreements(world, server, raidId)]).toEqual([raidId, []]);

  const planners = botMessages(world, server.plannerChannelId);
  expect(planners.map(raidIdsOf).sort()).toEqual([[3], [4], [7]]);
  const stored = await world.db.query<{ id: number; message_id: string }>('SELECT id, message_id::text FROM raids ORDER BY id');
  expect(stored.map((raid) => raid.message_id).sort()).toEqual(planners.map((message) => message.id).sort());
  // Adopted in place: the same message, now with this bot's components.
  expect(stored.find((raid) => raid.id === adopted.raidId)?.message_id).toBe(adopted.plannerId);
  const adoptedPlanner = world.emulator.driver.message(server.plannerChannelId, adopted.plannerId)!;
  expect(adoptedPlanner.embeds[0]?.title).toBe('Raid planner: Nanos');
  expect(JSON.stringify(adoptedPlanner.components)).toContain('"custom_id":"raid:day:3"');
  expect(world.emulator.driver.message(server.plannerChannelId, reposted.duplicatePlannerId)).toBeNull();
  expect(stored.find((raid) => raid.id === reposted.raidId)?.message_id).not.toBe(reposted.deletedPlannerId);

  // Participant lists: the two that exist are kept (one row gets its channel), the deleted one and raid 7's are posted.
  const slots = await world.db.query<{ id: string; raid_id: string; day_label: string; time_label: string; channel_id: string; message_id: string }>(
    'SELECT id::text, raid_id::text, day_label, time_label, channel_id::text, message_id::text FROM raid_posted_slots ORDER BY id',
  );
  expect(slots.map((slot) => [slot.id, slot.raid_id, `${slot.day_label} ${slot.time_label}`, slot.channel_id])).toEqual([
    ['40', '3', 'Mon 20:00', server.participantsChannelId],
    ['41', '4', 'Fri 21:00', server.participantsChannelId],
    ['42', '4', 'Fri 22:00', server.participantsChannelId],
    [expect.any(String), '7', 'Sat 19:00', server.participantsChannelId],
  ]);
  expect(slots.slice(0, 2).map((slot) => slot.message_id)).toEqual([adopted.listId, reposted.listWithoutChannelId]);
  expect(slots[2]!.message_id).not.toBe(reposted.deletedListId);
  expect(botMessages(world, server.participantsChannelId).map((message) => message.id).sort()).toEqual(slots.map((slot) => slot.message_id).sort());

  // The raid list the settings point at is edited in place and shows the three raids.
  expect(botMessages(world, server.raidListChannelId).map((message) => message.id)).toEqual([data.raidListId]);
  const list = JSON.stringify(world.emulator.driver.message(server.raidListChannelId, data.raidListId)!.embeds);
  for (const displayId of [1, 2, 6]) expect(list).toContain(`\`${displayId}\``);
});

it('no old row is lost or rewritten beyond the documented repairs', () => {
  // Untouched, row for row: dungeons, settings, options, votes, templates, attendance, levels, debug mirror rows of every kind.
  for (const table of ['dungeons', 'guild_settings', 'raid_options', 'raid_votes', 'raid_templates', 'raid_attendance', 'user_levels', 'debug_mirror_cache']) {
    expect([table, after[table]]).toEqual([table, before[table]]);
  }
  // Raids: the number of the one without, the ids of re-posted planners, the raid role; nothing else.
  const raidRepairs = ['display_id', 'message_id', 'temp_role_id', 'temp_role_created'];
  expect([...after.raids!.keys()]).toEqual(['3', '4', '7']);
  for (const [id, row] of before.raids!) expect(withoutColumns(after.raids!.get(id), raidRepairs)).toEqual(withoutColumns(row, raidRepairs));
  expect([...after.raids!.values()].map((raid) => raid.display_id)).toEqual([1, 2, 6]);
  expect(after.raids!.get('3')!.message_id).toBe(before.raids!.get('3')!.message_id);
  // Participant-list rows: a channel id where there was none, the id of a re-posted list (and the trigger's updated_at).
  const slotRepairs = ['channel_id', 'message_id', 'updated_at'];
  for (const [id, row] of before.raid_posted_slots!) expect(withoutColumns(after.raid_posted_slots!.get(id), slotRepairs)).toEqual(withoutColumns(row, slotRepairs));
  expect(after.raid_posted_slots!.get('40')).toEqual(before.raid_posted_slots!.get('40'));
});

it('votes on restored raids work, on the adopted planner and on the re-posted one, and their lists follow', async () => {
  const { server, adopted } = data;
  const [, m1, m2, m3] = server.members.map((member) => member.id) as [string, string, string, string];
  await (await vote(world, server.plannerChannelId, adopted.plannerId, m3, 'day', ['Mon'])).reply();
  await (await vote(world, server.plannerChannelId, adopted.plannerId, m3, 'time', ['20:00'])).reply();
  const [raid4] = await world.db.query<{ message_id: string }>('SELECT message_id::text FROM raids WHERE id = 4');
  await (await vote(world, server.plannerChannelId, raid4!.message_id, m2, 'day', ['Fri'])).reply();
  await (await vote(world, server.plannerChannelId, raid4!.message_id, m2, 'time', ['21:00'])).reply();

  const mentions = (messageId: string) => [...(world.emulator.driver.message(server.participantsChannelId, messageId)?.content ?? '').matchAll(/<@(\d+)>/g)].map((match) => match[1]).sort();
  await waitUntil('the adopted Mon 20:00 list names the new voter', () => mentions(adopted.listId).includes(m3), 15_000, world);
  expect(mentions(adopted.listId)).toEqual([m1, m2, m3].sort());
  await waitUntil('the Fri 21:00 list names the new voter', () => mentions(data.reposted.listWithoutChannelId).includes(m2), 15_000, world);
  expect(await world.db.query('SELECT id FROM raid_votes WHERE id <= 31 ORDER BY id')).toHaveLength(12);
  for (const raidId of [3, 4]) expect([raidId, await disagreements(world, server, raidId)]).toEqual([raidId, []]);
});

it('the old auto template prefills /raidplan, the new raid is numbered after the reused history and the template is written back in the old format', async () => {
  const { server } = data;
  const creator = server.members[5]!.id;
  const command = await world.emulator.driver.slash({ channelId: server.generalChannelId, userId: creator, command: 'raidplan', options: { dungeon: 'Nanos' } });
  const modal = await command.modal();
  const prefilled = Object.fromEntries(
    (modal.components as Array<{ type: number; component?: { custom_id: string; value?: string } }>).flatMap((row) =>
      row.type === ComponentType.Label && row.component ? [[row.component.custom_id, row.component.value]] : [],
    ),
  );
  expect(prefilled).toEqual({ days: 'Mon, Tue', times: '20:00', minPlayers: '3' });

  const raid = await createRaidThroughBot(world, server, creator, { dungeon: 'Nanos', days: 'Wed', times: '20:00', minPlayers: '3' });
  expect(raid.displayId).toBe(7); // attendance history reaches 5, the unnumbered raid got 6
  expect(await world.db.query('SELECT id, template_data FROM raid_templates ORDER BY id')).toEqual([
    // Written back in the old format, the day in its stored form: the coming Wednesday with its date.
    { id: 1, template_data: expect.stringMatching(/^\{"days": \["Wed \d{4}-\d\d-\d\d"\], "times": \["20:00"\], "min_players": 3\}$/) },
    { id: 2, template_data: before.raid_templates!.get('2')!.template_data },
  ]);
});

it('levels go on: a member without a stored name earns XP and gets one, the other rows stay as they were', async () => {
  const { server } = data;
  const member = server.members[2]!;
  world.emulator.driver.postMessage({ channelId: server.generalChannelId, userId: member.id, content: 'back on the new bot' });
  const row = async () => (await world.db.query<{ xp: number; level: number; username: string | null }>('SELECT xp, level, username FROM user_levels WHERE user_id = $1', [member.id]))[0];
  await waitUntil('the message earned XP', async () => (await row())?.xp === 105, 15_000, world);
  expect(await row()).toEqual({ xp: 105, level: 1, username: member.username });
  const others = await world.db.query('SELECT user_id::text, xp, level, username FROM user_levels WHERE user_id <> $1 ORDER BY user_levels.user_id', [member.id]);
  expect(others).toEqual([...after.user_levels!.values()].filter((level) => level.user_id !== member.id).map(({ user_id, xp, level, username }) => ({ user_id, xp, level, username })));
});
