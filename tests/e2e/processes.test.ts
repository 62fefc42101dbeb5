/**
 * Several processes against one database (SPEC decision 13): the second instance says
 * why and exits with EXIT_ALREADY_RUNNING (3) before it connects to Discord, so the
 * emulator sees one gateway session and every interaction is answered exactly once.
 */
import { BotProcess } from '../support/bot-process';
import { createRaidThroughBot, vote } from '../support/member-actions';
import { createRaidGuild, type RaidGuild } from '../support/raid-guild';
import { createWorld, type World } from '../support/world';

jest.setTimeout(120_000);

let world: World;
let guild: RaidGuild;

beforeAll(async () => {
  world = await createWorld();
  guild = await createRaidGuild(world, 'Two Processes', 3);
});

afterAll(async () => {
  await world?.stop();
});

it('a second bot process exits with code 3 without identifying, and interactions are answered once', async () => {
  await world.startBot();
  const identified = world.emulator.gateway.sessions.size;
  expect(identified).toBe(1);

  const second = BotProcess.start({ env: world.env });
  const exit = await second.waitForExit(30_000);
  expect(exit.code).toBe(3);
  expect(second.stderr.join('\n')).toMatch(/Another instance holds the singleton lock/);
  expect(second.lines.some((line) => line.text.includes('Logging in'))).toBe(false);
  expect(world.emulator.gateway.sessions.size).toBe(1);

  const [creator, voter] = guild.members as [typeof guild.members[0], typeof guild.members[0]];
  const raid = await createRaidThroughBot(world, guild, creator.id, { days: 'Sat', times: '20:00', minPlayers: '1' });
  const handle = await vote(world, guild.plannerChannelId, raid.plannerMessageId, voter.id, 'day', ['Sat']);
  await handle.reply();
  await handle.waitForFollowUps(1);
  // One acknowledgement, never a second one refused with 40060.
  expect(handle.events.filter((event) => event.kind === 'callback')).toHaveLength(1);
  expect(world.emulator.rest.calls.some((call) => call.errorCode === 40060)).toBe(false);
});
