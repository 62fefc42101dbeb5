/**
 * The clean-up a closed raid owes Discord (planner's closed notice, participant lists,
 * the raid role) is recorded with the close itself and done until it is done: a 5xx
 * storm on the role's deletion is retried, a SIGTERM in the middle of a finish and a
 * kill right after it are completed by the next start. Afterwards no role is left, no
 * planner looks open, no list is left behind, and attendance was written exactly once.
 */
import type { MemberFixture } from '../support/discord-emulator';
import { clickFinish, type CreatedRaid, createRaidThroughBot, voteSlot } from '../support/member-actions';
import { createRaidGuild, type RaidGuild } from '../support/raid-guild';
import { botMessages } from '../support/read-backs';
import { waitUntil } from '../support/wait';
import { createWorld, type World } from '../support/world';

jest.setTimeout(150_000);

let world: World;
let guild: RaidGuild;
let creator: MemberFixture;
let member: MemberFixture;

beforeAll(async () => {
  world = await createWorld();
  guild = await createRaidGuild(world, 'Durable Guild', 2);
  [creator, member] = guild.members as [MemberFixture, MemberFixture];
  await world.startBot();
});

afterAll(async () => {
  await world?.stop();
});

interface Prepared {
  readonly raid: CreatedRaid;
  readonly roleId: string;
  readonly listId: string;
}

/** A raid whose slot qualified: a list posted and the bot-made raid role held by the member. */
async function prepare(dungeon: string): Promise<Prepared> {
  const raid = await createRaidThroughBot(world, guild, creator.id, { dungeon, days: 'Sat', times: '20:00', minPlayers: '1' });
  await voteSlot(world, guild, raid, member.id, ['Sat'], ['20:00']);
  let roleId = '';
  await waitUntil('the member holds the raid role', () => {
    roleId = world.emulator.driver.roles(guild.guild.id).find((role) => role.name === `DMW Raid: ${dungeon}`)?.id ?? '';
    return roleId !== '' && world.emulator.driver.memberRoles(guild.guild.id, member.id).includes(roleId);
  });
  const [list] = await world.db.query<{ message_id: string }>('SELECT message_id FROM raid_posted_slots WHERE raid_id = $1', [raid.raidId]);
  return { raid, roleId, listId: list!.message_id };
}

const raidRow = async (raidId: number) => world.db.query<{ status: string }>('SELECT status FROM raids WHERE id = $1', [raidId]);
const attendance = async (displayId: number) =>
  world.db.query<{ user_id: string }>('SELECT user_id FROM raid_attendance WHERE guild_id = $1 AND raid_display_id = $2', [guild.guild.id, displayId]);
const plannerLooksOpen = (raid: CreatedRaid) => (world.emulator.driver.message(guild.plannerChannelId, raid.plannerMessageId)?.components ?? []).length > 0;
const roleRoute = (roleId: string) => new RegExp(`^/guilds/${guild.guild.id}/roles/${roleId}$`);

/** Everything a finished raid should have left: nothing but the closed planner and the attendance. */
async function expectCleanedUp({ raid, roleId, listId }: Prepared): Promise<void> {
  await waitUntil('the raid row is gone once its clean-up is done', async () => (await raidRow(raid.raidId)).length === 0, 60_000, world);
  expect(world.emulator.driver.roles(guild.guild.id).map((role) => role.id)).not.toContain(roleId);
  expect(world.emulator.driver.memberRoles(guild.guild.id, member.id)).not.toContain(roleId);
  expect(botMessages(world, guild.participantsChannelId).map((message) => message.id)).not.toContain(listId);
  expect(plannerLooksOpen(raid)).toBe(false);
  expect(world.emulator.driver.message(guild.plannerChannelId, raid.plannerMessageId)?.embeds[0]?.title).toMatch(/closed/i);
  expect(await attendance(raid.displayId)).toEqual([{ user_id: member.id }]);
}

it('a 5xx storm on deleting the raid role is retried until the role is gone', async () => {
  const prepared = await prepare('Berserk Arena');
  // discord.js sends a request up to 4 times on 5xx: the finish's own attempt and the first retry fail.
  const storm = world.emulator.faults.failNext({ method: 'DELETE', route: roleRoute(prepared.roleId), status: 503, times: 8 });
  const reply = await clickFinish(world, guild, prepared.raid, creator.id);
  expect(reply.content).toMatch(/finished/);
  // Closed for everyone at once, while the role is still owed.
  expect(await world.repos.raids.openRaidsOfGuild(guild.guild.id)).toEqual([]);
  expect(await raidRow(prepared.raid.raidId)).toEqual([{ status: 'finished' }]);
  await expectCleanedUp(prepared);
  expect(storm.hits).toBe(8);
});

it('a SIGTERM in the middle of a finish: the next start completes the clean-up', async () => {
  const prepared = await prepare('Royal Base');
  const storm = world.emulator.faults.failNext({ method: 'DELETE', route: roleRoute(prepared.roleId), status: 500, times: 10_000 });
  const finishing = clickFinish(world, guild, prepared.raid, creator.id).catch(() => null);
  await waitUntil('the finish is deleting the role', () => storm.hits > 0, 30_000, world);
  const exit = await world.killBot('SIGTERM');
  expect(exit.code).toBe(0);
  await finishing;
  expect(await raidRow(prepared.raid.raidId)).toEqual([{ status: 'finished' }]);
  expect(world.emulator.driver.roles(guild.guild.id).map((role) => role.id)).toContain(prepared.roleId);

  storm.cancel();
  await world.startBot();
  await expectCleanedUp(prepared);
});

it('a kill between the commit and the planner edit: the next start closes the planner', async () => {
  const prepared = await prepare('Berserk Arena');
  const plannerRoute = new RegExp(`^/channels/${guild.plannerChannelId}/messages/${prepared.raid.plannerMessageId}$`);
  const refused = world.emulator.faults.failNext({ method: 'PATCH', route: plannerRoute, status: 502, times: 10_000 });
  await clickFinish(world, guild, prepared.raid, creator.id);
  expect(plannerLooksOpen(prepared.raid)).toBe(true);
  expect(await raidRow(prepared.raid.raidId)).toEqual([{ status: 'finished' }]);
  await world.killBot('SIGKILL');

  refused.cancel();
  await world.startBot();
  await expectCleanedUp(prepared);
});
