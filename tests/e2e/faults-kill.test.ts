/**
 * SIGKILL in the middle of a vote burst: after the restart and its restoration the
 * database and Discord agree (planner tallies, one participant list per qualified
 * slot, no leftovers), and no vote is half-applied — a select with two values counts
 * for both or for neither.
 */
import type { InteractionHandle } from '../support/discord-emulator';
import { clickFinish, createRaidThroughBot, vote } from '../support/member-actions';
import { createRaidGuild, type RaidGuild } from '../support/raid-guild';
import { disagreements } from '../support/read-backs';
import { DAY, PINNED_CLOCK } from '../support/test-clock';
import { waitUntil } from '../support/wait';
import { createWorld, type World } from '../support/world';

jest.setTimeout(180_000);

let world: World;
let guild: RaidGuild;

beforeAll(async () => {
  world = await createWorld({ env: PINNED_CLOCK });
  guild = await createRaidGuild(world, 'Burst Guild', 12);
  await world.startBot();
});

afterAll(async () => {
  await world?.stop();
});

async function dayVotesByMember(raidId: number): Promise<Map<string, string[]>> {
  const rows = await world.db.query<{ user_id: string; option_label: string }>(
    `SELECT user_id, option_label FROM raid_votes WHERE raid_id = $1 AND kind = 'day' ORDER BY option_label`,
    [raidId],
  );
  const votes = new Map<string, string[]>();
  for (const row of rows) votes.set(row.user_id, [...(votes.get(row.user_id) ?? []), row.option_label]);
  return votes;
}

// Killed after a few, about half, and most of the 24 answers: each run cuts the burst at another point.
it.each([3, 11, 19])('killed after %i answers: after the restart the database and Discord agree', async (answersBeforeKill) => {
  const [creator] = guild.members as [typeof guild.members[0]];
  const raid = await createRaidThroughBot(world, guild, creator.id, { days: 'Sat, Sun', times: '20:00, 21:00', minPlayers: '3' });
  const voters = guild.members.slice(1);

  const handles: InteractionHandle[] = [];
  for (const member of voters) {
    handles.push(await vote(world, guild.plannerChannelId, raid.plannerMessageId, member.id, 'day', ['Sat', 'Sun']));
    handles.push(await vote(world, guild.plannerChannelId, raid.plannerMessageId, member.id, 'time', ['20:00']));
  }
  await waitUntil(`${answersBeforeKill} answers`, () => handles.filter((handle) => handle.responseType !== null).length >= answersBeforeKill, 15_000, world);
  world.bot.signal('SIGKILL');
  await world.bot.waitForExit(10_000);
  const answered = handles.filter((handle) => handle.responseType !== null).length;

  await world.startBot();
  // Participant lists follow votes with a short delay; restoration brings them in line at once.
  await waitUntil('Discord agrees with the database', async () => (await disagreements(world, guild, raid.raidId)).length === 0, 20_000, world).catch(async (error: Error) => {
    throw new Error(`${error.message.split(';')[0]}: ${(await disagreements(world, guild, raid.raidId)).join('; ')} (answered before the kill: ${answered})`);
  });

  for (const [member, days] of await dayVotesByMember(raid.raidId)) expect([member, days]).toEqual([member, [DAY.Sat, DAY.Sun]]);

  // The raid keeps working: a vote after the restart is answered and counted.
  const late = await vote(world, guild.plannerChannelId, raid.plannerMessageId, creator.id, 'day', ['Sat']);
  await late.reply();
  await waitUntil('the late vote agrees too', async () => (await disagreements(world, guild, raid.raidId)).length === 0, 15_000, world);

  // Finish it so the next run starts from a clean channel.
  await clickFinish(world, guild, raid, creator.id);
  await waitUntil('the raid is closed', async () => (await world.repos.raids.openRaidsOfGuild(guild.guild.id)).length === 0, 15_000, world);
});
