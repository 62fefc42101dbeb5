import { SCHEDULED_EVENT_KIND } from '../../../src/lib/db/repositories';
import { useRepositoryBed } from '../../support/repository-bed';

const GUILD = '830000000000000001';
const OTHER_GUILD = '830000000000000002';
const EVENT = '1300000000000000001';
const HASH = 'a'.repeat(48);

const bed = useRepositoryBed();

beforeEach(async () => {
  await bed.db.query('TRUNCATE raids, raid_templates, guild_settings, debug_mirror_cache RESTART IDENTITY CASCADE');
});

describe('ScheduledEventsRepository', () => {
  it('stores an event as one documented debug_mirror_cache row and reads it back per server', async () => {
    await bed.repos.scheduledEvents.save({ key: 'schedevent:7:0123456789abcdef', guildId: GUILD, raidId: 7, eventId: EVENT, status: 1, hash: HASH });
    expect(await bed.db.query(`SELECT cache_key, kind, guild_id::text, raid_id::text, message_id::text, payload_hash FROM debug_mirror_cache`)).toEqual([
      { cache_key: 'schedevent:7:0123456789abcdef', kind: SCHEDULED_EVENT_KIND, guild_id: GUILD, raid_id: '7', message_id: EVENT, payload_hash: `1:${HASH}` },
    ]);
    expect(await bed.repos.scheduledEvents.ofGuild(GUILD)).toEqual([{ key: 'schedevent:7:0123456789abcdef', guildId: GUILD, raidId: 7, eventId: EVENT, status: 1, hash: HASH }]);
    expect(await bed.repos.scheduledEvents.ofGuild(OTHER_GUILD)).toEqual([]);
    expect(await bed.repos.scheduledEvents.guilds()).toEqual([GUILD]);
    // The raid's row is gone (never existed here): its server is still known from the event's row.
    expect(await bed.repos.scheduledEvents.guildOfRaid(7)).toBe(GUILD);
    expect(await bed.repos.scheduledEvents.raidStatus(7)).toBeNull();
  });

  it('an update replaces status and hash in place, and remove forgets the event', async () => {
    const row = { key: 'schedevent:7:0123456789abcdef', guildId: GUILD, raidId: 7, eventId: EVENT, status: 1 as const, hash: HASH };
    await bed.repos.scheduledEvents.save(row);
    await bed.repos.scheduledEvents.save({ ...row, status: 2, hash: 'b'.repeat(48) });
    expect(await bed.repos.scheduledEvents.ofGuild(GUILD)).toEqual([{ ...row, status: 2, hash: 'b'.repeat(48) }]);
    await bed.repos.scheduledEvents.remove(row.key);
    expect(await bed.repos.scheduledEvents.ofGuild(GUILD)).toEqual([]);
  });
});
