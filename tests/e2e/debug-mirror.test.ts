import { createRaidThroughBot, voteSlot } from '../support/member-actions';
import { createRaidGuild, type RaidGuild } from '../support/raid-guild';
import { waitUntil } from '../support/wait';
import { createWorld, type World } from '../support/world';
/**
 * Debug mirrors of the built bot: raid list and member list summaries land in the
 * configured debug channels without pinging anyone, are skipped when unchanged (also
 * across a restart), edited when they change, and forgotten when the raid ends.
 */

jest.setTimeout(120_000);

let world: World;
let guild: RaidGuild;
let raidListDebug: string;
let memberListDebug: string;
let env: Record<string, string>;

beforeAll(async () => {
  world = await createWorld();
  guild = await createRaidGuild(world, 'Mirrored Guild', 3);
  const operators = world.emulator.driver.createGuild({ name: 'Operators' });
  raidListDebug = world.emulator.driver.createChannel(operators.id, { name: 'raidlist-debug' }).id;
  memberListDebug = world.emulator.driver.createChannel(operators.id, { name: 'memberlist-debug' }).id;
  env = { RAIDLIST_DEBUG_CHANNEL_ID: raidListDebug, MEMBERLIST_DEBUG_CHANNEL_ID: memberListDebug };
  await world.startBot({ env: env });
});

afterAll(async () => {
  await world?.stop();
});

async function mirrorRows() {
  return world.db.query<{ cache_key: string; message_id: string; payload_hash: string }>('SELECT cache_key, message_id, payload_hash FROM debug_mirror_cache ORDER BY cache_key');
}

it('mirrors the raid list and the member list, pings nobody, and writes nothing again when nothing changed', async () => {
  const [creator, m1, m2] = guild.members as [typeof guild.members[0], typeof guild.members[0], typeof guild.members[0]];
  const raid = await createRaidThroughBot(world, guild, creator.id, { days: 'Sat', times: '20:00', minPlayers: '2' });
  for (const member of [m1, m2]) {
    await voteSlot(world, guild, raid, member.id, ['Sat'], ['20:00']);
  }
  const memberListKey = `memberlist:${guild.guild.id}:${raid.raidId}`;
  await waitUntil(
    'the member list mirror names both members',
    () => world.emulator.driver.messages(memberListDebug).some((m) => m.content.includes(`<@${m1.id}>, <@${m2.id}>`) || m.content.includes(`<@${m2.id}>, <@${m1.id}>`)),
    15_000,
    world,
  );
  await waitUntil('the raid list mirror is posted', () => world.emulator.driver.messages(raidListDebug).some((m) => m.content.includes(guild.guild.id)), 15_000, world);
  await waitUntil('both mirrors are cached', async () => (await mirrorRows()).length === 2, 15_000, world);
  const memberList = world.emulator.driver.messages(memberListDebug).at(-1)!;
  expect(memberList.mentions).toEqual([]);
  const posts = world.emulator.rest.calls.filter((call) => call.method === 'POST' && (call.path.includes(memberListDebug) || call.path.includes(raidListDebug)));
  for (const post of posts) expect((post.body as { allowed_mentions?: unknown }).allowed_mentions).toEqual({ parse: [] });
  // One message per summary: edits, never a second post.
  expect(world.emulator.driver.messages(memberListDebug)).toHaveLength(1);
  expect(world.emulator.driver.messages(raidListDebug)).toHaveLength(1);
  expect((await mirrorRows()).map((row) => row.cache_key)).toEqual([memberListKey, `raidlist:${guild.guild.id}:0`].sort());

  const rowsBefore = await mirrorRows();
  await world.bot.stop();
  const since = world.emulator.rest.calls.length;
  await world.startBot({ env: env });
  await new Promise((resolve) => setTimeout(resolve, 500));
  const debugWrites = world.emulator.rest.calls
    .slice(since)
    .filter((call) => call.method !== 'GET' && (call.path.includes(memberListDebug) || call.path.includes(raidListDebug)));
  expect(debugWrites).toEqual([]);
  expect(await mirrorRows()).toEqual(rowsBefore);

  const finish = await world.emulator.driver.clickButton({ channelId: guild.plannerChannelId, messageId: raid.plannerMessageId, userId: creator.id, label: 'Finish raid' });
  await finish.reply();
  await waitUntil('the ended raid is forgotten', async () => (await mirrorRows()).every((row) => row.cache_key !== memberListKey), 15_000, world);
  await waitUntil('the raid list mirror shows no open raid', () => world.emulator.driver.messages(raidListDebug).at(-1)!.content.includes('No open raids.'), 15_000, world);
  expect(world.emulator.driver.messages(raidListDebug)).toHaveLength(1);
});
