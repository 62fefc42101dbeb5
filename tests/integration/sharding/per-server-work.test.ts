/**
 * Per-server work of a sharded bot with real parts (PostgreSQL, the Discord emulator, a
 * discord.js client): the stale-raids part and the owed clean-ups of a process touch
 * only the raids of its own servers, and its scheduled events plan only its servers.
 * Two "processes" in one jest process own shard 0 and shard 1 of 2.
 */
import { ShardClientUtil } from 'discord.js';
import { RaidServices } from '../../../src/lib/raids/services';
import type { RaidState } from '../../../src/lib/raids/types';
import { createScheduledEvents } from '../../../src/lib/scheduled-events';
import { shardOwnership, type ShardOwnership } from '../../../src/lib/sharding/ownership';
import { fixedClock } from '../../../src/lib/time';
import { createRaidGuild, type RaidGuild } from '../../support/raid-guild';
import { ownershipOf } from '../../support/shards';
import { startRestoreBed, type RestoreBed } from '../restore/support';

jest.setTimeout(60_000);

const SAT = 'Sat 2026-12-26';
/** Sat 2026-12-26 20:00 in Berlin; the raids are over 3 h (the default grace) after it. */
const LATER = new Date('2026-12-27T01:00:00Z');

let bed: RestoreBed;
/** A server on shard 0 and one on shard 1 (of 2). */
const guilds: RaidGuild[] = [];

beforeAll(async () => {
  bed = await startRestoreBed();
  for (let attempt = 0; attempt < 200 && guilds.filter(Boolean).length < 2; attempt += 1) {
    const guild = await createRaidGuild(bed, `Shard guild ${attempt}`, 2);
    guilds[ShardClientUtil.shardIdForGuildId(guild.guild.id, 2)] ??= guild;
  }
  expect(guilds.filter(Boolean)).toHaveLength(2);
  await bed.login();
});

afterAll(async () => {
  await bed?.close();
});

beforeEach(async () => {
  await bed.db.query('TRUNCATE raids, raid_attendance RESTART IDENTITY CASCADE');
});

function servicesOf(shards: ShardOwnership): RaidServices {
  return new RaidServices(bed.client, bed.repos, { slots: { listsPerRaid: 5, pings: null }, voteLimiter: null, raidLimits: null, clock: fixedClock(LATER), shards });
}

function qualified(guild: RaidGuild): Promise<RaidState> {
  const [first, second] = guild.members;
  return bed.createRaid(guild, { days: [SAT], times: ['20:00'], minPlayers: 2, votes: { [first!.id]: [[SAT], ['20:00']], [second!.id]: [[SAT], ['20:00']] } });
}

const statusOf = async (raidId: number) => (await bed.db.query<{ status: string }>('SELECT status FROM raids WHERE id = $1', [raidId]))[0]?.status ?? 'deleted';

it("each process's stale-raids part closes only its own servers' raids", async () => {
  const [r0, r1] = [await qualified(guilds[0]!), await qualified(guilds[1]!)];
  const zero = servicesOf(ownershipOf([0], 2));
  expect(await zero.closing.closeStaleRaids()).toBe(1);
  expect([await statusOf(r0.raid.id), await statusOf(r1.raid.id)]).toEqual(['deleted', 'open']);
  const one = servicesOf(ownershipOf([1], 2));
  expect(await one.closing.closeStaleRaids()).toBe(1);
  expect(await statusOf(r1.raid.id)).toBe('deleted');
  await Promise.all([zero.dispose(), one.dispose()]);
});

it("completes the owed clean-ups of its own servers' raids only", async () => {
  const [r0, r1] = [await qualified(guilds[0]!), await qualified(guilds[1]!)];
  // Closed in the database by a process that stopped before cleaning up Discord.
  await bed.repos.raids.cancelRaid(r0.raid.id);
  await bed.repos.raids.cancelRaid(r1.raid.id);
  const one = servicesOf(ownershipOf([1], 2));
  expect(await one.closing.completePending()).toEqual({ completed: 1, owed: 0 });
  expect([await statusOf(r0.raid.id), await statusOf(r1.raid.id)]).toEqual(['cancelled', 'deleted']);
  const unsharded = servicesOf(shardOwnership(null));
  expect(await unsharded.closing.completePending()).toEqual({ completed: 1, owed: 0 });
  expect(await statusOf(r0.raid.id)).toBe('deleted');
  await Promise.all([one.dispose(), unsharded.dispose()]);
});

it('plans the scheduled events of its own servers only at start-up', async () => {
  await qualified(guilds[0]!);
  await qualified(guilds[1]!);
  const eventsOf = (shards: ShardOwnership) => createScheduledEvents(bed.client, bed.repos, servicesOf(shards));
  const zero = eventsOf(ownershipOf([0], 2));
  const all = eventsOf(shardOwnership(null));
  expect(await zero.syncAll()).toBe(1);
  expect(await all.syncAll()).toBe(2);
  await Promise.all([zero.dispose(), all.dispose()]);
});
