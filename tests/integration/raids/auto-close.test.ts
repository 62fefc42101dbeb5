/**
 * Raids that close themselves, on PostgreSQL with the raid services as the bot builds
 * them: the queries over many open raids, the automatic close decided on the locked
 * row (finished with attendance when a slot qualified, cancelled otherwise), each
 * server's zone and grace period, the seven-day rule for the old bot's labels, and a
 * member's finish at the same moment closing the raid exactly once.
 */
import type { Guild } from 'discord.js';
import { RaidServices } from '../../../src/lib/raids/services';
import { dueRaids } from '../../../src/lib/raids/services/raid-expiry';
import { GuildTime } from '../../../src/lib/raids/services/guild-time';
import type { RaidState } from '../../../src/lib/raids/types';
import { fixedClock } from '../../../src/lib/time';
import { createRaidGuild, type RaidGuild } from '../../support/raid-guild';
import { startRestoreBed, type RestoreBed } from '../restore/support';

jest.setTimeout(60_000);

let bed: RestoreBed;
let home: RaidGuild;
let away: RaidGuild;

const SAT = 'Sat 2026-12-26';
const SUN = 'Sun 2026-12-27';
/** Sat 2026-12-26 20:00 in Berlin. */
const SAT_20 = new Date('2026-12-26T19:00:00Z');
const hoursAfter = (instant: Date, hours: number) => new Date(instant.getTime() + hours * 3_600_000);

beforeAll(async () => {
  bed = await startRestoreBed();
  home = await createRaidGuild(bed, 'Home', 3);
  away = await createRaidGuild(bed, 'Away', 2);
  await bed.login();
});

afterAll(async () => {
  await bed?.close();
});

beforeEach(async () => {
  await bed.db.query('TRUNCATE raids, raid_attendance RESTART IDENTITY CASCADE');
  await bed.repos.guildPreferences.reset(home.guild.id);
  await bed.repos.guildPreferences.reset(away.guild.id);
});

function services(now: Date): RaidServices {
  return new RaidServices(bed.client, bed.repos, { slots: { listsPerRaid: 5, pings: null }, voteLimiter: null, raidLimits: null, clock: fixedClock(now) });
}

const member = (guild: RaidGuild, index: number) => guild.members[index]!.id;
const statusOf = async (raidId: number) => (await bed.db.query<{ status: string }>('SELECT status FROM raids WHERE id = $1', [raidId]))[0]?.status ?? 'deleted';
const attendance = async (guild: RaidGuild) =>
  (await bed.db.query<{ user_id: string }>('SELECT user_id FROM raid_attendance WHERE guild_id = $1 ORDER BY user_id', [guild.guild.id])).map((row) => row.user_id);

/** A raid whose one slot (Sat 20:00) qualified with two members. */
function qualified(guild: RaidGuild = home, days = [SAT], times = ['20:00']): Promise<RaidState> {
  return bed.createRaid(guild, { days, times, minPlayers: 2, votes: { [member(guild, 0)]: [[days[0]!], [times[0]!]], [member(guild, 1)]: [[days[0]!], [times[0]!]] } });
}

