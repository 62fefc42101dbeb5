import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../src/lib/db/data-source';
import { createRepositories, type Repositories } from '../../../src/lib/db/repositories';
import type { NewRaid } from '../../../src/lib/raids/types';
import { createTestDatabase, type TestDatabase } from '../../support/database';

/** The raid flow as the bot runs it, through createRepositories: template sync, attendance, slots. */

const GUILD = '810000000000000001';
const OTHER_GUILD = '810000000000000002';

let db: TestDatabase;
let dataSource: DataSource;
let repos: Repositories;
let royalBaseId: number;
let abyssId: number;

function newRaid(overrides: Partial<NewRaid> = {}): NewRaid {
  return {
    guildId: GUILD,
    channelId: '610000000000000001',
    creatorId: '510000000000000001',
    dungeon: 'Royal Base',
    days: ['Sat'],
    times: ['20:00'],
    minPlayers: 1,
    ...overrides,
  };
}

async function templateRows(): Promise<Array<{ guild_id: string; dungeon_id: number; template_name: string; template_data: string }>> {
  return db.query('SELECT guild_id, dungeon_id, template_name, template_data FROM raid_templates ORDER BY guild_id, dungeon_id');
}

beforeAll(async () => {
  db = await createTestDatabase();
  dataSource = createDataSource(db.url);
  await dataSource.initialize();
  repos = createRepositories(dataSource);
  const dungeons = await db.query<{ id: number; name: string }>(
    `INSERT INTO dungeons (name, short_code, sort_order) VALUES ('Royal Base', 'royal_base', 1), ('Abyss Dungeon', 'abyss_dungeon', 2)
     RETURNING id, name`,
  );
  royalBaseId = dungeons.find((dungeon) => dungeon.name === 'Royal Base')!.id;
  abyssId = dungeons.find((dungeon) => dungeon.name === 'Abyss Dungeon')!.id;
});

afterAll(async () => {
  await dataSource?.destroy();
  await db?.drop();
});

beforeEach(async () => {
  await db.query('TRUNCATE raids, raid_attendance, raid_templates, guild_settings RESTART IDENTITY CASCADE');
  await repos.settings.ensureGuild(GUILD, 'Digital World');
});

