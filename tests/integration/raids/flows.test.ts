/**
 * The create and vote flows in process, fast: real PostgreSQL, a real discord.js
 * client on the Discord emulator, the raid services as the bot builds them — without
 * a bot process. The end-to-end suites drive the same flows through interactions.
 */
import type { Guild } from 'discord.js';
import { seedDungeons } from '../../../src/lib/db/seed';
import type { RaidServices } from '../../../src/lib/raids/services';
import type { MessagePayload } from '../../../src/lib/discord/tracked-message';
import { createRaidGuild, type RaidGuild } from '../../support/raid-guild';
import { startRestoreBed, type RestoreBed } from '../restore/support';
import { waitUntil } from '../../support/wait';

jest.setTimeout(60_000);

let bed: RestoreBed;
let home: RaidGuild;
let services: RaidServices;
let guild: Guild;
let dungeonId: number;

beforeAll(async () => {
  bed = await startRestoreBed();
  await seedDungeons(bed.dataSource);
  home = await createRaidGuild(bed, 'Flows', 3);
  await bed.login();
  services = bed.services();
  guild = bed.client.guilds.cache.get(home.guild.id)!;
  dungeonId = (await bed.repos.dungeons.findActiveByName('Berserk Arena'))!.id;
});

afterAll(async () => {
  await services.dispose();
  await bed.close();
});

const request = (overrides: Partial<Parameters<RaidServices['creation']['create']>[0]> = {}) => ({
  guild,
  creatorId: home.members[0]!.id,
  dungeonId,
  days: ['Sat', 'Sun'],
  times: ['20:00'],
  minPlayers: 1,
  ...overrides,
});

/** A response that records what the service showed through it. */
function response(showWorks = true) {
  const shown: MessagePayload[] = [];
  let committed = 0;
  return {
    shown,
    committed: () => committed,
    answer: {
      committed: async () => {
        committed += 1;
      },
      showPlanner: async (payload: MessagePayload) => {
        shown.push(payload);
        return showWorks;
      },
    },
  };
}

describe('RaidCreation', () => {
  it('creates the raid, posts its planner and attaches it', async () => {
    const outcome = await services.creation.create(request());
    if (outcome.kind !== 'created') throw new Error(`not created: ${outcome.kind}`);
    const planner = bed.emulator.driver.message(home.plannerChannelId, outcome.messageId);
    expect(planner?.embeds[0]?.title).toContain('Berserk Arena');
    expect((await bed.repos.raids.openRaidsOfGuild(home.guild.id)).map((raid) => [raid.id, raid.messageId])).toContainEqual([outcome.raid.id, outcome.messageId]);
  });

  it('creates nothing when the planner cannot be posted', async () => {
    const before = (await bed.repos.raids.openRaidsOfGuild(home.guild.id)).length;
    const fault = bed.emulator.faults.failNext({ method: 'POST', route: `/channels/${home.plannerChannelId}/messages`, status: 403, code: 50001 });
    const outcome = await services.creation.create(request());
    expect(outcome).toMatchObject({ kind: 'plannerPostFailed' });
    expect(fault.hits).toBe(1);
    expect(await bed.repos.raids.openRaidsOfGuild(home.guild.id)).toHaveLength(before);
  });

  it('an unknown dungeon and unconfigured channels are refused before anything is written', async () => {
    expect(await services.creation.create(request({ dungeonId: 999_999 }))).toEqual({ kind: 'unknownDungeon', dungeonId: 999_999 });
    const bare = await createRaidGuild(bed, 'Bare', 1);
    await bed.repos.settings.saveChannels(bare.guild.id, { plannerChannelId: null, participantsChannelId: null, raidListChannelId: null });
    const bareGuild = bed.client.guilds.cache.get(bare.guild.id) ?? guild;
    expect(await services.creation.create(request({ guild: bareGuild }))).toEqual({ kind: 'channelsNotConfigured' });
  });
});

/** A vote response that records the count the planner showed for the day "Thu". */
function countingResponse(shown: string[]) {
  return {
    committed: async () => undefined,
    showPlanner: async (payload: MessagePayload) => {
      const field = payload.embeds?.[0]?.fields?.find((candidate) => candidate.value.includes('Thu'))?.value ?? '';
      shown.push(/\*\*(\d+)\*\*/.exec(field)?.[1] ?? field);
      return true;
    },
  };
}

