/**
 * PostgreSQL unreachable while the bot runs. The outage is simulated for this bot's
 * database only: connections are refused (ALLOW_CONNECTIONS false) and every session
 * is cut, the singleton lock's too. The bot keeps its gateway, answers members with
 * the localized "try again" text, takes the lock again by itself when the database is
 * back, and nothing is lost or half-written.
 */
import { MessageFlags } from 'discord-api-types/v10';
import { runAsAdmin } from '../support/database';
import { createRaidThroughBot, vote } from '../support/member-actions';
import { createRaidGuild, type RaidGuild } from '../support/raid-guild';
import { botMessages } from '../support/read-backs';
import { DAY, PINNED_CLOCK } from '../support/test-clock';
import { waitUntil } from '../support/wait';
import { createWorld, type World } from '../support/world';

jest.setTimeout(120_000);

let world: World;
let guild: RaidGuild;


beforeAll(async () => {
  world = await createWorld({ env: PINNED_CLOCK });
  guild = await createRaidGuild(world, 'Outage Guild', 4);
  await world.startBot();
});

afterAll(async () => {
  await runAsAdmin(`ALTER DATABASE "${world.db.name}" ALLOW_CONNECTIONS true`).catch(() => undefined);
  await world?.stop();
});

async function votesOf(raidId: number): Promise<string[]> {
  const rows = await world.db.query<{ user_id: string; kind: string; option_label: string }>('SELECT user_id, kind, option_label FROM raid_votes WHERE raid_id = $1 ORDER BY user_id, kind, option_label', [raidId]);
  return rows.map((row) => `${row.user_id}:${row.kind}:${row.option_label}`);
}

it('answers "try again" during the outage, reconnects by itself, and loses nothing', async () => {
  const [creator, before, during, german] = guild.members as [typeof guild.members[0], typeof guild.members[0], typeof guild.members[0], typeof guild.members[0]];
  const raid = await createRaidThroughBot(world, guild, creator.id, { days: 'Sat, Sun', times: '20:00', minPlayers: '2' });
  await (await vote(world, guild.plannerChannelId, raid.plannerMessageId, before.id, 'day', ['Sat'])).reply();
  const votesBefore = await votesOf(raid.raidId);
  expect(votesBefore).toEqual([`${before.id}:day:${DAY.Sat}`]);
  // The raid list follows raids debounced: listed before the outage, so nothing is owed after it.
  await waitUntil('the raid list lists the raid', () => botMessages(world, guild.raidListChannelId).some((m) => JSON.stringify(m.embeds).includes(raid.plannerMessageId)), 15_000, world);

  await runAsAdmin(`ALTER DATABASE "${world.db.name}" ALLOW_CONNECTIONS false`);
  await runAsAdmin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${world.db.name}'`);
  await world.bot.waitForLine('Lost the connection holding the singleton lock', { timeoutMs: 40_000 });

  const refusedVote = await vote(world, guild.plannerChannelId, raid.plannerMessageId, during.id, 'day', ['Sat', 'Sun']);
  const refusedAnswer = await refusedVote.reply();
  expect(refusedAnswer.content).toBe('The database is not reachable right now. Please try again in a moment.');
  expect((refusedAnswer.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
  const germanCommand = await world.emulator.driver.slash({ channelId: guild.generalChannelId, userId: german.id, command: 'raidplan', options: { dungeon: 'Berserk Arena' }, locale: 'de' });
  expect((await germanCommand.reply()).content).toBe('Die Datenbank ist gerade nicht erreichbar. Bitte versuche es gleich noch einmal.');
  // The planner was not touched by the refused vote.
  expect(JSON.stringify(world.emulator.driver.message(guild.plannerChannelId, raid.plannerMessageId)!.embeds)).toContain(`${DAY.Sat}: **1**`);
  expect(world.bot.exited).toBe(false);

  await runAsAdmin(`ALTER DATABASE "${world.db.name}" ALLOW_CONNECTIONS true`);
  await world.bot.waitForLine('Singleton lock taken again', { timeoutMs: 40_000 });

  // The restoration after the outage ran, and found nothing to repair.
  await waitUntil('the restoration after the outage', () => world.bot.stdout.filter((line) => line.includes('restoration:')).length === 2, 20_000, world);
  expect(world.bot.stdout.filter((line) => line.includes('restoration:')).at(-1)).toMatch(/PATCH 0, POST 0/);

  // Nothing lost, nothing half-written: the vote before is there, the refused one is not.
  expect(await votesOf(raid.raidId)).toEqual(votesBefore);
  const afterOutage = await vote(world, guild.plannerChannelId, raid.plannerMessageId, during.id, 'day', ['Sat', 'Sun']);
  await afterOutage.reply();
  await waitUntil('the vote after the outage is stored', async () => (await votesOf(raid.raidId)).length === 3, 15_000, world);
  expect(await votesOf(raid.raidId)).toEqual([...votesBefore, `${during.id}:day:${DAY.Sat}`, `${during.id}:day:${DAY.Sun}`].sort());
  expect(world.bot.exited).toBe(false);
});
