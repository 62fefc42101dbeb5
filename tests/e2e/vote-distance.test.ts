/**
 * Votes at a distance from Discord (a 300 ms round trip in the emulator): a vote never
 * waits for another vote's round trip, so concurrent votes of many members are all
 * answered by `update`; responses that reach Discord out of order are followed by one
 * catch-up edit, so the planner ends showing the database; only a genuinely slow
 * database makes a vote acknowledge with a deferred update; and a raid closed while a
 * vote's response is on its way still ends with the closed notice.
 */
import { InteractionResponseType, type APIMessage } from 'discord-api-types/v10';
import { clickFinish, createRaidThroughBot, vote } from '../support/member-actions';
import { createRaidGuild, type RaidGuild } from '../support/raid-guild';
import { disagreements, plannerOf, settle } from '../support/read-backs';
import { DAY, PINNED_CLOCK } from '../support/test-clock';
import { waitUntil } from '../support/wait';
import { createWorld, type World } from '../support/world';

jest.setTimeout(180_000);

const CALLBACK = /^\/interactions\/\d+\/[^/]+\/callback$/;

let world: World;
let crowd: RaidGuild;
let small: RaidGuild;

beforeAll(async () => {
  // 300 ms rather than a hosted bot's typical 100: had votes of one raid to wait for each
  // other's round trip, 16 votes would take 16 × 300 ms and most would defer; this way the
  // test tells the two apart even when a loaded machine makes each transaction slow.
  world = await createWorld({ emulator: { roundTripMs: 300 }, env: PINNED_CLOCK });
  crowd = await createRaidGuild(world, 'Crowd', 9);
  small = await createRaidGuild(world, 'Small', 4);
  await world.startBot();
});

afterAll(async () => {
  await world?.stop();
});

function field(message: APIMessage, name: string): string | undefined {
  return message.embeds[0]?.fields?.find((candidate) => candidate.name.startsWith(name))?.value;
}

async function votesOf(raidId: number): Promise<number> {
  const [row] = await world.db.query<{ count: string }>('SELECT count(*) AS count FROM raid_votes WHERE raid_id = $1', [raidId]);
  return Number(row!.count);
}

describe('concurrent votes of many members on one raid', () => {
  it('are all answered by update, none deferred, and planner and lists end showing the database', async () => {
    const raid = await createRaidThroughBot(world, crowd, crowd.members[0]!.id, { dungeon: 'Abyss Dungeon', days: 'Mon, Tue', times: '20:00, 21:00', minPlayers: '2' });
    await settle(world);
    const voters = crowd.members.slice(1);
    const handles = await Promise.all(
      voters.flatMap((member, index) => [
        vote(world, crowd.plannerChannelId, raid.plannerMessageId, member.id, 'day', [index % 2 === 0 ? 'Mon' : 'Tue']),
        vote(world, crowd.plannerChannelId, raid.plannerMessageId, member.id, 'time', [index % 4 < 2 ? '20:00' : '21:00']),
      ]),
    );
    const acks = await Promise.all(handles.map((handle) => handle.acknowledged()));
    expect(acks.map((ack) => ack.type)).toEqual(handles.map(() => InteractionResponseType.UpdateMessage));
    await Promise.all(handles.map((handle) => handle.waitForFollowUps(1)));
    expect(await votesOf(raid.raidId)).toBe(voters.length * 2);

    await settle(world);
    expect(await disagreements(world, crowd, raid.raidId)).toEqual([]);
    expect(plannerOf(world, crowd, raid).embeds[0]!.fields!.map((f) => f.name)).toContain(`Voted day + time (${voters.length})`);
    expect(world.emulator.rest.calls.filter((call) => call.status === 429)).toEqual([]);
  });
});