describe('attachPlannerMessage and the auto template', () => {
  it('stores the planner message and makes the last raid of a dungeon its template', async () => {
    const first = await repos.raids.createRaid(newRaid({ days: ['Sat', 'Sun'], times: ['20:00'], minPlayers: 3 }));
    expect(await templateRows()).toEqual([]);
    await repos.raids.attachPlannerMessage(first.raid.id, '710000000000000001', {
      guildId: GUILD,
      dungeonId: royalBaseId,
      defaults: { days: ['Sat', 'Sun'], times: ['20:00'], minPlayers: 3 },
    });
    expect((await repos.raids.loadRaidState(first.raid.id))?.raid.messageId).toBe('710000000000000001');
    expect(await repos.templates.defaultsFor(GUILD, royalBaseId)).toEqual({ days: ['Sat', 'Sun'], times: ['20:00'], minPlayers: 3 });

    const second = await repos.raids.createRaid(newRaid({ days: ['Fr'], times: ['19:00', '21:00'], minPlayers: 0 }));
    await repos.raids.attachPlannerMessage(second.raid.id, '710000000000000002', {
      guildId: GUILD,
      dungeonId: royalBaseId,
      defaults: { days: ['Fr'], times: ['19:00', '21:00'], minPlayers: 0 },
    });
    expect(await repos.templates.defaultsFor(GUILD, royalBaseId)).toEqual({ days: ['Fr'], times: ['19:00', '21:00'], minPlayers: 0 });
    expect(await templateRows()).toEqual([
      {
        guild_id: GUILD,
        dungeon_id: royalBaseId,
        template_name: '_auto_dungeon_default',
        template_data: '{"days": ["Fr"], "times": ["19:00", "21:00"], "min_players": 0}',
      },
    ]);
    expect(await repos.templates.defaultsFor(GUILD, abyssId)).toBeNull();
  });

  it('keeps templates apart per guild and per dungeon', async () => {
    await repos.settings.ensureGuild(OTHER_GUILD, 'Other');
    for (const [guildId, dungeonId, day] of [
      [GUILD, royalBaseId, 'A'],
      [GUILD, abyssId, 'B'],
      [OTHER_GUILD, royalBaseId, 'C'],
    ] as const) {
      const { raid } = await repos.raids.createRaid(newRaid({ guildId, days: [day] }));
      await repos.raids.attachPlannerMessage(raid.id, '1', { guildId, dungeonId, defaults: { days: [day], times: ['20:00'], minPlayers: 1 } });
    }
    expect((await repos.templates.defaultsFor(GUILD, royalBaseId))?.days).toEqual(['A']);
    expect((await repos.templates.defaultsFor(GUILD, abyssId))?.days).toEqual(['B']);
    expect((await repos.templates.defaultsFor(OTHER_GUILD, royalBaseId))?.days).toEqual(['C']);
  });

  it('writes no template without one given, when templates are disabled, or when the raid is gone', async () => {
    const defaults = { days: ['Sat'], times: ['20:00'], minPlayers: 1 };
    const plain = await repos.raids.createRaid(newRaid());
    expect(await repos.raids.attachPlannerMessage(plain.raid.id, '1')).toBe(true);
    expect(await repos.raids.attachPlannerMessage(plain.raid.id, '1', null)).toBe(true);

    await repos.settings.setTemplatesEnabled(GUILD, false);
    expect(await repos.raids.attachPlannerMessage(plain.raid.id, '2', { guildId: GUILD, dungeonId: royalBaseId, defaults })).toBe(true);
    await repos.settings.setTemplatesEnabled(GUILD, true);

    // A raid whose planner post failed is deleted: the template stays as it was.
    const failed = await repos.raids.createRaid(newRaid());
    expect(await repos.raids.deleteRaid(failed.raid.id)).toBe(true);
    expect(await repos.raids.attachPlannerMessage(failed.raid.id, '3', { guildId: GUILD, dungeonId: royalBaseId, defaults })).toBe(false);
    expect(await templateRows()).toEqual([]);
  });

  it('skips the template rather than failing when the guild has no settings row', async () => {
    const { raid } = await repos.raids.createRaid(newRaid({ guildId: OTHER_GUILD }));
    expect(
      await repos.raids.attachPlannerMessage(raid.id, '5', { guildId: OTHER_GUILD, dungeonId: royalBaseId, defaults: { days: ['x'], times: ['y'], minPlayers: 1 } }),
    ).toBe(true);
    expect((await repos.raids.loadRaidState(raid.id))?.raid.messageId).toBe('5');
    expect(await templateRows()).toEqual([]);
  });

  it('reads a template row written in compact JSON by another tool', async () => {
    await db.query(
      `INSERT INTO raid_templates (guild_id, dungeon_id, template_name, template_data) VALUES ($1, $2, '_auto_dungeon_default', $3)`,
      [GUILD, abyssId, '{"days":["Mo","Di"],"times":[],"min_players":-2}'],
    );
    expect(await repos.templates.defaultsFor(GUILD, abyssId)).toEqual({ days: ['Mo', 'Di'], times: [], minPlayers: 0 });
  });
});

