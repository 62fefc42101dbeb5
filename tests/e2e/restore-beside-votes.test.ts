/**
 * Restoration runs beside the bot, never in front of it: a member who votes while the
 * restarted bot is still restoring gets the planner updated at once, the vote is kept,
 * and restoration does not put the older state back.
 */
import { InteractionResponseType } from 'discord-api-types/v10';
import { createRaidThroughBot, vote, voteSlot } from '../support/member-actions';
import { createRaidGuild, type RaidGuild } from '../support/raid-guild';
import { countCalls, disagreements, MESSAGE_ROUTE, MESSAGES_ROUTE } from '../support/read-backs';
import { waitUntil } from '../support/wait';
import { createWorld, type World } from '../support/world';

jest.setTimeout(120_000);

let world: World;
let guild: RaidGuild;

beforeAll(async () => {
  world = await createWorld();
  guild = await createRaidGuild(world, 'Beside Guild', 5);
  await world.startBot();
});

afterAll(async () => {
  await world?.stop();
});

describe('restoration beside votes', () => {
  it('a vote while the restarted bot restores is answered by updating the planner, kept, and not overwritten', async () => {
    const [creator, m1, m2, m3] = guild.members as Array<RaidGuild['members'][0]>;
    const raid = await createRaidThroughBot(world, guild, creator!.id, { days: 'Sat, Sun', times: '20:00', minPlayers: '2' });
    await voteSlot(world, guild, raid, m1!.id, ['Sat'], ['20:00']);
    await voteSlot(world, guild, raid, m2!.id, ['Sat'], ['20:00']);
    await world.driver.settle();
    await world.bot.stop();

    // Restoration stalls on reading the raid-list channel: Discord asks it to wait 3 s.
    const stall = world.emulator.faults.failNext({ method: 'GET', route: `/channels/${guild.raidListChannelId}/messages`, status: 429, retryAfter: 3 });
    const since = world.emulator.rest.calls.length;
    const started = world.startBot();
    started.catch(() => undefined);
    await waitUntil('restoration is under way (stalled)', () => stall.hits === 1, 60_000);

    const day = await vote(world, guild.plannerChannelId, raid.plannerMessageId, m3!.id, 'day', ['Sat']);
    expect((await day.acknowledged()).type).toBe(InteractionResponseType.UpdateMessage);
    const time = await vote(world, guild.plannerChannelId, raid.plannerMessageId, m3!.id, 'time', ['20:00']);
    expect((await time.acknowledged()).type).toBe(InteractionResponseType.UpdateMessage);
    // Answered before restoration finished.
    expect(world.bot.transcript()).not.toMatch(/restoration: \d+ open raid/);

    await started;
    await world.driver.settle();
    const votes = await world.db.query<{ user_id: string }>('SELECT DISTINCT user_id FROM raid_votes WHERE raid_id = $1 ORDER BY user_id', [raid.raidId]);
    expect(votes.map((row) => row.user_id)).toContain(m3!.id);
    expect(await disagreements(world, guild, raid.raidId)).toEqual([]);
    // Channels were read in pages, no message singly; nothing posted again.
    const calls = world.emulator.rest.calls.slice(since);
    expect(countCalls(calls, 'GET', MESSAGE_ROUTE)).toBe(0);
    expect(countCalls(calls, 'POST', MESSAGES_ROUTE)).toBe(0);
  });
});
