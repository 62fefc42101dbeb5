/**
 * Safe interactions (SPEC decision 5) end to end: every interaction of the raid flow
 * is acknowledged exactly once and within Discord's 3 seconds, also when the raid's
 * row is locked for longer; an error after the acknowledgement still reaches the
 * member, privately; and tracked messages that are gone (10008) or refused (50013)
 * go through fetch-or-post or are logged, never ending a flow without an answer.
 */
import { InteractionResponseType, MessageFlags, type APIMessage } from 'discord-api-types/v10';
import { Client } from 'pg';
import { lockRow, TEST_PG_ADMIN_URL } from '../support/database';
import type { InteractionHandle } from '../support/discord-emulator';
import { createRaidThroughBot, vote, voteSlot } from '../support/member-actions';
import { createRaidGuild, type RaidGuild } from '../support/raid-guild';
import { disagreements, trackedMessagesOf } from '../support/read-backs';
import { DAY, PINNED_CLOCK } from '../support/test-clock';
import { waitUntil } from '../support/wait';
import { createWorld, type World } from '../support/world';

jest.setTimeout(120_000);

const ACK_WINDOW_MS = 3000;

let world: World;
let guild: RaidGuild;

beforeAll(async () => {
  world = await createWorld({ env: PINNED_CLOCK });
  guild = await createRaidGuild(world, 'Safe Interactions', 8);
  await world.startBot();
});

afterAll(async () => {
  await world?.stop();
});

/** Exactly one acknowledgement, sent within the window. */
function expectAcknowledgedOnceInTime(handle: InteractionHandle): void {
  const callbacks = handle.events.filter((event) => event.kind === 'callback');
  expect(callbacks).toHaveLength(1);
  const createdAt = handle.record.createdAt;
  expect(callbacks[0]!.at - createdAt).toBeLessThan(ACK_WINDOW_MS);
}

