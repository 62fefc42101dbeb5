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

  it('serialises the votes of one raid: each response shows the state after its own vote, in order', async () => {
    const outcome = await services.creation.create(request({ days: ['Thu'], times: ['17:00'] }));
    if (outcome.kind !== 'created') throw new Error(outcome.kind);
    const shownCounts: string[] = [];
    await Promise.all(
      home.members.map(({ id: userId }) =>
        services.votes.cast(
          { raidId: outcome.raid.id, voter: { userId, guildId: home.guild.id }, kind: 'day', values: ['Thu'] },
          {
            committed: async () => undefined,
            showPlanner: async (payload) => {
              shownCounts.push(JSON.stringify(payload.embeds?.[0]?.fields?.find((field) => field.value.includes('Thu'))?.value));
              return true;
            },
          },
        ),
      ),
    );
    expect(shownCounts.map((value) => /\*\*(\d+)\*\*/.exec(value)?.[1])).toEqual(['1', '2', '3']);
  });
});