describe('a vote whose response is overtaken by a newer vote’s', () => {
  it('is answered by update with its own commit, and one catch-up edit brings the planner to the database', async () => {
    const raid = await createRaidThroughBot(world, small, small.members[0]!.id, { dungeon: 'Marine Dragon Domain', days: 'Mon, Tue', times: '20:00', minPlayers: '1' });
    await settle(world);
    const [first, second] = [small.members[1]!, small.members[2]!];

    const held = world.emulator.faults.holdNext({ method: 'POST', route: CALLBACK });
    const a = await vote(world, small.plannerChannelId, raid.plannerMessageId, first.id, 'day', ['Mon']);
    await held.reached();
    // The first vote's update is on its way: the second is committed and answered without waiting for it.
    const b = await vote(world, small.plannerChannelId, raid.plannerMessageId, second.id, 'day', ['Tue']);
    expect((await b.acknowledged()).type).toBe(InteractionResponseType.UpdateMessage);
    expect(field(plannerOf(world, small, raid), 'Day votes')).toBe(`- ${DAY.Mon}: **1**\n- ${DAY.Tue}: **1**`);
    const before = world.emulator.rest.calls.length;
    held.release();
    expect((await a.acknowledged()).type).toBe(InteractionResponseType.UpdateMessage);
    // Each response showed its own commit: the first only its own vote.
    const aBody = a.events.find((event) => event.kind === 'callback')!.body as { data: { embeds: APIMessage['embeds'] } };
    expect(aBody.data.embeds[0]!.fields!.find((f) => f.name.startsWith('Day votes'))!.value).toBe(`- ${DAY.Mon}: **1**`);

    await waitUntil('the planner shows both votes again', () => field(plannerOf(world, small, raid), 'Day votes') === `- ${DAY.Mon}: **1**\n- ${DAY.Tue}: **1**`, 15_000);
    await settle(world);
    const edits = world.emulator.rest.calls.slice(before).filter((call) => call.method === 'PATCH' && call.path === `/channels/${small.plannerChannelId}/messages/${raid.plannerMessageId}`);
    expect(edits).toHaveLength(1);
    expect(await disagreements(world, small, raid.raidId)).toEqual([]);
  });
});

describe('a vote whose transaction is slow', () => {
  it('acknowledges with a deferred update, then shows the planner of its commit', async () => {
    const raid = await createRaidThroughBot(world, small, small.members[0]!.id, { dungeon: 'Venomous Vortex', days: 'Wed', times: '22:00', minPlayers: '1' });
    await settle(world);
    const member = small.members[3]!;
    // Another transaction holds the raid's row: the vote's transaction waits for it.
    const blocker = world.dataSource.createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction();
    try {
      await blocker.query('SELECT id FROM raids WHERE id = $1 FOR UPDATE', [raid.raidId]);
      const handle = await vote(world, small.plannerChannelId, raid.plannerMessageId, member.id, 'day', ['Wed']);
      expect((await handle.acknowledged(5_000)).type).toBe(InteractionResponseType.DeferredMessageUpdate);
      await blocker.commitTransaction();
      await handle.waitFor((record) => record.events.some((event) => event.kind === 'edit'), 15_000, 'the planner edit');
      await handle.waitForFollowUps(1);
    } finally {
      if (blocker.isTransactionActive) await blocker.rollbackTransaction();
      await blocker.release();
    }
    expect(field(plannerOf(world, small, raid), 'Day votes')).toBe(`- ${DAY.Wed}: **1**`);
    await settle(world);
    expect(await disagreements(world, small, raid.raidId)).toEqual([]);
  });
});

describe('a raid finished while a vote’s response is on its way', () => {
  it('ends with the closed notice: the close waits for the response before editing', async () => {
    const raid = await createRaidThroughBot(world, small, small.members[0]!.id, { dungeon: 'Royal Base', days: 'Thu', times: '20:00', minPlayers: '1' });
    await settle(world);
    const held = world.emulator.faults.holdNext({ method: 'POST', route: CALLBACK });
    const pending = await vote(world, small.plannerChannelId, raid.plannerMessageId, small.members[1]!.id, 'day', ['Thu']);
    await held.reached();
    const finished = clickFinish(world, small, raid, small.members[0]!.id);
    await waitUntil('the raid is closed in the database', async () => (await world.db.query('SELECT 1 FROM raids WHERE id = $1 AND status = $2', [raid.raidId, 'open'])).length === 0, 15_000);
    held.release();
    expect((await pending.acknowledged()).type).toBe(InteractionResponseType.UpdateMessage);
    await finished;
    await settle(world);
    const planner = plannerOf(world, small, raid);
    expect(planner.components ?? []).toEqual([]);
  });
});