describe('participation count', () => {
  async function finishWith(members: string[], bystanders: string[] = []): Promise<number> {
    const { raid } = await repos.raids.createRaid(newRaid({ days: ['Sat', 'Sun'], times: ['20:00'], minPlayers: members.length }));
    for (const userId of members) {
      await repos.raids.toggleVotes(raid.id, userId, 'day', ['Sat']);
      await repos.raids.toggleVotes(raid.id, userId, 'time', ['20:00']);
    }
    for (const userId of bystanders) await repos.raids.toggleVotes(raid.id, userId, 'day', ['Sun']);
    return (await repos.raids.finishRaid(raid.id))!.attendanceRows;
  }

  it('grows by one for every finished raid in which the member was in a qualified slot', async () => {
    expect(await repos.attendance.participationCount(GUILD, '1')).toBe(0);
    expect(await finishWith(['1', '2'], ['3'])).toBe(2);
    expect(await finishWith(['1'])).toBe(1);
    expect(await repos.attendance.participationCount(GUILD, '1')).toBe(2);
    expect(await repos.attendance.participationCount(GUILD, '2')).toBe(1);
    expect(await repos.attendance.participationCount(GUILD, '3')).toBe(0);
    expect(await repos.attendance.participationCount(OTHER_GUILD, '1')).toBe(0);
  });

  it('counts nothing for a cancelled raid', async () => {
    const { raid } = await repos.raids.createRaid(newRaid());
    await repos.raids.toggleVotes(raid.id, '1', 'day', ['Sat']);
    await repos.raids.toggleVotes(raid.id, '1', 'time', ['20:00']);
    await repos.raids.cancelRaid(raid.id);
    expect(await repos.attendance.participationCount(GUILD, '1')).toBe(0);
  });
});

describe('posted slots', () => {
  it('inserts, replaces by day and time, lists in order and removes', async () => {
    const { raid } = await repos.raids.createRaid(newRaid({ days: ['Sat', 'Sun'] }));
    const first = await repos.postedSlots.upsert(raid.id, 'Sat', '20:00', '620000000000000001', '720000000000000001');
    const second = await repos.postedSlots.upsert(raid.id, 'Sun', '20:00', '620000000000000001', null);
    expect(first).toEqual({ id: expect.any(String), raidId: raid.id, day: 'Sat', time: '20:00', channelId: '620000000000000001', messageId: '720000000000000001' });

    const replaced = await repos.postedSlots.upsert(raid.id, 'Sat', '20:00', '620000000000000002', '720000000000000002');
    expect(replaced?.id).toBe(first?.id);
    expect(await repos.postedSlots.slotsOfRaid(raid.id)).toEqual([
      { id: first!.id, raidId: raid.id, day: 'Sat', time: '20:00', channelId: '620000000000000002', messageId: '720000000000000002' },
      { id: second!.id, raidId: raid.id, day: 'Sun', time: '20:00', channelId: '620000000000000001', messageId: null },
    ]);

    expect(await repos.postedSlots.remove(first!.id)).toBe(true);
    expect(await repos.postedSlots.remove(first!.id)).toBe(false);
    expect((await repos.postedSlots.slotsOfRaid(raid.id)).map((slot) => slot.day)).toEqual(['Sun']);
  });

  it('stores nothing for a raid that was closed meanwhile', async () => {
    const { raid } = await repos.raids.createRaid(newRaid());
    await repos.raids.cancelRaid(raid.id);
    expect(await repos.postedSlots.upsert(raid.id, 'Sat', '20:00', '1', '2')).toBeNull();
    expect(await repos.postedSlots.slotsOfRaid(raid.id)).toEqual([]);
  });

  it('stores nothing when the raid is deleted while the slot is being written', async () => {
    const { raid } = await repos.raids.createRaid(newRaid());
    // Hold the raid's deletion open, let the upsert pass its existence check, then commit the delete.
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query('DELETE FROM raids WHERE id = $1', [raid.id]);
      const pending = repos.postedSlots.upsert(raid.id, 'Sat', '20:00', '1', '2');
      await waitUntilASessionWaitsForALock();
      await runner.commitTransaction();
      expect(await pending).toBeNull();
    } finally {
      await runner.release();
    }
  });
});

/** Polls until some session of this test database is blocked on a lock (so the race really happened). */
async function waitUntilASessionWaitsForALock(): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const [row] = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (Number(row?.n) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('no session ever waited for a lock');
}

describe('repositories bound to a transaction', () => {
  it('roll back with it', async () => {
    await expect(
      dataSource.transaction(async (manager) => {
        const inTransaction = createRepositories(manager);
        await inTransaction.raids.createRaid(newRaid());
        await inTransaction.settings.setTemplatesEnabled(GUILD, false);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await repos.raids.countOpenRaids(GUILD)).toBe(0);
    expect((await repos.settings.get(GUILD))?.templatesEnabled).toBe(true);
  });
});
