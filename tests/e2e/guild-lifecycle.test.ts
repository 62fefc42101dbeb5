/**
 * Guild lifecycle of the built bot: joining creates the settings row (with the name)
 * and posts nothing uninvited; leaving removes the guild's data in one go and keeps
 * attendance (SPEC decision 14); a guild that is only unavailable keeps everything.
 */
import { GatewayDispatchEvents } from 'discord-api-types/v10';
import { clickFinish, createRaidThroughBot, voteSlot } from '../support/member-actions';
import { createRaidGuild, type RaidGuild } from '../support/raid-guild';
import { botMessages } from '../support/read-backs';
import { waitUntil } from '../support/wait';
import { createWorld, type World } from '../support/world';

jest.setTimeout(120_000);

let world: World;
let home: RaidGuild;
let unconfigured: RaidGuild;

beforeAll(async () => {
  world = await createWorld();
  home = await createRaidGuild(world, 'Home Guild', 3);
  await world.db.query(`UPDATE guild_settings SET guild_name = 'Old Name' WHERE guild_id = $1`, [home.guild.id]); // renamed while the bot was down
  unconfigured = await createRaidGuild(world, 'Never Configured', 1, { configure: false });
  await world.startBot();
});

afterAll(async () => {
  await world?.stop();
});

async function settingsRow(guildId: string) {
  const [row] = await world.db.query<{ guild_name: string | null; raidlist_channel_id: string | null }>('SELECT guild_name, raidlist_channel_id FROM guild_settings WHERE guild_id = $1', [guildId]);
  return row ?? null;
}

async function count(table: string, guildId: string): Promise<number> {
  const [row] = await world.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE guild_id = $1`, [guildId]);
  return row!.n;
}

it('start-up gave every connected guild a settings row with its current name, and posted nothing in an unconfigured one', async () => {
  expect(await settingsRow(home.guild.id)).toMatchObject({ guild_name: 'Home Guild' });
  expect(await settingsRow(unconfigured.guild.id)).toEqual({ guild_name: 'Never Configured', raidlist_channel_id: null });
  for (const channelId of [unconfigured.plannerChannelId, unconfigured.raidListChannelId, unconfigured.generalChannelId]) expect(botMessages(world, channelId)).toEqual([]);
});

it('joining a guild creates its settings row with the name and posts nothing there', async () => {
  const { driver } = world.emulator;
  const guild = driver.createGuild({ name: 'New Friends', bot: { join: false } });
  const channels = [driver.createChannel(guild.id, { name: 'general' }).id, driver.createChannel(guild.id, { name: 'raids' }).id];
  const since = world.emulator.rest.calls.length;
  driver.addBotToGuild(guild.id);

  await waitUntil('the settings row exists', async () => (await settingsRow(guild.id)) !== null, 15_000, world);
  expect(await settingsRow(guild.id)).toEqual({ guild_name: 'New Friends', raidlist_channel_id: null });
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (const channelId of channels) expect(botMessages(world, channelId)).toEqual([]);
  const posts = world.emulator.rest.calls.slice(since).filter((call) => call.method === 'POST' && call.path.startsWith('/channels/'));
  expect(posts).toEqual([]);
});

it('a guild that only becomes unavailable (outage) keeps all its data', async () => {
  world.emulator.gateway.dispatch(GatewayDispatchEvents.GuildDelete, { id: home.guild.id, unavailable: true }, { botUserIds: [world.emulator.bot.userId] });
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(await settingsRow(home.guild.id)).not.toBeNull();
  expect(world.bot.exited).toBe(false);
});

it('leaving a guild removes its raids, levels, templates, settings and mirror rows, and keeps attendance', async () => {
  const leaving = await createRaidGuild(world, 'Leaving Guild', 3);
  await waitUntil('the bot knows the guild', async () => (await settingsRow(leaving.guild.id)) !== null, 15_000, world);
  const [creator, voter] = leaving.members as [typeof leaving.members[0], typeof leaving.members[0]];

  const finished = await createRaidThroughBot(world, leaving, creator.id, { days: 'Sat', times: '20:00', minPlayers: '1' });
  await voteSlot(world, leaving, finished, voter.id, ['Sat'], ['20:00']);
  await clickFinish(world, leaving, finished, creator.id);
  await waitUntil('attendance is written', async () => (await count('raid_attendance', leaving.guild.id)) === 1, 15_000, world);
  await createRaidThroughBot(world, leaving, creator.id, { days: 'Sun', times: '21:00', minPlayers: '2' }); // stays open
  await world.db.query('INSERT INTO user_levels (guild_id, user_id, xp, level) VALUES ($1, $2, 10, 0)', [leaving.guild.id, voter.id]);
  await world.db.query(
    `INSERT INTO debug_mirror_cache (cache_key, kind, guild_id, raid_id, message_id, payload_hash) VALUES ($1, 'raidlist', $2, NULL, 1, repeat('0', 64))`,
    [`raidlist:${leaving.guild.id}:0`, leaving.guild.id],
  );
  expect(await count('raid_templates', leaving.guild.id)).toBeGreaterThan(0);
  expect(await count('raids', leaving.guild.id)).toBe(1);

  world.emulator.driver.removeBotFromGuild(leaving.guild.id);

  await waitUntil('the guild is forgotten', async () => (await settingsRow(leaving.guild.id)) === null, 15_000, world);
  for (const table of ['raids', 'user_levels', 'raid_templates', 'debug_mirror_cache']) expect([table, await count(table, leaving.guild.id)]).toEqual([table, 0]);
  expect(await count('raid_attendance', leaving.guild.id)).toBe(1);
  await world.bot.waitForLine(new RegExp(`left guild ${leaving.guild.id}: removed 1 raid\\(s\\), 1 level row\\(s\\), \\d+ template\\(s\\), 1 settings row\\(s\\), 0 preference\\(s\\), 1 debug mirror row\\(s\\); attendance kept`));
  // The other guild is untouched.
  expect(await settingsRow(home.guild.id)).not.toBeNull();
});
