import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { Redis } from 'ioredis';
import { createGuardRedis } from '../../../src/lib/flood/guard-redis';
import { PingMemory } from '../../../src/lib/flood/ping-memory';
import { VoteRateLimiter } from '../../../src/lib/flood/vote-rate';

/** The vote-change limit and the ping memory on a real Redis, with the limiter's clock in the test's hand. */

const GUILD = '820000000000000001';
const OTHER_GUILD = '820000000000000002';
const ALICE = '820000000000000011';
const BOB = '820000000000000012';
const keyPrefix = `dmw-test:${randomBytes(4).toString('hex')}:`;

let redis: Redis;
let now = Date.UTC(2026, 11, 7, 20, 0, 0);

beforeAll(async () => {
  redis = createGuardRedis('redis://127.0.0.1:6379');
  await new Promise<void>((resolve) => redis.once('ready', () => resolve()));
});

afterAll(async () => {
  const keys = await redis.keys(`${keyPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe('VoteRateLimiter', () => {
  const limiter = () => new VoteRateLimiter(redis, { changesPerWindow: 3, windowSeconds: 10, keyPrefix, now: () => now });

  it('allows the configured changes per window, then refuses until the oldest leaves the window', async () => {
    const votes = limiter();
    for (let change = 0; change < 3; change += 1) {
      expect(await votes.take(GUILD, ALICE)).toEqual({ allowed: true });
      now += 1_000;
    }
    expect(await votes.take(GUILD, ALICE)).toEqual({ allowed: false, retryAfterMs: 7_000 });
    now += 6_999;
    expect((await votes.take(GUILD, ALICE)).allowed).toBe(false);
    now += 1;
    expect(await votes.take(GUILD, ALICE)).toEqual({ allowed: true });
  });

  it('counts per member and per server, and refused attempts do not count', async () => {
    now += 60_000;
    const votes = limiter();
    for (let change = 0; change < 3; change += 1) await votes.take(GUILD, BOB);
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await votes.take(GUILD, BOB)).allowed).toBe(false);
    expect((await votes.take(GUILD, ALICE)).allowed).toBe(true);
    expect((await votes.take(OTHER_GUILD, BOB)).allowed).toBe(true);
    now += 10_000;
    // Only the three accepted changes were in the window: all of them have left it.
    for (let change = 0; change < 3; change += 1) expect((await votes.take(GUILD, BOB)).allowed).toBe(true);
  });

  it('concurrent changes cannot slip past the limit together', async () => {
    now += 60_000;
    const votes = limiter();
    const verdicts = await Promise.all(Array.from({ length: 10 }, () => votes.take(OTHER_GUILD, ALICE)));
    expect(verdicts.filter((verdict) => verdict.allowed)).toHaveLength(3);
  });
});

describe('PingMemory', () => {
  it('claims each member once per slot of a raid, whatever the order of the lists', async () => {
    const pings = new PingMemory(redis, keyPrefix);
    expect(await pings.claim(1, 'Sat', '20:00', [ALICE, BOB])).toEqual([ALICE, BOB]);
    expect(await pings.claim(1, 'Sat', '20:00', [ALICE, BOB])).toEqual([]);
    expect(await pings.claim(1, 'Sun', '20:00', [ALICE])).toEqual([ALICE]);
    expect(await pings.claim(2, 'Sat', '20:00', [BOB])).toEqual([BOB]);
    expect(await pings.claim(1, 'Sat', '20:00', [])).toEqual([]);
    expect(await redis.ttl(`${keyPrefix}raid:1:pinged`)).toBeGreaterThan(13 * 24 * 3600);
  });
});

describe('without Redis', () => {
  let down: Redis;

  beforeAll(async () => {
    // A port nobody listens on: every command fails at once (no offline queue), never waits.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise((resolve) => probe.close(resolve));
    down = createGuardRedis(`redis://127.0.0.1:${port}`);
  });

  afterAll(() => down.disconnect());

  it('votes are allowed (the limit must not stop votes) and nobody is claimed for a ping (at most once holds)', async () => {
    expect(await new VoteRateLimiter(down, { changesPerWindow: 1, windowSeconds: 10, keyPrefix }).take(GUILD, ALICE)).toEqual({ allowed: true });
    expect(await new PingMemory(down, keyPrefix).claim(3, 'Sat', '20:00', [ALICE])).toEqual([]);
  });
});
