/**
 * Voice attendance of a sharded bot on Redis and PostgreSQL: the "bot was watching"
 * heartbeat says which shard's servers were watched, and a raid is judged by the
 * heartbeat of its server's shard — also when another process judges it.
 */
import Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import { VoiceAttendance, VoiceLog } from '../../../src/lib/attendance';
import { createDataSource } from '../../../src/lib/db/data-source';
import { createRepositories, type Repositories } from '../../../src/lib/db/repositories';
import { createLogger } from '../../../src/lib/logging';
import { GuildTime } from '../../../src/lib/raids/services/guild-time';
import { shardTag, type ShardOwnership } from '../../../src/lib/sharding/ownership';
import { fixedClock } from '../../../src/lib/time';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { leaseRedisDatabase, type TestRedis } from '../../support/redis';
import { guildIdOnShard, ownershipOf } from '../../support/shards';
import { waitUntil } from '../../support/wait';

jest.setTimeout(60_000);

/** A server on shard 1 of 2. */
const GUILD = guildIdOnShard(1, 2);
const VOICE = '620000000000000001';
const [A, B] = ['510000000000000001', '510000000000000002'];
/** Sat 2026-12-26 20:00 in Berlin. */
const START = Date.parse('2026-12-26T19:00:00Z');
const at = (minutes: number) => START + minutes * 60_000;
const PREFIX = `dmw-test-shard-attendance-${process.pid}:attendance:`;

let db: TestDatabase;
let dataSource: DataSource;
let repos: Repositories;
let testRedis: TestRedis;
let redis: Redis;

function attendanceOf(shards: ShardOwnership, minutes: number): VoiceAttendance {
  return new VoiceAttendance(async () => redis, PREFIX, new GuildTime(repos.guildPreferences, fixedClock(new Date(at(minutes)))), createLogger('test.attendance'), shards);
}

async function raidOfAAndB(): Promise<number> {
  const state = await repos.raids.createRaid({ guildId: GUILD, channelId: '610000000000000001', creatorId: A, dungeon: 'Royal Base', days: ['Sat 2026-12-26'], times: ['20:00'], minPlayers: 1 });
  for (const member of [A, B]) {
    await repos.raids.toggleVotes(state.raid.id, member, 'day', [String(state.days[0]!.id)]);
    await repos.raids.toggleVotes(state.raid.id, member, 'time', [String(state.times[0]!.id)]);
  }
  return state.raid.id;
}

beforeAll(async () => {
  db = await createTestDatabase();
  dataSource = createDataSource(db.url);
  await dataSource.initialize();
  repos = createRepositories(dataSource);
  testRedis = await leaseRedisDatabase();
  redis = new Redis(testRedis.url, { maxRetriesPerRequest: 1 });
});

afterAll(async () => {
  redis?.disconnect();
  await testRedis?.close();
  await dataSource?.destroy();
  await db?.drop();
});

beforeEach(async () => {
  await db.query('TRUNCATE raids, raid_attendance RESTART IDENTITY CASCADE');
  await redis.flushdb();
});

it("writes the heartbeat of each owned shard, not the unsharded key nor another shard's", async () => {
  const attendance = attendanceOf(ownershipOf([1, 3], 4), 0);
  attendance.startWatching();
  try {
    await waitUntil('the first heartbeat', async () => (await redis.exists(`${PREFIX}watched:${shardTag(3, 4)}`)) === 1);
  } finally {
    attendance.dispose();
  }
  expect((await redis.keys(`${PREFIX}watched*`)).sort()).toEqual([`${PREFIX}watched:shard-1-of-4`, `${PREFIX}watched:shard-3-of-4`]);
});

it("judges a raid by its server's shard's heartbeat, in whichever process judges it", async () => {
  const raidId = await raidOfAAndB();
  const log = new VoiceLog(redis, PREFIX);
  // The owner of shard 1 watched the whole window; A was in voice for an hour, B never.
  await log.watching(at(-60), at(120), shardTag(1, 2));
  await log.move(GUILD, A, VOICE, at(0));
  await log.move(GUILD, A, null, at(60));
  // Judged by the process of shard 0 (say, a close that ran there).
  const elsewhere = attendanceOf(ownershipOf([0], 2), 300);
  const closed = await repos.raids.closePastRaid(raidId, (state) => elsewhere.judge(state, new Date(at(300))));
  expect(closed).toMatchObject({ attendanceRows: 2, presentRows: 1, attendanceMode: 'voice' });
});

it("falls back when only another shard's servers were watched: that process never saw this server's voice states", async () => {
  const raidId = await raidOfAAndB();
  const log = new VoiceLog(redis, PREFIX);
  await log.watching(at(-60), at(120), shardTag(0, 2));
  await log.move(GUILD, A, VOICE, at(0));
  await log.move(GUILD, A, null, at(60));
  const elsewhere = attendanceOf(ownershipOf([0], 2), 300);
  const closed = await repos.raids.closePastRaid(raidId, (state) => elsewhere.judge(state, new Date(at(300))));
  expect(closed).toMatchObject({ attendanceRows: 2, presentRows: 2, attendanceMode: 'fallback' });
});
