/**
 * Voice-verified attendance on Redis and PostgreSQL: the voice log as the listener
 * writes it, the start-up reconcile, and the finish writing present / absent rows
 * (or falling back to all present when no voice data can exist).
 */
import Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import { VoiceAttendance, VoiceLog } from '../../../src/lib/attendance';
import { createDataSource } from '../../../src/lib/db/data-source';
import { createRepositories, type Repositories } from '../../../src/lib/db/repositories';
import { createLogger } from '../../../src/lib/logging';
import { GuildTime } from '../../../src/lib/raids/services/guild-time';
import { fixedClock, type Clock } from '../../../src/lib/time';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { leaseRedisDatabase, type TestRedis } from '../../support/redis';

jest.setTimeout(60_000);

const GUILD = '810000000000000101';
const VOICE = '620000000000000001';
const OTHER_VOICE = '620000000000000002';
const [A, B, C, D] = ['510000000000000001', '510000000000000002', '510000000000000003', '510000000000000004'];
const DAY = 'Sat 2026-12-26';
/** Sat 2026-12-26 20:00 in Berlin. */
const START = Date.parse('2026-12-26T19:00:00Z');
const at = (minutes: number) => START + minutes * 60_000;
const PREFIX = `dmw-test-attendance-${process.pid}:attendance:`;

let db: TestDatabase;
let dataSource: DataSource;
let repos: Repositories;
let testRedis: TestRedis;
let redis: Redis;
let log: VoiceLog;

function attendanceAt(minutes: number, redisOf: () => Promise<Redis> = async () => redis): VoiceAttendance {
  const clock: Clock = fixedClock(new Date(at(minutes)));
  return new VoiceAttendance(redisOf, PREFIX, new GuildTime(repos.guildPreferences, clock), createLogger('test.attendance'));
}

async function raidWithSlot(day: string, members: readonly string[]): Promise<number> {
  const state = await repos.raids.createRaid({ guildId: GUILD, channelId: '610000000000000001', creatorId: A, dungeon: 'Royal Base', days: [day], times: ['20:00'], minPlayers: 1 });
  for (const member of members) {
    await repos.raids.toggleVotes(state.raid.id, member, 'day', [String(state.days[0]!.id)]);
    await repos.raids.toggleVotes(state.raid.id, member, 'time', [String(state.times[0]!.id)]);
  }
  return state.raid.id;
}

async function rows(): Promise<Record<string, string>> {
  const found = await db.query<{ user_id: string; status: string }>('SELECT user_id::text AS user_id, status FROM raid_attendance WHERE guild_id = $1 ORDER BY user_id', [GUILD]);
  return Object.fromEntries(found.map((row) => [row.user_id, row.status]));
}

beforeAll(async () => {
  db = await createTestDatabase();
  dataSource = createDataSource(db.url);
  await dataSource.initialize();
  repos = createRepositories(dataSource);
  testRedis = await leaseRedisDatabase();
  redis = new Redis(testRedis.url, { maxRetriesPerRequest: 1 });
  log = new VoiceLog(redis, PREFIX);
});

afterAll(async () => {
  redis?.disconnect();
  await testRedis?.close();
  await dataSource?.destroy();
  await db?.drop();
});

beforeEach(async () => {
  await db.query('TRUNCATE raids, raid_attendance RESTART IDENTITY CASCADE');
  await db.query(`DELETE FROM debug_mirror_cache WHERE kind = 'guild_preference'`);
  await redis.flushdb();
  // The bot followed voice states from two hours before the slot on.
  await log.watching(at(-120), at(600));
});

describe('the voice log', () => {
  it('keeps stretches per channel, ignores a same-channel update, and ends open stretches at now', async () => {
    await log.move(GUILD, A, VOICE, at(-10));
    await log.move(GUILD, A, VOICE, at(-5)); // mute / deafen: same channel
    await log.move(GUILD, A, OTHER_VOICE, at(5));
    await log.move(GUILD, A, null, at(8));
    await log.move(GUILD, B, VOICE, at(2));
    const intervals = await log.intervals(GUILD, [A, B, C], at(20));
    expect(intervals.get(A)).toEqual([
      { start: at(-10), end: at(5), channelId: VOICE },
      { start: at(5), end: at(8), channelId: OTHER_VOICE },
    ]);
    expect(intervals.get(B)).toEqual([{ start: at(2), end: at(20), channelId: VOICE }]);
    expect(intervals.get(C)).toEqual([]);
    expect(await redis.ttl(log.logKey(GUILD, A))).toBeGreaterThan(7 * 24 * 3600);
  });

  it('reconciles at start-up: a member still in voice keeps the stretch begun before the restart, one who joined meanwhile counts from ready, one who left is closed', async () => {
    await log.move(GUILD, A, VOICE, at(-3));
    await log.move(GUILD, B, VOICE, at(1));
    // The bot is away from minute 2 to 12: B left, C joined meanwhile.
    const changed = await log.reconcile(GUILD, new Map([[A, VOICE], [C, VOICE]]), at(12));
    expect(changed).toBe(2);
    const intervals = await log.intervals(GUILD, [A, B, C], at(30));
    expect(intervals.get(A)).toEqual([{ start: at(-3), end: at(30), channelId: VOICE }]);
    expect(intervals.get(B)).toEqual([{ start: at(1), end: at(12), channelId: VOICE }]);
    expect(intervals.get(C)).toEqual([{ start: at(12), end: at(30), channelId: VOICE }]);
  });
});