describe('queries over open raids', () => {
  it('openRaidStatesOfGuild: the guild’s open raids with options and votes, oldest first; closed raids and other guilds left out', async () => {
    const first = await qualified();
    const second = await bed.createRaid(home, { days: [SUN, SAT], times: ['18:00'], minPlayers: 1 });
    await qualified(away);
    const closed = await bed.createRaid(home, { days: [SAT], times: ['20:00'], minPlayers: 1 });
    await bed.repos.raids.cancelRaid(closed.raid.id);

    const states = await bed.repos.raids.openRaidStatesOfGuild(home.guild.id);
    expect(states.map((state) => state.raid.id)).toEqual([first.raid.id, second.raid.id]);
    expect(states[0]).toEqual(await bed.repos.raids.loadRaidState(first.raid.id));
    expect(states[1]!.days.map((option) => option.label)).toEqual([SUN, SAT]);
    expect(states[1]!.votes).toEqual([]);
    expect(await bed.repos.raids.openRaidStatesOfGuild('1')).toEqual([]);
  });

  it('openRaidOptions: every open raid of every guild with its days and times, no votes', async () => {
    const home1 = await qualified();
    const away1 = await qualified(away, [SUN], ['21:00', '22:00']);
    const options = await bed.repos.raids.openRaidOptions();
    expect(options.map((entry) => entry.raid.id)).toEqual([home1.raid.id, away1.raid.id]);
    expect(options[1]).toMatchObject({ days: [{ kind: 'day', label: SUN }], times: [{ label: '21:00' }, { label: '22:00' }] });
    expect((options[0] as Partial<RaidState>).votes ?? []).toEqual([]); // the task needs no votes: the close reads them on the locked row
  });

  it('closePastRaid finishes with attendance when a slot qualified and cancels otherwise; closed twice, it writes nothing', async () => {
    const withSlot = await qualified();
    const without = await bed.createRaid(home, { days: [SAT], times: ['20:00'], minPlayers: 3, votes: { [member(home, 0)]: [[SAT], ['20:00']] } });

    const finished = await bed.repos.raids.closePastRaid(withSlot.raid.id);
    expect(finished).toMatchObject({ reason: 'auto-finished', attendanceRows: 2 });
    expect(await bed.repos.raids.closePastRaid(withSlot.raid.id)).toBeNull();
    expect(await bed.repos.raids.finishRaid(withSlot.raid.id)).toBeNull();
    const cancelled = await bed.repos.raids.closePastRaid(without.raid.id);
    expect(cancelled).toMatchObject({ reason: 'auto-cancelled', attendanceRows: 0 });

    expect(await statusOf(withSlot.raid.id)).toBe('auto-finished');
    expect(await statusOf(without.raid.id)).toBe('auto-cancelled');
    expect(await attendance(home)).toEqual([member(home, 0), member(home, 1)].sort());
    // The owed clean-up keeps the reason and the attendance count for the planner's notice.
    const owed = await bed.repos.raids.closingRaids();
    expect(owed.map(({ reason, attendanceRows }) => [reason, attendanceRows])).toEqual([
      ['auto-finished', 2],
      ['auto-cancelled', 0],
    ]);
  });
});

describe('dueRaids', () => {
  it('a dated raid is due once its last slot began more than the server’s grace period ago, in the server’s zone', async () => {
    const berlin = await qualified(home, [SAT], ['18:00', '20:00']);
    const newYork = await qualified(away);
    await bed.repos.guildPreferences.set(away.guild.id, 'timeZone', 'America/New_York'); // Sat 20:00 there is 01:00 UTC Sunday
    const time = new GuildTime(bed.repos.guildPreferences);
    const due = async (now: Date) => (await dueRaids(bed.repos, time, now)).map(({ raid, expiry }) => [raid.id, expiry]);

    expect(await due(hoursAfter(SAT_20, 3))).toEqual([]);
    expect(await due(hoursAfter(SAT_20, 3.01))).toEqual([[berlin.raid.id, 'past']]);
    expect(await due(hoursAfter(SAT_20, 9.01))).toEqual([
      [berlin.raid.id, 'past'],
      [newYork.raid.id, 'past'],
    ]);
    await bed.repos.guildPreferences.set(home.guild.id, 'autoCloseGraceHours', 12);
    expect(await due(hoursAfter(SAT_20, 9.01))).toEqual([[newYork.raid.id, 'past']]);
  });

  it('keeps the seven-day rule for raids whose labels carry no date, and never applies it to dated raids', async () => {
    const createAt = async (days: string[], createdAt: string) => {
      const state = await bed.createRaid(home, { days, times: ['20:00'], minPlayers: 1 });
      await bed.db.query('UPDATE raids SET created_at = $2::timestamp WHERE id = $1', [state.raid.id, createdAt]);
      return state.raid.id;
    };
    const exactlySevenDays = await createAt(['Samstag'], '2026-12-01 10:00:00');
    await createAt(['Samstag'], '2026-12-01 10:00:01');
    await createAt([SAT], '2026-11-01 10:00:00'); // a month old, but its slot is ahead
    const due = await dueRaids(bed.repos, new GuildTime(bed.repos.guildPreferences), new Date('2026-12-08T10:00:00Z'));
    expect(due.map(({ raid, expiry }) => [raid.id, expiry])).toEqual([[exactlySevenDays, 'stale']]);
  });
});

