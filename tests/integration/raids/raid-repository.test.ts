import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../src/lib/db/data-source';
import { RaidRepository } from '../../../src/lib/db/repositories/raid-repository';
import { PostedSlotRepository } from '../../../src/lib/db/repositories/posted-slot-repository';
import type { NewRaid } from '../../../src/lib/raids/types';
import { createTestDatabase, type TestDatabase } from '../../support/database';

const GUILD = '800000000000000001';
const OTHER_GUILD = '800000000000000002';
const CREATOR = '500000000000000001';

let db: TestDatabase;
let dataSource: DataSource;
let raids: RaidRepository;
let slots: PostedSlotRepository;

function newRaid(overrides: Partial<NewRaid> = {}): NewRaid {
  return {
    guildId: GUILD,
    channelId: '600000000000000001',
    creatorId: CREATOR,
    dungeon: 'Royal Base',
    days: ['Sat', 'Sun'],
    times: ['20:00', '21:00'],
    minPlayers: 2,
    ...overrides,
  };
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await db.query<{ n: string }>(sql, params);
  return Number(row?.n);
}

beforeAll(async () => {
  db = await createTestDatabase();
  dataSource = createDataSource(db.url);
  await dataSource.initialize();
  raids = new RaidRepository(dataSource);
  slots = new PostedSlotRepository(dataSource);
});

afterAll(async () => {
  await dataSource?.destroy();
  await db?.drop();
});

beforeEach(async () => {
  await db.query('TRUNCATE raids, raid_attendance RESTART IDENTITY CASCADE');
});

describe('createRaid', () => {
  it('stores an open raid without planner message, with days then times in input order', async () => {
    const state = await raids.createRaid(newRaid({ days: ['Sun', 'Sat', 'Mon'], times: ['21:00', '20:00'], minPlayers: 0 }));
    expect(state.raid).toMatchObject({
      guildId: GUILD,
      channelId: '600000000000000001',
      creatorId: CREATOR,
      dungeon: 'Royal Base',
      displayId: 1,
      minPlayers: 0,
      messageId: null,
      tempRoleId: null,
      tempRoleCreated: false,
    });
    expect(state.days.map((option) => option.label)).toEqual(['Sun', 'Sat', 'Mon']);
    expect(state.times.map((option) => option.label)).toEqual(['21:00', '20:00']);
    expect(state.votes).toEqual([]);
    const [row] = await db.query<{ status: string; message_id: string | null }>('SELECT status, message_id FROM raids WHERE id = $1', [state.raid.id]);
    expect(row).toEqual({ status: 'open', message_id: null });
    const ids = await db.query<{ kind: string; label: string }>('SELECT kind, label FROM raid_options WHERE raid_id = $1 ORDER BY id', [state.raid.id]);
    expect(ids).toEqual([
      { kind: 'day', label: 'Sun' },
      { kind: 'day', label: 'Sat' },
      { kind: 'day', label: 'Mon' },
      { kind: 'time', label: '21:00' },
      { kind: 'time', label: '20:00' },
    ]);
  });

  it('records created_at as the current UTC time', async () => {
    const before = Date.now();
    const { raid } = await raids.createRaid(newRaid());
    expect(raid.createdAt.getTime()).toBeGreaterThanOrEqual(before - 2000);
    expect(raid.createdAt.getTime()).toBeLessThanOrEqual(Date.now() + 2000);
  });

  it('numbers raids 1, 2, 3 per guild, independently in each guild', async () => {
    const first = await raids.createRaid(newRaid());
    const second = await raids.createRaid(newRaid());
    const otherFirst = await raids.createRaid(newRaid({ guildId: OTHER_GUILD }));
    const third = await raids.createRaid(newRaid());
    expect([first, second, third].map((state) => state.raid.displayId)).toEqual([1, 2, 3]);
    expect(otherFirst.raid.displayId).toBe(1);
    expect(await raids.highestDisplayId(GUILD)).toBe(3);
    expect(await raids.highestDisplayId(OTHER_GUILD)).toBe(1);
    expect(await raids.highestDisplayId('800000000000000099')).toBe(0);
  });

  it('never reuses the number of a finished raid, even after every raid of the guild is gone', async () => {
    const first = await raids.createRaid(newRaid({ minPlayers: 1 }));
    await raids.toggleVotes(first.raid.id, '1', 'day', ['Sat']);
    await raids.toggleVotes(first.raid.id, '1', 'time', ['20:00']);
    expect((await raids.finishRaid(first.raid.id))?.attendanceRows).toBe(1);
    expect(await raids.countOpenRaids(GUILD)).toBe(0);

    const second = await raids.createRaid(newRaid());
    expect(second.raid.displayId).toBe(2);

    // Open raids deleted outright: the attendance history still holds the numbers.
    await raids.deleteRaid(second.raid.id);
    await db.query(
      `INSERT INTO raid_attendance (guild_id, raid_display_id, dungeon, user_id, status) VALUES ($1, 7, 'Royal Base', 1, 'present')`,
      [GUILD],
    );
    expect((await raids.createRaid(newRaid())).raid.displayId).toBe(8);
    // Another guild's history does not count.
    expect((await raids.createRaid(newRaid({ guildId: OTHER_GUILD }))).raid.displayId).toBe(1);
  });

  it('gives 20 concurrent creations in one guild 20 distinct consecutive numbers', async () => {
    await raids.createRaid(newRaid());
    const created = await Promise.all(Array.from({ length: 20 }, () => raids.createRaid(newRaid())));
    const numbers = created.map((state) => state.raid.displayId).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, index) => index + 2));
    expect(await raids.countOpenRaids(GUILD)).toBe(21);
  });

  it('does not touch templates', async () => {
    await raids.createRaid(newRaid());
    expect(await count('SELECT count(*) AS n FROM raid_templates')).toBe(0);
  });
});

