import { createRaidThroughBot, voteSlot } from '../support/member-actions';
import { createRaidGuild, type RaidGuild } from '../support/raid-guild';
import { disagreements } from '../support/read-backs';
import { waitUntil } from '../support/wait';
import { createWorld, type World } from '../support/world';
/**
 * Discord answering 5xx or 429 for a while: requests are retried within discord.js's
 * limits (and rate limits waited out), members' votes are answered meanwhile, and the
 * final state is right — after a longer failure, at the next change at the latest.
 */

jest.setTimeout(120_000);

let world: World;
let guild: RaidGuild;

beforeAll(async () => {
  world = await createWorld();
  guild = await createRaidGuild(world, 'Flaky Discord', 8);
  await world.startBot();
});

afterAll(async () => {
  await world?.stop();
});

it('a few 5xx and 429 answers are retried: the lists end up right without anyone noticing', async () => {
  const [creator, m1, m2, m3] = guild.members as [typeof guild.members[0], typeof guild.members[0], typeof guild.members[0], typeof guild.members[0]];
  const raid = await createRaidThroughBot(world, guild, creator.id, { days: 'Sat, Sun', times: '20:00', minPlayers: '2' });
  const posts = world.emulator.faults.failNext({ method: 'POST', route: `/channels/${guild.participantsChannelId}/messages`, status: 502, times: 2 });
  await voteSlot(world, guild, raid, m1.id, ['Sat'], ['20:00']);
  await voteSlot(world, guild, raid, m2.id, ['Sat'], ['20:00']);
  await waitUntil('the 5xx were answered', () => posts.remaining === 0, 15_000, world);
  const edits = world.emulator.faults.failNext({ method: 'PATCH', route: /^\/channels\/\d+\/messages\/\d+$/, status: 429, retryAfter: 0.3, times: 3 });
  await voteSlot(world, guild, raid, m3.id, ['Sat'], ['20:00']);
  await waitUntil('the database and Discord agree', async () => (await disagreements(world, guild, raid.raidId)).length === 0, 20_000, world);
  expect(posts.hits).toBe(2);
  expect(edits.hits).toBe(3);
  expect(world.bot.stdout.concat(world.bot.stderr).some((line) => /ERROR .*participant list/.test(line))).toBe(false);
});

it('a longer 5xx spell fails a sync after discord.js gives up; the next change repairs the lists', async () => {
  const [creator, m1, m2, m3] = guild.members as [typeof guild.members[0], typeof guild.members[0], typeof guild.members[0], typeof guild.members[0]];
  const raid = await createRaidThroughBot(world, guild, creator.id, { days: 'Mon', times: '18:00', minPlayers: '2' });
  const outage = world.emulator.faults.failNext({ method: 'POST', route: `/channels/${guild.participantsChannelId}/messages`, status: 503, times: 12 });
  await voteSlot(world, guild, raid, m1.id, ['Mon'], ['18:00']);
  await voteSlot(world, guild, raid, m2.id, ['Mon'], ['18:00']); // qualifies now: the post keeps failing
  await world.bot.waitForLine(/participant list .* failed/, { timeoutMs: 30_000 });
  outage.cancel();
  expect((await disagreements(world, guild, raid.raidId)).some((problem) => problem.includes('has no participant list'))).toBe(true);

  await voteSlot(world, guild, raid, m3.id, ['Mon'], ['18:00']);
  await waitUntil('the database and Discord agree', async () => (await disagreements(world, guild, raid.raidId)).length === 0, 20_000, world);
  expect(world.bot.exited).toBe(false);
});
