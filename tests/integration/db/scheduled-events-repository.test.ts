import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../src/lib/db/data-source';
import { SCHEDULED_EVENT_KIND, createRepositories, type Repositories } from '../../../src/lib/db/repositories';
import { createTestDatabase, type TestDatabase } from '../../support/database';

const GUILD = '830000000000000001';
const OTHER_GUILD = '830000000000000002';
const EVENT = '1300000000000000001';
const HASH = 'a'.repeat(48);

let db: TestDatabase;
let dataSource: DataSource;
let repos: Repositories;

beforeAll(async () => {
  db = await createTestDatabase();
  dataSource = createDataSource(db.url);
  await dataSource.initialize();
  repos = createRepositories(dataSource);
});

afterAll(async () => {
  await dataSource?.destroy();
  await db?.drop();
});

beforeEach(async () => {
  await db.query('TRUNCATE raids, raid_templates, guild_settings, debug_mirror_cache RESTART IDENTITY CASCADE');
});

describe('ScheduledEventsRepository', () => {
  it('stores an event as one documented debug_mirror_cache row and reads it back per server', async () => {
    await repos.scheduledEvents.save({ key: 'schedevent:7:0123456789abcdef', guildId: GUILD, raidId: 7, eventId: EVENT, status: 1, hash: HASH });
    expect(await db.query(`SELECT cache_key, kind, guild_id::text, raid_id::text, message_id::text, payload_hash FROM debug_mirror_cache`)).toEqual([
      { cache_key: 'schedevent:7:0123456789abcdef', kind: SCHEDULED_EVENT_KIND, guild_id: GUILD, raid_id: '7', message_id: EVENT, payload_hash: `1:${HASH}` },
    ]);
    expect(await repos.scheduledEvents.ofGuild(GUILD)).toEqual([{ key: 'schedevent:7:0123456789abcdef', guildId: GUILD, raidId: 7, eventId: EVENT, status: 1, hash: HASH }]);
    expect(await repos.scheduledEvents.ofGuild(OTHER_GUILD)).toEqual([]);
    expect(await repos.scheduledEvents.guilds()).toEqual([GUILD]);
    // The raid's row is gone (never existed here): its server is still known from the event's row.
    expect(await repos.scheduledEvents.guildOfRaid(7)).toBe(GUILD);
    expect(await repos.scheduledEvents.raidStatus(7)).toBeNull();
  });

  it('an update replaces status and hash in place, and remove forgets the event', async () => {
    const row = { key: 'schedevent:7:0123456789abcdef', guildId: GUILD, raidId: 7, eventId: EVENT, status: 1 as const, hash: HASH };
    await repos.scheduledEvents.save(row);
    await repos.scheduledEvents.save({ ...row, status: 2, hash: 'b'.repeat(48) });
    expect(await repos.scheduledEvents.ofGuild(GUILD)).toEqual([{ ...row, status: 2, hash: 'b'.repeat(48) }]);
    await repos.scheduledEvents.remove(row.key);
    expect(await repos.scheduledEvents.ofGuild(GUILD)).toEqual([]);
  });
});