describe('RaidClosing.closeStaleRaids', () => {
  it('closes past raids (finished or cancelled) and stale ones, leaves the rest open, and cleans up', async () => {
    const finished = await qualified();
    const cancelled = await bed.createRaid(home, { days: [SAT], times: ['20:00'], minPlayers: 2 });
    const ahead = await qualified(home, [SAT, SUN]);
    const stale = await bed.createRaid(home, { days: ['Samstag'], times: ['abends'], minPlayers: 1 });
    const youngerOldStyle = await bed.createRaid(home, { days: ['Sonntag'], times: ['abends'], minPlayers: 1 });
    const utc = (instant: Date) => instant.toISOString().replace('T', ' ').replace('Z', '');
    await bed.db.query('UPDATE raids SET created_at = $2::timestamp WHERE id = $1', [stale.raid.id, utc(hoursAfter(SAT_20, 4 - 7 * 24))]);
    await bed.db.query('UPDATE raids SET created_at = $2::timestamp WHERE id = $1', [youngerOldStyle.raid.id, utc(hoursAfter(SAT_20, 5 - 7 * 24))]);
    const raids = services(hoursAfter(SAT_20, 4));
    try {
      expect(await raids.closing.closeStaleRaids()).toBe(3);
    } finally {
      await raids.dispose();
    }
    expect(await statusOf(finished.raid.id)).toBe('deleted'); // cleaned up, row gone
    expect(await statusOf(cancelled.raid.id)).toBe('deleted');
    expect(await statusOf(ahead.raid.id)).toBe('open');
    expect(await statusOf(stale.raid.id)).toBe('deleted');
    expect(await statusOf(youngerOldStyle.raid.id)).toBe('open');
    expect(await attendance(home)).toEqual([member(home, 0), member(home, 1)].sort());
    expect(bed.logs.some((record) => record.message.includes(`raid ${finished.raid.id} `) && record.message.includes('closed automatically: auto-finished, 2 attendance rows'))).toBe(true);
  });

  it.each([
    ['one process', false],
    ['two processes', true],
  ])('a member’s finish at the same moment closes the raid exactly once (%s)', async (_name, twoProcesses) => {
    const raid = await qualified();
    const task = services(hoursAfter(SAT_20, 4));
    const buttons = twoProcesses ? services(hoursAfter(SAT_20, 4)) : task;
    const guild: Guild = bed.client.guilds.cache.get(home.guild.id)!;
    try {
      const [outcome, closedByTask] = await Promise.all([
        buttons.closing.finish(raid.raid.id, { userId: guild.ownerId, guildId: guild.id, mayFinishAnyRaid: true }),
        task.closing.closeStaleRaids(),
      ]);
      expect((outcome.kind === 'finished' ? 1 : 0) + closedByTask).toBe(1);
      if (outcome.kind !== 'finished') expect(outcome.kind).toBe('notFound');
    } finally {
      await task.dispose();
      if (twoProcesses) await buttons.dispose();
    }
    expect(await attendance(home)).toEqual([member(home, 0), member(home, 1)].sort());
    expect(await statusOf(raid.raid.id)).toBe('deleted');
  });
});
