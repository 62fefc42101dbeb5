/** /raidstats reads on PostgreSQL (the production schema): decided rows only, per server, in a stable order. */
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../src/lib/db/data-source';
import { createRepositories, type Repositories } from '../../../src/lib/db/repositories';
import { memberRaidStats, serverRaidStats } from '../../../src/lib/raid-stats';
import { createTestDatabase, type TestDatabase } from '../../support/database';

const GUILD = '100000000000000001';
const OTHER_GUILD = '100000000000000002';
const [ANNA, BEN, CARA, DAN] = ['200000000000000001', '200000000000000002', '9000000000000000003', '200000000000000004'];
/** Equal counts; as numbers Eve's 18-digit id is the lower one, as text Fay's 19-digit one would be. */
const [EVE, FAY] = ['900000000000000005', '1000000000000000006'];

let db: TestDatabase;
let source: DataSource;
let repos: Repositories;

async function row(guildId: string, displayId: number, userId: string, status: string, day: number, dungeon = 'Shopping Mall'): Promise<void> {
  await db.query(
    `INSERT INTO raid_attendance (guild_id, raid_display_id, dungeon, user_id, status, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [guildId, displayId, dungeon, userId, status, `2026-12-${String(day).padStart(2, '0')}T20:00:00Z`],
  );
}

beforeAll(async () => {
  db = await createTestDatabase({ schema: 'fixture' });
  source = await createDataSource(db.url, { poolSize: 2 }).initialize();
  repos = createRepositories(source);
  // Anna: 3 present, 1 absent, 1 pending; Ben: 1 present, 1 absent; Cara (a 19-digit id): 3 present; Dan: only absent.
  for (const [displayId, day] of [[1, 1], [2, 2], [3, 3]] as const) await row(GUILD, displayId, ANNA, 'present', day, `Dungeon ${displayId}`);
  await row(GUILD, 4, ANNA, 'absent', 4);
  await row(GUILD, 5, ANNA, 'pending', 5);
  await row(GUILD, 1, BEN, 'present', 1);
  await row(GUILD, 2, BEN, 'absent', 2);
  for (const [displayId, day] of [[1, 1], [2, 2], [3, 3]] as const) await row(GUILD, displayId, CARA, 'present', day);
  await row(GUILD, 3, DAN, 'absent', 3);
  await row(GUILD, 4, FAY, 'present', 4);
  await row(GUILD, 4, EVE, 'present', 4);
  await row(OTHER_GUILD, 1, ANNA, 'absent', 9);
});

afterAll(async () => {
  await source?.destroy();
  await db?.drop();
});

describe('attendance stats', () => {
  it('counts a member’s present and absent rows of this server only; pending counts nowhere', async () => {
    expect(await repos.attendance.memberCounts(GUILD, ANNA)).toEqual({ present: 3, absent: 1 });
    expect(await repos.attendance.memberCounts(OTHER_GUILD, ANNA)).toEqual({ present: 0, absent: 1 });
    expect(await repos.attendance.memberCounts(GUILD, '1')).toEqual({ present: 0, absent: 0 });
    // The count of the level-up path is the same number.
    expect(await repos.attendance.participationCount(GUILD, ANNA)).toBe(3);
  });

  it('lists a member’s last decided raids, newest first, up to the limit', async () => {
    const last = await repos.attendance.memberLastRaids(GUILD, ANNA, 3);
    expect(last.map(({ displayId, status, dungeon }) => ({ displayId, status, dungeon }))).toEqual([
      { displayId: 4, status: 'absent', dungeon: 'Shopping Mall' },
      { displayId: 3, status: 'present', dungeon: 'Dungeon 3' },
      { displayId: 2, status: 'present', dungeon: 'Dungeon 2' },
    ]);
    expect(last[0]!.at.toISOString()).toBe('2026-12-04T20:00:00.000Z');
  });

  it('ranks top attendees by present rows, then fewer no-shows, then the lower id (numerically), leaving out who never came', async () => {
    // Cara and Anna both came 3 times; Cara has no no-show. Eve and Fay tie completely: the lower id first.
    expect(await repos.attendance.topAttendees(GUILD, 10)).toEqual([
      { userId: CARA, present: 3, absent: 0 },
      { userId: ANNA, present: 3, absent: 1 },
      { userId: EVE, present: 1, absent: 0 },
      { userId: FAY, present: 1, absent: 0 },
      { userId: BEN, present: 1, absent: 1 },
    ]);
    expect(await repos.attendance.topAttendees(GUILD, 1)).toHaveLength(1);
    expect(await repos.attendance.raidsWithAttendance(GUILD)).toBe(4);
    expect(await repos.attendance.raidsWithAttendance(OTHER_GUILD)).toBe(1);
  });

  it('feeds the /raidstats service', async () => {
    const member = await memberRaidStats(repos.attendance, GUILD, BEN);
    expect(member).toMatchObject({ userId: BEN, counts: { present: 1, absent: 1 }, last: [{ displayId: 2, status: 'absent' }, { displayId: 1, status: 'present' }] });
    expect(await serverRaidStats(repos.attendance, OTHER_GUILD, 'Other')).toEqual({ guildName: 'Other', raids: 1, top: [] });
  });
});