/** The bot's connections that wait for a lock die (a database restart, say). */
async function cutConnectionsWaitingForLocks(): Promise<void> {
  const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'dmw-raid-bot' AND wait_event_type = 'Lock'`,
      [world.db.name],
    );
  } finally {
    await admin.end();
  }
}

it('create, votes and finish: each interaction acknowledged once and in time, none refused as already acknowledged', async () => {
  const [creator, m1, m2] = guild.members as [typeof guild.members[0], typeof guild.members[0], typeof guild.members[0]];
  const { driver } = world.emulator;
  const command = await driver.slash({ channelId: guild.generalChannelId, userId: creator.id, command: 'raidplan', options: { dungeon: 'Berserk Arena' } });
  const submit = await driver.submitModal(command, { fields: { days: 'Sat', times: '20:00', minPlayers: '2' } });
  await submit.reply();
  const raid = (await world.repos.raids.openRaidsOfGuild(guild.guild.id)).at(-1)!;
  const handles: InteractionHandle[] = [command, submit];
  for (const member of [m1, m2]) {
    for (const [kind, label] of [['day', 'Sat'], ['time', '20:00']] as const) {
      const handle = await vote(world, guild.plannerChannelId, raid.messageId!, member.id, kind, [label]);
      await handle.waitForFollowUps(1);
      handles.push(handle);
    }
  }
  const finish = await driver.clickButton({ channelId: guild.plannerChannelId, messageId: raid.messageId!, userId: creator.id, label: 'Finish raid' });
  await finish.reply();
  handles.push(finish);

  for (const handle of handles) expectAcknowledgedOnceInTime(handle);
  expect(world.emulator.rest.calls.filter((call) => call.errorCode === 40060 || call.errorCode === 10062)).toEqual([]);
});

it('votes queued behind a row lock longer than 3 s are deferred in time and then update the planner', async () => {
  const [creator, m1, m2, m3] = guild.members as [typeof guild.members[0], typeof guild.members[0], typeof guild.members[0], typeof guild.members[0]];
  const raid = await createRaidThroughBot(world, guild, creator.id, { days: 'Sat, Sun', times: '20:00', minPlayers: '2' });
  const lock = await lockRow(world.db, 'raids', 'id', raid.raidId);
  const handles = [
    await vote(world, guild.plannerChannelId, raid.plannerMessageId, m1.id, 'day', ['Sat']),
    await vote(world, guild.plannerChannelId, raid.plannerMessageId, m2.id, 'day', ['Sat']),
    await vote(world, guild.plannerChannelId, raid.plannerMessageId, m3.id, 'day', ['Sun']),
  ];
  await new Promise((resolve) => setTimeout(resolve, 4000));
  for (const handle of handles) {
    expect(handle.status).not.toBe('expired');
    expect(handle.responseType).toBe(InteractionResponseType.DeferredMessageUpdate);
  }
  await lock.release();
  for (const handle of handles) {
    await handle.reply(15_000); // the planner, edited through the deferred update
    await handle.waitForFollowUps(1);
    expectAcknowledgedOnceInTime(handle);
  }
  const planner = world.emulator.driver.message(guild.plannerChannelId, raid.plannerMessageId)!;
  expect(JSON.stringify(planner.embeds)).toContain(`${DAY.Sat}: **2**`);
  expect(JSON.stringify(planner.embeds)).toContain(`${DAY.Sun}: **1**`);
});

it('an error after the acknowledgement reaches the member privately', async () => {
  const [creator, m1] = guild.members as [typeof guild.members[0], typeof guild.members[0]];
  const raid = await createRaidThroughBot(world, guild, creator.id, { days: 'Mon', times: '18:00', minPlayers: '1' });
  const lock = await lockRow(world.db, 'raids', 'id', raid.raidId);
  const handle = await vote(world, guild.plannerChannelId, raid.plannerMessageId, m1.id, 'day', ['Mon']);
  await handle.waitFor((record) => record.callbackType === InteractionResponseType.DeferredMessageUpdate, 5_000, 'deferred update');
  // The vote's connection dies while it waits for the lock (a database restart, say).
  await cutConnectionsWaitingForLocks();
  const [answer] = await handle.waitForFollowUps(1, 15_000);
  await lock.release();
  expect(answer!.content).toBe('The database is not reachable right now. Please try again in a moment.');
  expect((answer!.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
  expectAcknowledgedOnceInTime(handle);
  expect(await world.db.query('SELECT 1 FROM raid_votes WHERE raid_id = $1', [raid.raidId])).toEqual([]);
});

it('an error while the deferral is still on its way is answered after it, as a follow-up, not as a second acknowledgement', async () => {
  const [creator, m1] = guild.members as [typeof guild.members[0], typeof guild.members[0]];
  const raid = await createRaidThroughBot(world, guild, creator.id, { days: 'Fri', times: '18:00', minPlayers: '1' });
  const lock = await lockRow(world.db, 'raids', 'id', raid.raidId);
  // The vote's deferral (sent at 2 s) meets a 429: discord.js holds it back for 0.6 s, still inside Discord's 3 s.
  const held = world.emulator.faults.failNext({ method: 'POST', route: /^\/interactions\/\d+\/[^/]+\/callback$/, status: 429, retryAfter: 0.6 });
  let answer: APIMessage | undefined;
  try {
    const handle = await vote(world, guild.plannerChannelId, raid.plannerMessageId, m1.id, 'day', ['Fri']);
    await waitUntil('the deferral is held back', () => held.hits === 1, 5_000, world);
    // Meanwhile the vote's connection dies while it waits for the row lock.
    await cutConnectionsWaitingForLocks();
    [answer] = await handle.waitForFollowUps(1, 15_000);
    expect(handle.responseType).toBe(InteractionResponseType.DeferredMessageUpdate);
    expectAcknowledgedOnceInTime(handle);
  } finally {
    await lock.release();
  }
  expect(answer!.content).toBe('The database is not reachable right now. Please try again in a moment.');
  expect(world.emulator.rest.calls.filter((call) => call.errorCode === 40060)).toEqual([]);
});

it('a participant list deleted behind the bot\'s back (10008) is posted again at the next vote', async () => {
  const [creator, m1, m2, m3] = guild.members as [typeof guild.members[0], typeof guild.members[0], typeof guild.members[0], typeof guild.members[0]];
  const raid = await createRaidThroughBot(world, guild, creator.id, { days: 'Tue', times: '19:00', minPlayers: '2' });
  for (const member of [m1, m2]) {
    await voteSlot(world, guild, raid, member.id, ['Tue'], ['19:00']);
  }
  await waitUntil('the list is posted', async () => (await trackedMessagesOf(world, raid.raidId)).slots.get(`${DAY.Tue} 19:00`) != null, 15_000, world);
  const gone = (await trackedMessagesOf(world, raid.raidId)).slots.get(`${DAY.Tue} 19:00`)!;
  world.emulator.deleteMessageBehindBotsBack(guild.participantsChannelId, gone);

  await voteSlot(world, guild, raid, m3.id, ['Tue'], ['19:00']);
  await waitUntil('Discord agrees with the database again', async () => (await disagreements(world, guild, raid.raidId)).length === 0, 15_000, world);
  expect((await trackedMessagesOf(world, raid.raidId)).slots.get(`${DAY.Tue} 19:00`)).not.toBe(gone);
});

it('finishing a raid whose planner was deleted, or may not be edited (50013), still answers and closes the raid', async () => {
  const [creator] = guild.members as [typeof guild.members[0]];
  const { driver } = world.emulator;
  const deleted = await createRaidThroughBot(world, guild, creator.id, { days: 'Wed', times: '18:00', minPlayers: '1' });
  world.emulator.deleteMessageBehindBotsBack(guild.plannerChannelId, deleted.plannerMessageId);
  const first = await driver.slash({ channelId: guild.generalChannelId, userId: creator.id, command: 'raid_finish', options: { raid_id: deleted.displayId } });
  expect((await first.reply()).content).toMatch(new RegExp(`Raid \`${deleted.displayId}\` finished`));
  expectAcknowledgedOnceInTime(first);

  const refused = await createRaidThroughBot(world, guild, creator.id, { days: 'Thu', times: '18:00', minPlayers: '1' });
  const fault = world.emulator.faults.failNext({ method: 'PATCH', route: `/channels/${guild.plannerChannelId}/messages/${refused.plannerMessageId}`, status: 403, times: 5 });
  const second = await driver.clickButton({ channelId: guild.plannerChannelId, messageId: refused.plannerMessageId, userId: creator.id, label: 'Finish raid' });
  expect((await second.reply()).content).toMatch(new RegExp(`Raid \`${refused.displayId}\` finished`));
  expectAcknowledgedOnceInTime(second);
  expect(fault.hits).toBeGreaterThan(0);
  expect(await world.repos.raids.findOpenByDisplayId(guild.guild.id, refused.displayId)).toBeNull();
  expect(world.bot.exited).toBe(false);
});