describe('finishing with voice attendance', () => {
  it('writes present for members seen at least the minimum in the window and absent for the others', async () => {
    const raidId = await raidWithSlot(DAY, [A, B, C, D]);
    await log.move(GUILD, A, VOICE, at(-10)); // in voice before the start, stays
    await log.move(GUILD, B, VOICE, at(5)); // 7 minutes
    await log.move(GUILD, B, null, at(12));
    await log.move(GUILD, D, VOICE, at(20)); // 10 minutes until the window closes at 30
    const attendance = attendanceAt(60);
    const closed = await repos.raids.finishRaid(raidId, (state) => attendance.judge(state, new Date(at(60))));
    expect(closed).toMatchObject({ attendanceRows: 4, presentRows: 2, attendanceMode: 'voice' });
    expect(await rows()).toEqual({ [A]: 'present', [B]: 'absent', [C]: 'absent', [D]: 'present' });
    // The participation count counts present rows only.
    expect(await repos.attendance.participationCount(GUILD, B)).toBe(0);
    expect(await repos.attendance.participationCount(GUILD, A)).toBe(1);
  });

  it('follows the server\'s window, minimum and raid voice channel', async () => {
    await repos.guildPreferences.set(GUILD, 'attendanceWindowMinutes', 60);
    await repos.guildPreferences.set(GUILD, 'attendanceMinimumMinutes', 5);
    await repos.guildPreferences.set(GUILD, 'raidVoiceChannelId', VOICE);
    const raidId = await raidWithSlot(DAY, [A, B, C]);
    await log.move(GUILD, A, OTHER_VOICE, at(0)); // the wrong channel all along
    await log.move(GUILD, B, VOICE, at(50)); // 6 minutes, late in the longer window
    await log.move(GUILD, B, null, at(56));
    await log.move(GUILD, C, VOICE, at(0)); // 4 minutes: below the minimum
    await log.move(GUILD, C, OTHER_VOICE, at(4));
    const attendance = attendanceAt(120);
    await repos.raids.finishRaid(raidId, (state) => attendance.judge(state, new Date(at(120))));
    expect(await rows()).toEqual({ [A]: 'absent', [B]: 'present', [C]: 'absent' });
  });

  it('falls back to all present when finished before the slot began', async () => {
    const raidId = await raidWithSlot(DAY, [A, B]);
    const attendance = attendanceAt(-30);
    const closed = await repos.raids.finishRaid(raidId, (state) => attendance.judge(state, new Date(at(-30))));
    expect(closed).toMatchObject({ attendanceRows: 2, presentRows: 2, attendanceMode: 'fallback' });
    expect(await rows()).toEqual({ [A]: 'present', [B]: 'present' });
  });

  it('falls back to all present when Redis cannot be read', async () => {
    const raidId = await raidWithSlot(DAY, [A, B]);
    await log.move(GUILD, A, VOICE, at(0));
    const attendance = attendanceAt(60, () => Promise.reject(new Error('Redis is down')));
    const closed = await repos.raids.finishRaid(raidId, (state) => attendance.judge(state, new Date(at(60))));
    expect(closed).toMatchObject({ attendanceRows: 2, presentRows: 2, attendanceMode: 'fallback' });
    expect(await rows()).toEqual({ [A]: 'present', [B]: 'present' });
  });

  it('falls back to all present for a window the bot did not watch (it was not running)', async () => {
    const raidId = await raidWithSlot(DAY, [A, B]);
    await redis.del(log.watchedKey());
    // The bot ran only for the first 5 minutes of the window: less than the 10-minute minimum.
    await log.watching(at(-60), at(5));
    await log.move(GUILD, A, VOICE, at(0));
    const attendance = attendanceAt(300);
    const closed = await repos.raids.closePastRaid(raidId, (state) => attendance.judge(state, new Date(at(300))));
    expect(closed).toMatchObject({ attendanceRows: 2, presentRows: 2, attendanceMode: 'fallback' });
    expect(await rows()).toEqual({ [A]: 'present', [B]: 'present' });
  });

  it('judges the automatic close the same way', async () => {
    const raidId = await raidWithSlot(DAY, [A, B]);
    await log.move(GUILD, A, VOICE, at(0));
    const attendance = attendanceAt(300);
    const closed = await repos.raids.closePastRaid(raidId, (state) => attendance.judge(state, new Date(at(300))));
    expect(closed).toMatchObject({ reason: 'auto-finished', attendanceRows: 2, presentRows: 1, attendanceMode: 'voice' });
    expect(await rows()).toEqual({ [A]: 'present', [B]: 'absent' });
  });
});