describe('VoteService.cast', () => {
  it('toggles under the raid lock, shows the planner through the response and fans out', async () => {
    const outcome = await services.creation.create(request({ days: ['Mon'], times: ['18:00'] }));
    if (outcome.kind !== 'created') throw new Error(outcome.kind);
    const voter = { userId: home.members[1]!.id, guildId: home.guild.id };
    const day = response();
    expect((await services.votes.cast({ raidId: outcome.raid.id, voter, kind: 'day', values: ['Mon'] }, day.answer)).kind).toBe('changed');
    const time = response();
    const cast = await services.votes.cast({ raidId: outcome.raid.id, voter, kind: 'time', values: ['18:00'] }, time.answer);
    expect(cast).toMatchObject({ kind: 'changed', result: { added: ['18:00'] } });
    expect([day.committed(), time.committed()]).toEqual([1, 1]);
    expect(time.shown).toHaveLength(1);
    // Lists follow the votes once they pause (off the vote path).
    await waitUntil('the participant list is posted', async () => (await bed.repos.postedSlots.slotsOfRaid(outcome.raid.id)).length > 0, 10_000);
    await services.slots.whenIdle(outcome.raid.id);
    expect(await bed.repos.postedSlots.slotsOfRaid(outcome.raid.id)).toEqual([expect.objectContaining({ day: 'Mon', time: '18:00' })]);
  });

  it('edits the planner over REST when the response could not show it', async () => {
    const outcome = await services.creation.create(request({ days: ['Tue'], times: ['19:00'] }));
    if (outcome.kind !== 'created') throw new Error(outcome.kind);
    const since = bed.emulator.rest.calls.length;
    await services.votes.cast({ raidId: outcome.raid.id, voter: { userId: home.members[2]!.id, guildId: home.guild.id }, kind: 'day', values: ['Tue'] }, response(false).answer);
    const edits = () => bed.callsSince(since).filter((call) => call.method === 'PATCH' && call.path === `/channels/${home.plannerChannelId}/messages/${outcome.messageId}`);
    // The catch-up edit follows the failed response (throttled to one per raid per second).
    await waitUntil('the planner is edited over REST', () => edits().length > 0, 10_000);
    await services.planner.whenAllIdle();
    expect(edits()).toHaveLength(1);
  });

  it('refuses a raid of another server and a closed raid, changing nothing', async () => {
    const outcome = await services.creation.create(request({ days: ['Wed'], times: ['21:00'] }));
    if (outcome.kind !== 'created') throw new Error(outcome.kind);
    const raidId = outcome.raid.id;
    const stranger = { userId: home.members[1]!.id, guildId: '123456789012345678' };
    expect(await services.votes.cast({ raidId, voter: stranger, kind: 'day', values: ['Wed'] }, response().answer)).toEqual({ kind: 'otherGuild' });
    await services.closing.cancelAll(home.guild.id, 'cancelled');
    const member = { userId: home.members[1]!.id, guildId: home.guild.id };
    expect(await services.votes.cast({ raidId, voter: member, kind: 'day', values: ['Wed'] }, response().answer)).toEqual({ kind: 'notActive' });
    expect(await bed.db.query('SELECT 1 FROM raid_votes WHERE raid_id = $1', [raidId])).toEqual([]);
  });

  it('a raid closed behind the kept basis refuses votes: the toggle decides on the locked row', async () => {
    const outcome = await services.creation.create(request({ days: ['Fri'], times: ['16:00'] }));
    if (outcome.kind !== 'created') throw new Error(outcome.kind);
    const raidId = outcome.raid.id;
    const voter = (index: number) => ({ userId: home.members[index]!.id, guildId: home.guild.id });
    // The first vote reads the raid and keeps it; the close goes straight to the database, telling the votes nothing.
    expect((await services.votes.cast({ raidId, voter: voter(0), kind: 'day', values: ['Fri'] }, response().answer)).kind).toBe('changed');
    expect(await bed.repos.raids.cancelRaid(raidId)).not.toBeNull();
    const refused = response();
    expect(await services.votes.cast({ raidId, voter: voter(1), kind: 'day', values: ['Fri'] }, refused.answer)).toEqual({ kind: 'notActive' });
    expect(refused.shown).toEqual([]);
    expect(await bed.db.query('SELECT user_id FROM raid_votes WHERE raid_id = $1', [raidId])).toEqual([{ user_id: voter(0).userId }]);
  });

  it('votes racing a close: each one is either counted before it or refused, none lands after it', async () => {
    const outcome = await services.creation.create(request({ days: ['Sat'], times: ['15:00'] }));
    if (outcome.kind !== 'created') throw new Error(outcome.kind);
    const raidId = outcome.raid.id;
    await services.votes.cast({ raidId, voter: { userId: home.members[0]!.id, guildId: home.guild.id }, kind: 'time', values: ['15:00'] }, response().answer);
    const votes = home.members.map(({ id: userId }) =>
      services.votes.cast({ raidId, voter: { userId, guildId: home.guild.id }, kind: 'day', values: ['Sat'] }, response().answer),
    );
    const closed = await bed.repos.raids.cancelRaid(raidId);
    const outcomes = await Promise.all(votes);
    expect(closed).not.toBeNull();
    expect(outcomes.every((cast) => cast.kind === 'changed' || cast.kind === 'notActive')).toBe(true);
    const counted = outcomes.filter((cast) => cast.kind === 'changed').length;
    expect(await bed.db.query(`SELECT count(*)::int AS n FROM raid_votes WHERE raid_id = $1 AND kind = 'day'`, [raidId])).toEqual([{ n: counted }]);
    // Once the close committed, every vote is refused.
    expect(await services.votes.cast({ raidId, voter: { userId: home.members[0]!.id, guildId: home.guild.id }, kind: 'day', values: ['Sat'] }, response().answer)).toEqual({ kind: 'notActive' });
  });

  it('after a zone change the next vote shows the slots in the new zone', async () => {
    // A dated day: its slot has an instant, shown as Discord timestamps that the zone moves.
    const outcome = await services.creation.create(request({ days: ['Sun 2030-06-16'], times: ['14:00'] }));
    if (outcome.kind !== 'created') throw new Error(outcome.kind);
    const raidId = outcome.raid.id;
    const voter = (index: number) => ({ userId: home.members[index]!.id, guildId: home.guild.id });
    await services.votes.cast({ raidId, voter: voter(0), kind: 'day', values: ['Sun 2030-06-16'] }, response().answer); // keeps the Berlin basis
    const zone = (name: string) => bed.repos.guildPreferences.set(home.guild.id, 'timeZone', name).then(() => services.onTimePreferencesChanged(home.guild.id, ['timeZone']));
    await zone('America/New_York');
    try {
      const shown = response();
      await services.votes.cast({ raidId, voter: voter(1), kind: 'day', values: ['Sun 2030-06-16'] }, shown.answer);
      const state = (await bed.repos.raids.loadRaidState(raidId))!;
      const description = shown.shown[0]?.embeds?.[0]?.description;
      expect(description).toBe((await services.planner.render(state, 'America/New_York')).embeds?.[0]?.description);
      expect(description).not.toBe((await services.planner.render(state, 'Europe/Berlin')).embeds?.[0]?.description);
    } finally {
      await zone('Europe/Berlin');
    }
  });

  it('serialises the votes of one raid: each response shows the state after its own vote, in order', async () => {
    const outcome = await services.creation.create(request({ days: ['Thu'], times: ['17:00'] }));
    if (outcome.kind !== 'created') throw new Error(outcome.kind);
    const shownCounts: string[] = [];
    for (const { id: userId } of home.members) {
      await services.votes.cast({ raidId: outcome.raid.id, voter: { userId, guildId: home.guild.id }, kind: 'day', values: ['Thu'] }, countingResponse(shownCounts));
    }
    expect(shownCounts).toEqual(['1', '2', '3']);
  });

  it("toggles the votes that queued up for the raid's lock in one commit: each response shows that commit, with its own vote", async () => {
    const outcome = await services.creation.create(request({ days: ['Thu'], times: ['17:00'] }));
    if (outcome.kind !== 'created') throw new Error(outcome.kind);
    const raidId = outcome.raid.id;
    const cast = (index: number, shown: string[]) =>
      services.votes.cast({ raidId, voter: { userId: home.members[index]!.id, guildId: home.guild.id }, kind: 'day', values: ['Thu'] }, countingResponse(shown));
    const first: string[] = [];
    await cast(0, first); // alone: its own commit
    expect(first).toEqual(['1']);

    // The lock is busy (a close, a repair, another vote's commit) while two more votes arrive.
    let release!: () => void;
    const busy = services.locks.run(raidId, () => new Promise<void>((resolve) => (release = resolve)));
    const queued: string[] = [];
    const votes = [cast(1, queued), cast(2, queued)];
    await new Promise((resolve) => setImmediate(resolve));
    expect(queued).toEqual([]);
    release();
    await busy;
    const outcomes = await Promise.all(votes);

    // One commit for both: both responses show 3 votes, each outcome its own change.
    expect(queued).toEqual(['3', '3']);
    expect(outcomes.map((result) => (result.kind === 'changed' ? result.result.added : result.kind))).toEqual([['Thu'], ['Thu']]);
    expect((await bed.repos.raids.loadRaidState(raidId))!.votes.map((vote) => vote.userId).sort()).toEqual(home.members.slice(0, 3).map((member) => member.id).sort());
  });

  it('a vote that fails its commit fails alone: the votes queued with it are toggled each on its own', async () => {
    const outcome = await services.creation.create(request({ days: ['Thu'], times: ['17:00'] }));
    if (outcome.kind !== 'created') throw new Error(outcome.kind);
    const raidId = outcome.raid.id;
    await services.votes.cast({ raidId, voter: { userId: home.members[0]!.id, guildId: home.guild.id }, kind: 'time', values: ['17:00'] }, countingResponse([]));
    let release!: () => void;
    const busy = services.locks.run(raidId, () => new Promise<void>((resolve) => (release = resolve)));
    const shown: string[] = [];
    // Not a snowflake: the toggle refuses it, and with it the transaction it shared.
    const broken = services.votes.cast({ raidId, voter: { userId: 'not-a-snowflake', guildId: home.guild.id }, kind: 'day', values: ['Thu'] }, countingResponse(shown));
    const good = services.votes.cast({ raidId, voter: { userId: home.members[1]!.id, guildId: home.guild.id }, kind: 'day', values: ['Thu'] }, countingResponse(shown));
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await busy;

    await expect(broken).rejects.toThrow('invalid vote toggle');
    expect((await good).kind).toBe('changed');
    expect(shown).toEqual(['1']);
    expect((await bed.repos.raids.loadRaidState(raidId))!.votes.map((vote) => [vote.kind, vote.userId])).toEqual([
      ['time', home.members[0]!.id],
      ['day', home.members[1]!.id],
    ]);
  });
});