describe('planner message and role', () => {
  it('stores, replaces and reports missing raids', async () => {
    const { raid } = await raids.createRaid(newRaid());
    expect(await raids.setPlannerMessage(raid.id, '700000000000000001')).toBe(true);
    expect((await raids.loadRaidState(raid.id))?.raid.messageId).toBe('700000000000000001');
    expect(await raids.setPlannerMessage(raid.id + 1000, '700000000000000002')).toBe(false);
  });

  it('remembers the raid role and whether the bot created it', async () => {
    const { raid } = await raids.createRaid(newRaid());
    expect(await raids.setRaidRole(raid.id, '900000000000000001', true)).toBe(true);
    expect((await raids.loadRaidState(raid.id))?.raid).toMatchObject({ tempRoleId: '900000000000000001', tempRoleCreated: true });
    await raids.setRaidRole(raid.id, null, true);
    expect((await raids.loadRaidState(raid.id))?.raid).toMatchObject({ tempRoleId: null, tempRoleCreated: false });
    expect(await raids.setRaidRole(raid.id + 1000, '1', false)).toBe(false);
  });
});

describe('toggleVotes', () => {
  it('adds a vote, and a second toggle of the same option removes it again', async () => {
    const { raid } = await raids.createRaid(newRaid());
    const first = await raids.toggleVotes(raid.id, '42', 'day', ['Sat']);
    expect(first).toMatchObject({ added: ['Sat'], removed: [] });
    expect(first?.state.votes).toEqual([{ kind: 'day', label: 'Sat', userId: '42' }]);
    const second = await raids.toggleVotes(raid.id, '42', 'day', ['Sat']);
    expect(second).toMatchObject({ added: [], removed: ['Sat'] });
    expect(second?.state.votes).toEqual([]);
    expect(await count('SELECT count(*) AS n FROM raid_votes WHERE raid_id = $1', [raid.id])).toBe(0);
  });

  it('matches values case-insensitively after trimming, skips unknown ones and counts a repeated value once', async () => {
    const { raid } = await raids.createRaid(newRaid({ days: ['Sat', 'Sun'], times: ['20:00'] }));
    const result = await raids.toggleVotes(raid.id, '42', 'day', ['  sAT ', 'Funday', 'SUN', 'sun', '20:00']);
    expect(result).toMatchObject({ added: ['Sat', 'Sun'], removed: [] });
    const stored = await db.query<{ kind: string; option_label: string }>(
      'SELECT kind, option_label FROM raid_votes WHERE raid_id = $1 ORDER BY option_label',
      [raid.id],
    );
    expect(stored).toEqual([
      { kind: 'day', option_label: 'Sat' },
      { kind: 'day', option_label: 'Sun' },
    ]);
  });

  it('leaves options that were not submitted alone', async () => {
    const { raid } = await raids.createRaid(newRaid());
    await raids.toggleVotes(raid.id, '42', 'day', ['Sat', 'Sun']);
    const result = await raids.toggleVotes(raid.id, '42', 'day', ['Sun']);
    expect(result?.state.votes).toEqual([{ kind: 'day', label: 'Sat', userId: '42' }]);
  });

  it('returns no changes when nothing matched', async () => {
    const { raid } = await raids.createRaid(newRaid());
    expect(await raids.toggleVotes(raid.id, '42', 'time', ['Sat'])).toMatchObject({ added: [], removed: [] });
  });

  it('returns null for a raid that no longer exists', async () => {
    const { raid } = await raids.createRaid(newRaid());
    await raids.deleteRaid(raid.id);
    expect(await raids.toggleVotes(raid.id, '42', 'day', ['Sat'])).toBeNull();
    expect(await count('SELECT count(*) AS n FROM raid_votes')).toBe(0);
  });

  it('keeps all 50 votes when 50 members vote at the same moment', async () => {
    const { raid } = await raids.createRaid(newRaid());
    const users = Array.from({ length: 50 }, (_, index) => String(100 + index));
    const results = await Promise.all(users.map((userId) => raids.toggleVotes(raid.id, userId, 'day', ['Sat'])));
    expect(results.every((result) => result?.added.length === 1)).toBe(true);
    expect(await count(`SELECT count(*) AS n FROM raid_votes WHERE raid_id = $1 AND option_label = 'Sat'`, [raid.id])).toBe(50);
    expect((await raids.loadRaidState(raid.id))?.votes).toHaveLength(50);
  });

  it('ends concurrent toggles of one option by one member in the state their count implies', async () => {
    const { raid } = await raids.createRaid(newRaid());
    for (const toggles of [7, 8]) {
      await db.query('DELETE FROM raid_votes');
      const results = await Promise.all(Array.from({ length: toggles }, () => raids.toggleVotes(raid.id, '42', 'time', ['20:00'])));
      const added = results.filter((result) => result?.added.length === 1).length;
      const removed = results.filter((result) => result?.removed.length === 1).length;
      // Serialised toggles alternate add/remove: odd counts end voted, even counts end not voted.
      expect([added, removed]).toEqual([Math.ceil(toggles / 2), Math.floor(toggles / 2)]);
      expect(await count('SELECT count(*) AS n FROM raid_votes WHERE raid_id = $1', [raid.id])).toBe(toggles % 2);
    }
  });
});

