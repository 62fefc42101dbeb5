import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../src/lib/db/data-source';
import { RaidRepository } from '../../../src/lib/db/repositories/raid-repository';
import { createTestDatabase, type TestDatabase } from '../../support/database';

/** Open raids the old bot left without a display id get the guild's next free number. */
const GUILD = '800000000000000001';
const OTHER_GUILD = '800000000000000002';

let db: TestDatabase;
let dataSource: DataSource;
let raids: RaidRepository;

beforeAll(async () => {
  db = await createTestDatabase();
  dataSource = createDataSource(db.url);
  await dataSource.initialize();
  raids = new RaidRepository(dataSource);
});

afterAll(async () => {
  await dataSource?.destroy();
  await db?.drop();
});

beforeEach(async () => {
  await db.query('TRUNCATE raids, raid_attendance RESTART IDENTITY CASCADE');
});

/** An open raid as the old bot saved it: no display id, a Sat × 20:00 slot that two members filled. */
async function legacyRaid(guildId: string, createdAt: string): Promise<number> {
  const [raid] = await db.query<{ id: number }>(
    `INSERT INTO raids (guild_id, channel_id, creator_id, dungeon, display_id, min_players, created_at) VALUES ($1, 2, 3, 'Nanos', NULL, 2, $2) RETURNING id`,
    [guildId, createdAt],
  );
  await db.query(`INSERT INTO raid_options (raid_id, kind, label) VALUES ($1, 'day', 'Sat'), ($1, 'time', '20:00')`, [raid!.id]);
  await db.query(
    `INSERT INTO raid_votes (raid_id, kind, option_label, user_id) VALUES ($1, 'day', 'Sat', 11), ($1, 'time', '20:00', 11), ($1, 'day', 'Sat', 12), ($1, 'time', '20:00', 12)`,
    [raid!.id],
  );
  return raid!.id;
}

it('numbers them oldest first after the highest number of open raids and attendance history, per guild', async () => {
  await db.query(`INSERT INTO raid_attendance (guild_id, raid_display_id, dungeon, user_id, status) VALUES ($1, 7, 'Nanos', 1, 'present'), ($1, 7, 'Nanos', 2, 'present')`, [GUILD]);
  const { raid: numbered } = await raids.createRaid({ guildId: GUILD, channelId: '2', creatorId: '3', dungeon: 'Nanos', days: ['Sat'], times: ['20:00'], minPlayers: 1 });
  expect(numbered.displayId).toBe(8);
  const newer = await legacyRaid(GUILD, '2026-01-02 10:00');
  const older = await legacyRaid(GUILD, '2026-01-01 10:00');
  const elsewhere = await legacyRaid(OTHER_GUILD, '2026-01-03 10:00');

  expect(await raids.assignMissingDisplayIds()).toEqual([
    { raidId: older, guildId: GUILD, displayId: 9 },
    { raidId: newer, guildId: GUILD, displayId: 10 },
    { raidId: elsewhere, guildId: OTHER_GUILD, displayId: 1 },
  ]);
  expect(await raids.assignMissingDisplayIds()).toEqual([]);
  // The next new raid continues after them.
  const { raid: next } = await raids.createRaid({ guildId: GUILD, channelId: '2', creatorId: '3', dungeon: 'Nanos', days: ['Sat'], times: ['20:00'], minPlayers: 1 });
  expect(next.displayId).toBe(11);
});

it('a finish of a raid still without a number numbers it first and writes its attendance under that number', async () => {
  await db.query(`INSERT INTO raid_attendance (guild_id, raid_display_id, dungeon, user_id, status) VALUES ($1, 3, 'Nanos', 11, 'present')`, [GUILD]);
  const raidId = await legacyRaid(GUILD, '2026-01-01 10:00');
  const closed = await raids.finishRaid(raidId);
  expect(closed?.raid.displayId).toBe(4);
  expect(closed?.attendanceRows).toBe(2);
  expect(await db.query('SELECT raid_display_id, user_id FROM raid_attendance ORDER BY id')).toEqual([
    { raid_display_id: 3, user_id: '11' },
    { raid_display_id: 4, user_id: '11' },
    { raid_display_id: 4, user_id: '12' },
  ]);
});

it('a vote on a raid still without a number numbers it, so the planner it renders never shows 0', async () => {
  const raidId = await legacyRaid(GUILD, '2026-01-01 10:00');
  const result = await raids.toggleVotes(raidId, '13', 'day', ['Sat']);
  expect(result?.state.raid.displayId).toBe(1);
  expect(await db.query('SELECT display_id FROM raids WHERE id = $1', [raidId])).toEqual([{ display_id: 1 }]);
});
