import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../src/lib/db/data-source';
import { awardVoiceXp, claimMessageXp, grantXp, recordMessageXp, VoiceSessions } from '../../../src/lib/leveling';
import { createTestDatabase, type TestDatabase } from '../../support/database';

/** XP on PostgreSQL and the cooldown / voice clocks on Redis, as the listeners and the voice task use them. */

const GUILD = '810000000000000001';
const HOUR = 60 * 60 * 1000;
const T0 = Date.UTC(2026, 1, 13, 12, 0, 0);

let db: TestDatabase;
let dataSource: DataSource;
let redis: Redis;
const keyPrefix = `dmw-test:${randomBytes(4).toString('hex')}:`;

async function levelRow(userId: string): Promise<{ xp: number; level: number; username: string | null } | undefined> {
  const [row] = await db.query<{ xp: number; level: number; username: string | null }>(
    'SELECT xp, level, username FROM user_levels WHERE guild_id = $1 AND user_id = $2',
    [GUILD, userId],
  );
  return row;
}

beforeAll(async () => {
  db = await createTestDatabase();
  // Query errors are expected in one test; the assertions check them, not the console.
  dataSource = createDataSource(db.url, { logging: false });
  await dataSource.initialize();
  redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
});

afterAll(async () => {
  const keys = await redis.keys(`${keyPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis?.disconnect();
  await dataSource?.destroy();
  await db?.drop();
});

beforeEach(async () => {
  await db.query('TRUNCATE user_levels');
});

describe('grantXp', () => {
  it('creates the row, adds up, keeps the level in step and reports the level change', async () => {
    expect(await grantXp(dataSource, { guildId: GUILD, userId: '1', amount: 90, username: 'Ann' })).toEqual({ xp: 90, oldLevel: 0, newLevel: 0 });
    expect(await grantXp(dataSource, { guildId: GUILD, userId: '1', amount: 10, username: null })).toEqual({ xp: 100, oldLevel: 0, newLevel: 1 });
    expect(await grantXp(dataSource, { guildId: GUILD, userId: '1', amount: 150, username: 'Ann B' })).toEqual({ xp: 250, oldLevel: 1, newLevel: 2 });
    expect(await levelRow('1')).toEqual({ xp: 250, level: 2, username: 'Ann B' });
  });

  it('keeps the stored name when none is known', async () => {
    await grantXp(dataSource, { guildId: GUILD, userId: '2', amount: 1, username: 'Bob' });
    await grantXp(dataSource, { guildId: GUILD, userId: '2', amount: 1, username: null });
    expect((await levelRow('2'))?.username).toBe('Bob');
  });

  it('counts every one of many concurrent grants and announces the level-up exactly once', async () => {
    const results = await Promise.all(
      Array.from({ length: 30 }, () => grantXp(dataSource, { guildId: GUILD, userId: '3', amount: 10, username: 'Cy' })),
    );
    expect(await levelRow('3')).toEqual({ xp: 300, level: 2, username: 'Cy' });
    const levelUps = results.filter((result) => result.newLevel > result.oldLevel).map((result) => result.newLevel);
    expect(levelUps.sort()).toEqual([1, 2]);
  });
});

describe('message XP cooldown', () => {
  it('gives XP for the first message of a window only, per guild and member, and again after the window', async () => {
    const deps = { redis, db: dataSource, cooldownSeconds: 1, keyPrefix };
    const member = { guildId: GUILD, userId: '10', username: 'Dee' };
    expect(await recordMessageXp(deps, member)).toEqual({ xp: 10, oldLevel: 0, newLevel: 0 });
    expect(await recordMessageXp(deps, member)).toBeNull();
    expect(await recordMessageXp(deps, { ...member, userId: '11' })).not.toBeNull();
    expect(await recordMessageXp(deps, { ...member, guildId: '810000000000000002' })).not.toBeNull();
    await sleep(1100);
    expect(await recordMessageXp(deps, member)).toEqual({ xp: 20, oldLevel: 0, newLevel: 0 });
    expect((await levelRow('10'))?.xp).toBe(20);
  });

  it('holds across connections (another process, or this one after a restart)', async () => {
    const other = new Redis('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
    await other.connect();
    try {
      expect(await claimMessageXp(redis, GUILD, '12', 30, keyPrefix)).toBe(true);
      expect(await claimMessageXp(other, GUILD, '12', 30, keyPrefix)).toBe(false);
      expect(await redis.ttl(`${keyPrefix}xp:cooldown:${GUILD}:12`)).toBeGreaterThan(25);
    } finally {
      other.disconnect();
    }
  });

  it('counts every message when the cooldown is 0', async () => {
    expect(await claimMessageXp(redis, GUILD, '13', 0, keyPrefix)).toBe(true);
    expect(await claimMessageXp(redis, GUILD, '13', 0, keyPrefix)).toBe(true);
  });
});

describe('voice XP', () => {
  let sessions: VoiceSessions;
  const guildId = '810000000000000009';
  const presence = (...userIds: string[]) => [{ guildId, members: userIds.map((userId) => ({ userId, username: `u${userId}` })) }];
  const voiceXp = async (userId: string) => {
    const [row] = await db.query<{ xp: number }>('SELECT xp FROM user_levels WHERE guild_id = $1 AND user_id = $2', [guildId, userId]);
    return row?.xp ?? 0;
  };

  beforeEach(async () => {
    sessions = new VoiceSessions(redis, `${keyPrefix}${randomBytes(3).toString('hex')}:`);
  });

  it('join sets the clock and leave removes it', async () => {
    await sessions.join(guildId, '20', T0);
    expect(await sessions.joinedAt(guildId, '20')).toBe(T0);
    await sessions.leave(guildId, '20');
    expect(await sessions.joinedAt(guildId, '20')).toBeNull();
  });

  it('pays one XP per full hour and carries the remainder over', async () => {
    await sessions.join(guildId, '21', T0);
    const deps = (now: number) => ({ sessions, db: dataSource, now });

    expect(await awardVoiceXp(deps(T0 + HOUR - 1), presence('21'))).toEqual({ rewardedMembers: 0, xpGiven: 0, forgotten: 0 });
    expect(await awardVoiceXp(deps(T0 + HOUR + 59 * 60_000), presence('21'))).toEqual({ rewardedMembers: 1, xpGiven: 1, forgotten: 0 });
    expect(await sessions.joinedAt(guildId, '21')).toBe(T0 + HOUR);
    // Same minute again: nothing more.
    expect((await awardVoiceXp(deps(T0 + HOUR + 59 * 60_000), presence('21'))).xpGiven).toBe(0);
    // 2 h 0 min since the join: the second hour, not a third.
    expect((await awardVoiceXp(deps(T0 + 2 * HOUR), presence('21'))).xpGiven).toBe(1);
    // The worker was down for three hours: all of them count, once.
    expect((await awardVoiceXp(deps(T0 + 5 * HOUR + 30_000), presence('21'))).xpGiven).toBe(3);
    expect(await voiceXp('21')).toBe(5);
    expect(await sessions.joinedAt(guildId, '21')).toBe(T0 + 5 * HOUR);
  });

  it('starts the clock of members seen for the first time and forgets members who left unseen', async () => {
    await sessions.join(guildId, '22', T0);
    const outcome = await awardVoiceXp({ sessions, db: dataSource, now: T0 + 3 * HOUR }, presence('23'));
    expect(outcome).toEqual({ rewardedMembers: 0, xpGiven: 0, forgotten: 1 });
    expect(await sessions.joinedAt(guildId, '22')).toBeNull();
    expect(await sessions.joinedAt(guildId, '23')).toBe(T0 + 3 * HOUR);
  });

  it('never pays an hour twice when two passes run at once', async () => {
    await sessions.join(guildId, '24', T0);
    const runs = await Promise.all(
      Array.from({ length: 5 }, () => awardVoiceXp({ sessions, db: dataSource, now: T0 + 2 * HOUR + 1 }, presence('24'))),
    );
    expect(runs.reduce((sum, run) => sum + run.xpGiven, 0)).toBe(2);
    expect(await voiceXp('24')).toBe(2);
  });

  it('keeps the hours for the next pass when the XP cannot be stored, and reports the failure', async () => {
    const broken = 'not-a-guild-id';
    await sessions.join(broken, '25', T0);
    await expect(
      awardVoiceXp({ sessions, db: dataSource, now: T0 + HOUR + 5 }, [{ guildId: broken, members: [{ userId: '25', username: null }] }]),
    ).rejects.toThrow(/Voice XP could not be stored for 1 member/);
    expect(await sessions.joinedAt(broken, '25')).toBe(T0);
  });
});