describe('toggleVotes with option ids', () => {
  it('votes for the options the ids name, of the select’s kind only', async () => {
    const state = await raids.createRaid(newRaid({ days: ['Sat', 'Sun'], times: ['20:00'] }));
    const [sat, sun] = state.days;
    const [eight] = state.times;
    const result = await raids.toggleVotes(state.raid.id, '7', 'day', [String(sun!.id), String(eight!.id)]);
    expect(result).toMatchObject({ added: ['Sun'], removed: [] });
    expect((await raids.toggleVotes(state.raid.id, '7', 'day', [String(sun!.id), String(sat!.id)]))).toMatchObject({ added: ['Sat'], removed: ['Sun'] });
    expect((await raids.loadRaidState(state.raid.id))?.votes).toEqual([{ kind: 'day', label: 'Sat', userId: '7' }]);
  });
});

describe('loadRaidState', () => {
  it('returns options in insertion order and null for an unknown raid', async () => {
    const { raid } = await raids.createRaid(newRaid({ days: ['b', 'a'], times: ['2', '1'] }));
    await raids.toggleVotes(raid.id, '7', 'time', ['1']);
    const state = await raids.loadRaidState(raid.id);
    expect(state?.days.map((option) => option.label)).toEqual(['b', 'a']);
    expect(state?.times.map((option) => [option.kind, option.label])).toEqual([
      ['time', '2'],
      ['time', '1'],
    ]);
    expect(state?.votes).toEqual([{ kind: 'time', label: '1', userId: '7' }]);
    expect(await raids.loadRaidState(raid.id + 1000)).toBeNull();
  });
});

