/**
 * A database the way the old bot leaves it: ids written explicitly with sequences never
 * moved, and an open raid without a display id. Start-up advances the sequences, so the
 * first /raidplan and the first votes succeed instead of failing on a primary key, and
 * restoration numbers the raid, so finishing it writes attendance under a fresh number.
 * The rest of the old bot's data (its messages, slot rows, templates, debug-mirror rows,
 * levels) and the switch itself: old-bot-cutover.test.ts.
 */
import { InteractionResponseType } from 'discord-api-types/v10';
import { t } from '../../src/lib/i18n';
import { createRaidThroughBot, vote } from '../support/member-actions';
import { createRaidGuild, type RaidGuild } from '../support/raid-guild';
import { waitUntil } from '../support/wait';
import { createWorld, type World } from '../support/world';

jest.setTimeout(120_000);

let world: World;
let guild: RaidGuild;
/** Holds the old bot's raid without a display id; its attendance history used 1, 2 and 3. */
let legacy: RaidGuild;
let startLog: string;

beforeAll(async () => {
  world = await createWorld();
  guild = await createRaidGuild(world, 'Legacy Ids', 3);
  const guildId = guild.guild.id;
  const channelId = guild.plannerChannelId;
  // Five open raids with ids 1..5, their options 1..10 and votes 1..15, as the old bot saved them.
  await world.db.query(
    `INSERT INTO raids (id, guild_id, channel_id, creator_id, dungeon, display_id, min_players)
     SELECT n, $1, $2, 9000 + n, 'Nanos', n, 3 FROM generate_series(1, 5) n`,
    [guildId, channelId],
  );
  await world.db.query(
    `INSERT INTO raid_options (id, raid_id, kind, label)
     SELECT 2 * n - 1, n, 'day', 'Mon' FROM generate_series(1, 5) n
     UNION ALL SELECT 2 * n, n, 'time', '20:00' FROM generate_series(1, 5) n`,
  );
  await world.db.query(
    `INSERT INTO raid_votes (id, raid_id, kind, option_label, user_id)
     SELECT 3 * r + v - 3, r, CASE WHEN v = 2 THEN 'time' ELSE 'day' END, CASE WHEN v = 2 THEN '20:00' ELSE 'Mon' END, 8000 + 10 * r + v
       FROM generate_series(1, 5) r, generate_series(1, 3) v`,
  );
  const [sequences] = await world.db.query<{ raids: string; votes: string }>(
    `SELECT (SELECT last_value FROM raids_id_seq)::text AS raids, (SELECT last_value FROM raid_votes_id_seq)::text AS votes`,
  );
  expect(sequences).toEqual({ raids: '1', votes: '1' }); // untouched, as the old bot leaves them

  legacy = await createRaidGuild(world, 'Legacy Null', 4);
  const [creator, a, b, historic] = legacy.members.map((member) => member.id) as [string, string, string, string];
  await world.db.query(
    `INSERT INTO raids (id, guild_id, channel_id, creator_id, dungeon, display_id, min_players) VALUES (6, $1, $2, $3, 'Nanos', NULL, 2)`,
    [legacy.guild.id, legacy.plannerChannelId, creator],
  );
  await world.db.query(`INSERT INTO raid_options (id, raid_id, kind, label) VALUES (11, 6, 'day', 'Fri'), (12, 6, 'time', '19:00')`);
  await world.db.query(
    `INSERT INTO raid_votes (id, raid_id, kind, option_label, user_id) VALUES (16, 6, 'day', 'Fri', $1), (17, 6, 'time', '19:00', $1), (18, 6, 'day', 'Fri', $2), (19, 6, 'time', '19:00', $2)`,
    [a, b],
  );
  // The old bot reused display ids: 1 twice (two members of one raid), then 2 and 3.
  await world.db.query(
    `INSERT INTO raid_attendance (id, guild_id, raid_display_id, dungeon, user_id, status) VALUES
       (1, $1, 1, 'Nanos', $2, 'present'), (2, $1, 1, 'Nanos', $3, 'present'), (3, $1, 2, 'Nanos', $2, 'present'), (4, $1, 3, 'Nanos', $4, 'present')`,
    [legacy.guild.id, a, b, historic],
  );
  const bot = await world.startBot();
  startLog = bot.stdout.join("\n");
});

afterAll(async () => {
  await world?.stop();
});

