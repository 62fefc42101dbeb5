/**
 * Caps on open raids: a member may have MAX_OPEN_RAIDS_PER_MEMBER open raids in a
 * server and the server MAX_OPEN_RAIDS_PER_GUILD. /raidplan refuses before the form
 * opens, in the member's language and privately; two forms opened while under the cap
 * and submitted together create only as many raids as the cap allows.
 */
import { MessageFlags } from 'discord.js';
import { t } from '../../src/lib/i18n';
import type { MemberFixture } from '../support/discord-emulator';
import { createRaidThroughBot } from '../support/member-actions';
import { createRaidGuild, type RaidGuild } from '../support/raid-guild';
import { createWorld, type World } from '../support/world';

jest.setTimeout(120_000);

let world: World;
let guild: RaidGuild;
let first: MemberFixture;
let second: MemberFixture;
let third: MemberFixture;

beforeAll(async () => {
  world = await createWorld();
  guild = await createRaidGuild(world, 'Caps Guild', 3);
  [first, second, third] = guild.members as [MemberFixture, MemberFixture, MemberFixture];
  await world.startBot({ env: { MAX_OPEN_RAIDS_PER_MEMBER: '2', MAX_OPEN_RAIDS_PER_GUILD: '3' } });
});

afterAll(async () => {
  await world?.stop();
});

const input = { days: 'Sat', times: '20:00', minPlayers: '2' };
const openRaids = async () => world.repos.raids.openRaidsOfGuild(guild.guild.id);
const raidplan = (userId: string, locale?: string) =>
  world.emulator.driver.slash({ channelId: guild.generalChannelId, userId, command: 'raidplan', options: { dungeon: 'Berserk Arena' }, ...(locale ? { locale } : {}) });

it('two forms opened under the member cap and submitted together create only what the cap allows', async () => {
  await createRaidThroughBot(world, guild, first.id, input);
  const formA = await raidplan(first.id);
  const formB = await raidplan(first.id);
  const fields = { days: 'Sun', times: '18:00', minPlayers: '1' };
  const [submitA, submitB] = await Promise.all([world.emulator.driver.submitModal(formA, { fields }), world.emulator.driver.submitModal(formB, { fields })]);
  const replies = (await Promise.all([submitA.reply(20_000), submitB.reply(20_000)])).map((reply) => reply.content);
  expect(replies.filter((content) => content === t('en-US', 'raidplan.memberCap', { max: 2 }))).toHaveLength(1);
  expect((await openRaids()).filter((raid) => raid.creatorId === first.id)).toHaveLength(2);
});

it('a member at the cap is refused before the form opens, privately and in their language', async () => {
  const handle = await raidplan(first.id, 'de');
  const reply = await handle.reply();
  expect(reply.content).toBe(t('de', 'raidplan.memberCap', { max: 2 }));
  expect((reply.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
  expect(await openRaids()).toHaveLength(2);
});

it('the server cap holds for everybody once the server has that many open raids', async () => {
  await createRaidThroughBot(world, guild, second.id, input);
  expect(await openRaids()).toHaveLength(3);
  const reply = await (await raidplan(third.id)).reply();
  expect(reply.content).toBe(t('en-US', 'raidplan.guildCap', { max: 3 }));
  expect((reply.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
  expect(await openRaids()).toHaveLength(3);
});

it('finishing a raid frees a place again', async () => {
  const [oldest] = await openRaids();
  const finish = await world.emulator.driver.clickButton({ channelId: guild.plannerChannelId, messageId: oldest!.messageId!, userId: first.id, label: 'Finish raid' });
  await finish.reply();
  const created = await createRaidThroughBot(world, guild, third.id, input);
  expect((await openRaids()).map((raid) => raid.id)).toContain(created.raidId);
});