describe('finishRaid and cancelRaid', () => {
  async function voteSlot(raidId: number, userId: string, day: string, time: string): Promise<void> {
    await raids.toggleVotes(raidId, userId, 'day', [day]);
    await raids.toggleVotes(raidId, userId, 'time', [time]);
  }

  it('writes present rows only for members of qualified slots and deletes the raid', async () => {
    const { raid } = await raids.createRaid(newRaid({ minPlayers: 2 }));
    await voteSlot(raid.id, '30', 'Sat', '20:00');
    await voteSlot(raid.id, '4', 'Sat', '20:00');
    await voteSlot(raid.id, '200', 'Sun', '21:00'); // alone in their slot
    await raids.toggleVotes(raid.id, '9', 'day', ['Sat']); // no time
    await slots.upsert(raid.id, 'Sat', '20:00', '610000000000000001', '710000000000000001');

    const closed = await raids.finishRaid(raid.id);
    expect(closed?.attendanceRows).toBe(2);
    expect(closed?.raid.displayId).toBe(raid.displayId);
    expect(closed?.postedSlots).toEqual([
      expect.objectContaining({ raidId: raid.id, day: 'Sat', time: '20:00', channelId: '610000000000000001', messageId: '710000000000000001' }),
    ]);
    const rows = await db.query('SELECT guild_id, raid_display_id, dungeon, user_id, status, marked_by_user_id FROM raid_attendance ORDER BY user_id');
    expect(rows).toEqual([
      { guild_id: GUILD, raid_display_id: raid.displayId, dungeon: 'Royal Base', user_id: '4', status: 'present', marked_by_user_id: null },
      { guild_id: GUILD, raid_display_id: raid.displayId, dungeon: 'Royal Base', user_id: '30', status: 'present', marked_by_user_id: null },
    ]);
    expect(await raids.loadRaidState(raid.id)).toBeNull();
  });

  it('a closed raid keeps its row (the owed clean-up) until deleteClosedRaid, which takes options, votes and slot rows along', async () => {
    const { raid } = await raids.createRaid(newRaid({ minPlayers: 1 }));
    await voteSlot(raid.id, '1', 'Sat', '20:00');
    await slots.upsert(raid.id, 'Sat', '20:00', '1', '2');
    await raids.finishRaid(raid.id);
    expect(await db.query('SELECT status FROM raids WHERE id = $1', [raid.id])).toEqual([{ status: 'finished' }]);
    expect(await raids.openRaidsOfGuild(GUILD)).toEqual([]);
    expect(await raids.loadRaidState(raid.id)).toBeNull();
    // No list row can be added to it any more (a sync that read it before the close).
    expect(await slots.upsert(raid.id, 'Sun', '20:00', '1', '3')).toBeNull();
    const [owed] = await raids.closingRaids();
    expect(owed).toMatchObject({ reason: 'finished', attendanceRows: 1, raid: { id: raid.id }, postedSlots: [expect.objectContaining({ day: 'Sat', messageId: '2' })] });

    expect(await raids.deleteClosedRaid(raid.id)).toBe(true);
    expect(await raids.closingRaids()).toEqual([]);
    for (const table of ['raids', 'raid_options', 'raid_votes', 'raid_posted_slots']) {
      expect(await count(`SELECT count(*) AS n FROM ${table} WHERE ${table === 'raids' ? 'id' : 'raid_id'} = $1`, [raid.id])).toBe(0);
    }
    expect(await count('SELECT count(*) AS n FROM raid_attendance')).toBe(1);
  });

  it('deleteClosedRaid never deletes an open raid, and rows of unknown statuses are not taken for owed clean-ups', async () => {
    const { raid } = await raids.createRaid(newRaid());
    expect(await raids.deleteClosedRaid(raid.id)).toBe(false);
    await db.query(`UPDATE raids SET status = 'archived' WHERE id = $1`, [raid.id]);
    expect(await raids.closingRaids()).toEqual([]);
  });

  it('keeps existing attendance rows for the same guild and number and counts only new ones', async () => {
    const { raid } = await raids.createRaid(newRaid({ minPlayers: 1 }));
    await voteSlot(raid.id, '1', 'Sat', '20:00');
    await voteSlot(raid.id, '2', 'Sat', '20:00');
    await db.query(
      `INSERT INTO raid_attendance (guild_id, raid_display_id, dungeon, user_id, status) VALUES ($1, $2, 'Old', 1, 'absent')`,
      [GUILD, raid.displayId],
    );
    expect((await raids.finishRaid(raid.id))?.attendanceRows).toBe(1);
    const rows = await db.query('SELECT user_id, status, dungeon FROM raid_attendance ORDER BY user_id');
    expect(rows).toEqual([
      { user_id: '1', status: 'absent', dungeon: 'Old' },
      { user_id: '2', status: 'present', dungeon: 'Royal Base' },
    ]);
  });

  it('lets only one of two concurrent finishes write; the other gets null', async () => {
    const { raid } = await raids.createRaid(newRaid({ minPlayers: 1 }));
    await voteSlot(raid.id, '1', 'Sat', '20:00');
    await voteSlot(raid.id, '2', 'Sun', '21:00');
    const results = await Promise.all([raids.finishRaid(raid.id), raids.finishRaid(raid.id)]);
    expect(results.filter((result) => result === null)).toHaveLength(1);
    expect(results.find((result) => result !== null)?.attendanceRows).toBe(2);
    expect(await count('SELECT count(*) AS n FROM raid_attendance')).toBe(2);
    expect(await raids.finishRaid(raid.id)).toBeNull();
  });

  it('lets a cancel that races a finish find nothing left to close', async () => {
    const { raid } = await raids.createRaid(newRaid({ minPlayers: 1 }));
    await voteSlot(raid.id, '1', 'Sat', '20:00');
    const [finished, cancelled] = await Promise.all([raids.finishRaid(raid.id), raids.cancelRaid(raid.id)]);
    // Whichever locked the row first closed the raid; attendance exists exactly when the finish won.
    expect([finished, cancelled].filter((result) => result !== null)).toHaveLength(1);
    expect(await count('SELECT count(*) AS n FROM raid_attendance')).toBe(finished ? 1 : 0);
  });

  it('cancel closes the raid without attendance, with the reason as its status', async () => {
    const { raid } = await raids.createRaid(newRaid({ minPlayers: 1 }));
    await voteSlot(raid.id, '1', 'Sat', '20:00');
    const closed = await raids.cancelRaid(raid.id, 'stale-cleanup');
    expect(closed).toMatchObject({ reason: 'stale-cleanup', attendanceRows: 0, postedSlots: [] });
    expect(closed?.raid.id).toBe(raid.id);
    expect(await count('SELECT count(*) AS n FROM raid_attendance')).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM raids WHERE status = 'open'`)).toBe(0);
    expect(await raids.closingRaids()).toEqual([expect.objectContaining({ reason: 'stale-cleanup', attendanceRows: 0 })]);
    expect(await raids.cancelRaid(raid.id)).toBeNull();
  });

  it('deleteRaid reports whether there was a raid to delete', async () => {
    const { raid } = await raids.createRaid(newRaid());
    expect(await raids.deleteRaid(raid.id)).toBe(true);
    expect(await raids.deleteRaid(raid.id)).toBe(false);
  });
});

describe('queries over open raids', () => {
  async function createAt(createdAt: string, overrides: Partial<NewRaid> = {}) {
    const state = await raids.createRaid(newRaid(overrides));
    await db.query('UPDATE raids SET created_at = $2::timestamp WHERE id = $1', [state.raid.id, createdAt]);
    return state.raid;
  }

  it('lists a guild’s raids and all raids oldest first, and finds them by display id', async () => {
    const newer = await createAt('2026-03-02 10:00:00');
    const older = await createAt('2026-03-01 10:00:00');
    const elsewhere = await createAt('2026-03-01 12:00:00', { guildId: OTHER_GUILD });
    const sameTime = await createAt('2026-03-02 10:00:00');
    expect((await raids.openRaidsOfGuild(GUILD)).map((raid) => raid.id)).toEqual([older.id, newer.id, sameTime.id]);
    expect((await raids.openRaids()).map((raid) => raid.id)).toEqual([older.id, elsewhere.id, newer.id, sameTime.id]);
    expect(await raids.countOpenRaids(GUILD)).toBe(3);
    expect((await raids.findOpenByDisplayId(GUILD, older.displayId))?.id).toBe(older.id);
    expect((await raids.findOpenByDisplayId(OTHER_GUILD, elsewhere.displayId))?.id).toBe(elsewhere.id);
    expect(await raids.findOpenByDisplayId(GUILD, 99)).toBeNull();
  });

  it('reads created_at as UTC wall time', async () => {
    const raid = await createAt('2026-03-01 10:00:00');
    expect((await raids.openRaidsOfGuild(GUILD)).find((open) => open.id === raid.id)?.createdAt.toISOString()).toBe('2026-03-01T10:00:00.000Z');
  });
});