it('logs one line per sequence it advanced at start-up', () => {
  expect(startLog).toContain('Schema guard: advance_sequence:raids_id_seq (next id 1 -> 7, highest raids.id is 6)');
  expect(startLog).toContain('Schema guard: advance_sequence:raid_options_id_seq (next id 1 -> 13, highest raid_options.id is 12)');
  expect(startLog).toContain('Schema guard: advance_sequence:raid_votes_id_seq (next id 1 -> 20, highest raid_votes.id is 19)');
  expect(startLog).toContain('Schema guard: advance_sequence:raid_attendance_id_seq (next id 1 -> 5, highest raid_attendance.id is 4)');
});

it('the first /raidplan and the first votes succeed on the old ids', async () => {
  const [creator, member] = guild.members as [(typeof guild.members)[0], (typeof guild.members)[0]];
  const raid = await createRaidThroughBot(world, guild, creator.id, { days: 'Sat', times: '21:00', minPlayers: '1' });
  expect(raid.raidId).toBe(7);
  expect(raid.displayId).toBe(6);

  const dayVote = await vote(world, guild.plannerChannelId, raid.plannerMessageId, member.id, 'day', ['Sat']);
  expect((await dayVote.acknowledged()).type).toBe(InteractionResponseType.UpdateMessage);
  await (await vote(world, guild.plannerChannelId, raid.plannerMessageId, member.id, 'time', ['21:00'])).reply();

  // A vote on one of the old bot's raids, whose planner restoration posted again.
  const [restored] = await world.db.query<{ message_id: string | null }>('SELECT message_id::text FROM raids WHERE id = 1');
  expect(restored?.message_id).toEqual(expect.any(String));
  await (await vote(world, guild.plannerChannelId, restored!.message_id!, member.id, 'day', ['Mon'])).reply();

  await waitUntil('the three votes are stored', async () => (await world.db.query('SELECT 1 FROM raid_votes WHERE user_id = $1', [member.id])).length === 3);
  const votes = await world.db.query<{ id: number; raid_id: number }>('SELECT id, raid_id FROM raid_votes WHERE user_id = $1 ORDER BY id', [member.id]);
  expect(votes).toEqual([
    { id: 20, raid_id: 7 },
    { id: 21, raid_id: 7 },
    { id: 22, raid_id: 1 },
  ]);
  // The old rows are all still there.
  expect(await world.db.query('SELECT count(*)::int AS n FROM raid_votes WHERE id <= 15')).toEqual([{ n: 15 }]);
});

it('an open raid without a display id is numbered after the server\'s whole history, shown, voted on and finished with attendance', async () => {
  const [creator, a, b] = legacy.members.map((member) => member.id) as [string, string, string, string];
  expect(startLog).toContain(`restoration: raid 6 of guild ${legacy.guild.id} had no display id and now has 4`);
  const [row] = await world.db.query<{ display_id: number; message_id: string | null }>('SELECT display_id, message_id::text FROM raids WHERE id = 6');
  expect(row!.display_id).toBe(4);
  const planner = world.emulator.driver.message(legacy.plannerChannelId, row!.message_id!);
  expect(JSON.stringify(planner?.embeds)).toContain('`4`');
  expect(JSON.stringify(planner?.embeds)).not.toContain('`0`');

  // A third member joins the qualified slot; then the creator finishes the raid.
  const third = legacy.members[3]!.id;
  await (await vote(world, legacy.plannerChannelId, row!.message_id!, third, 'day', ['Fri'])).reply();
  await (await vote(world, legacy.plannerChannelId, row!.message_id!, third, 'time', ['19:00'])).reply();
  const finish = await world.emulator.driver.clickButton({ channelId: legacy.plannerChannelId, messageId: row!.message_id!, userId: creator, label: 'Finish raid' });
  expect((await finish.reply(30_000)).content).toBe(`${t('en-US', 'finish.finished', { displayId: 4, count: 3 })}\n${t('en-US', 'voiceAttendance.fallback')}`);

  const attendance = await world.db.query<{ user_id: string; raid_display_id: number; status: string }>(
    'SELECT user_id::text, raid_display_id, status FROM raid_attendance WHERE guild_id = $1 AND id > 4 ORDER BY user_id',
    [legacy.guild.id],
  );
  expect(attendance).toEqual([a, b, third].sort().map((userId) => ({ user_id: userId, raid_display_id: 4, status: 'present' })));
  // The history is untouched, and display id 4 was never used before.
  expect(await world.db.query('SELECT id, raid_display_id FROM raid_attendance WHERE id <= 4 ORDER BY id')).toEqual([
    { id: 1, raid_display_id: 1 },
    { id: 2, raid_display_id: 1 },
    { id: 3, raid_display_id: 2 },
    { id: 4, raid_display_id: 3 },
  ]);
});
