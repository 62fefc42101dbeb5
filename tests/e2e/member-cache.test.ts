/**
 * The bot keeps only a few members per guild in its cache (src/lib/discord/cache-policy.ts).
 * On a server with more members than that, flows that used to read members from the
 * cache still work: the planner names voters the cache let go (with their nicknames),
 * and after a restart the raid role is taken from members the cache never held,
 * because the role's holders are read from Discord's member list.
 */
import type { APIMessage } from 'discord-api-types/v10';
import { RECENT_MEMBERS_PER_GUILD } from '../../src/lib/discord/cache-policy';
import type { MemberFixture } from '../support/discord-emulator';
import { createRaidThroughBot, vote, type CreatedRaid } from '../support/member-actions';
import { createRaidGuild, type RaidGuild } from '../support/raid-guild';
import { plannerOf, settle } from '../support/read-backs';
import { waitUntil } from '../support/wait';
import { createWorld, type World } from '../support/world';

jest.setTimeout(150_000);

let world: World;
let crowd: RaidGuild;
let voters: MemberFixture[];

function votedField(message: APIMessage): string | undefined {
  return message.embeds[0]?.fields?.find((candidate) => candidate.name.startsWith('Voted day + time'))?.value;
}

/** Members join until the bot's cache of the guild has let go of everyone who came before. */
function crowdIn(prefix: string): void {
  for (let index = 0; index < RECENT_MEMBERS_PER_GUILD + 10; index++) world.driver.createMember(crowd.guild.id, { username: `${prefix}${index}` });
}

beforeAll(async () => {
  world = await createWorld();
  crowd = await createRaidGuild(world, 'Crowd', 0);
  // Joined first, so the GUILD_CREATE the bot receives lists them before the crowd.
  voters = [
    world.driver.createMember(crowd.guild.id, { username: 'ava', nick: 'Ava the Tank' }),
    world.driver.createMember(crowd.guild.id, { username: 'ben', nick: 'Ben Heals' }),
    world.driver.createMember(crowd.guild.id, { username: 'cid' }),
  ];
  crowdIn('early');
  await world.startBot();
});

afterAll(async () => {
  await world?.stop();
});

describe('a server with more members than the bot caches', () => {
  let raid: CreatedRaid;
  let roleId: string;

  it('names voters the member cache let go, by nickname, in the planner a vote updates', async () => {
    const [ava, ben, cid] = voters as [MemberFixture, MemberFixture, MemberFixture];
    raid = await createRaidThroughBot(world, crowd, cid.id, { dungeon: 'Abyss Dungeon', days: 'Sat', times: '20:00', minPlayers: '2' });
    await settle(world);
    for (const member of [ava, ben]) {
      await (await vote(world, crowd.plannerChannelId, raid.plannerMessageId, member.id, 'day', ['Sat'])).waitForFollowUps(1);
      await (await vote(world, crowd.plannerChannelId, raid.plannerMessageId, member.id, 'time', ['20:00'])).waitForFollowUps(1);
    }
    const role = world.driver.roles(crowd.guild.id).find((candidate) => candidate.name === 'DMW Raid: Abyss Dungeon');
    expect(role).toBeDefined();
    roleId = role!.id;
    // The role changes come back as member updates, which cache ava and ben again: wait for them first.
    await waitUntil('both slot members hold the raid role', () => [ava, ben].every((member) => world.driver.memberRoles(crowd.guild.id, member.id).includes(roleId)));
    await settle(world);
    crowdIn('later');
    await settle(world);

    // cid's vote renders the planner again while neither ava nor ben is cached any more.
    await (await vote(world, crowd.plannerChannelId, raid.plannerMessageId, cid.id, 'day', ['Sat'])).waitForFollowUps(1);
    expect(votedField(plannerOf(world, crowd, raid))).toBe('Ava the Tank, Ben Heals');
  });

  it('after a restart, takes the raid role from members who drop out though no cache ever held them', async () => {
    const [ava, ben] = voters as [MemberFixture, MemberFixture, MemberFixture];
    await world.restartBot();
    // ava drops the day: the slot falls below two players, so neither keeps the role.
    await (await vote(world, crowd.plannerChannelId, raid.plannerMessageId, ava.id, 'day', ['Sat'])).waitForFollowUps(1);
    await waitUntil('nobody holds the raid role any more', () => [ava, ben].every((member) => !world.driver.memberRoles(crowd.guild.id, member.id).includes(roleId)));
    // ben still voted both, and is still named though the restarted bot let him go at once.
    expect(votedField(plannerOf(world, crowd, raid))).toBe('Ben Heals');
  });
});
