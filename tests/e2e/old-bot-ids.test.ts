/**
 * A database the way the old bot leaves it: ids written explicitly, sequences never
 * moved. Start-up advances the sequences, so the first /raidplan and the first votes
 * of members succeed instead of failing on a primary key.
 */
import { InteractionResponseType } from 'discord-api-types/v10';
import { closeWorld, createRaidGuild, createRaidThroughBot, createWorld, startBot, vote, waitUntil, type RaidGuild, type World } from './restore-support';

jest.setTimeout(120_000);

let world: World;
let guild: RaidGuild;
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
  const bot = await startBot(world);
  startLog = bot.stdout.join("\n");
});

afterAll(async () => {
  await closeWorld(world);
});

it('logs one line per sequence it advanced at start-up', () => {
  expect(startLog).toContain('Schema guard: advance_sequence:raids_id_seq (next id 1 -> 6, highest raids.id is 5)');
  expect(startLog).toContain('Schema guard: advance_sequence:raid_options_id_seq (next id 1 -> 11, highest raid_options.id is 10)');
  expect(startLog).toContain('Schema guard: advance_sequence:raid_votes_id_seq (next id 1 -> 16, highest raid_votes.id is 15)');
});

it('the first /raidplan and the first votes succeed on the old ids', async () => {
  const [creator, member] = guild.members as [(typeof guild.members)[0], (typeof guild.members)[0]];
  const raid = await createRaidThroughBot(world, guild, creator.id, { days: 'Sat', times: '21:00', minPlayers: '1' });
  expect(raid.raidId).toBe(6);
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
    { id: 16, raid_id: 6 },
    { id: 17, raid_id: 6 },
    { id: 18, raid_id: 1 },
  ]);
  // The old rows are all still there.
  expect(await world.db.query('SELECT count(*)::int AS n FROM raid_votes WHERE id <= 15')).toEqual([{ n: 15 }]);
});
