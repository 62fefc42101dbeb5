import {
  GUILD_PREFERENCE_KIND,
  createRepositories,
  defaultGuildPreferences,
  removeGuildData,
} from '../../../src/lib/db/repositories';
import { memberListMirrorKey, raidListMirrorKey } from '../../../src/lib/db/repositories/debug-mirror-repository';
import { useRepositoryBed } from '../../support/repository-bed';

const GUILD = '820000000000000001';
const OTHER_GUILD = '820000000000000002';
const DEFAULTS = defaultGuildPreferences('Europe/Berlin');

const bed = useRepositoryBed();

beforeEach(async () => {
  await bed.db.query('TRUNCATE raids, raid_templates, guild_settings, debug_mirror_cache RESTART IDENTITY CASCADE');
});

async function preferenceRows(guildId?: string) {
  return bed.db.query<Record<string, unknown>>(
    `SELECT cache_key, kind, guild_id::text, raid_id, message_id::text, payload_hash FROM debug_mirror_cache
      WHERE kind = $1 AND ($2::bigint IS NULL OR guild_id = $2::bigint) ORDER BY cache_key`,
    [GUILD_PREFERENCE_KIND, guildId ?? null],
  );
}

describe('GuildPreferencesRepository', () => {
  it('a server that changed nothing gets the defaults, its zone being the deployment default', async () => {
    expect(DEFAULTS).toEqual({ timeZone: 'Europe/Berlin', reminderMinutesBefore: 15, autoCloseGraceHours: 3, scheduledEvents: false, scheduledEventHours: 2, attendanceWindowMinutes: 30, attendanceMinimumMinutes: 10, raidVoiceChannelId: null });
    expect(await bed.repos.guildPreferences.get(GUILD, defaultGuildPreferences('America/New_York'))).toEqual({
      timeZone: 'America/New_York',
      reminderMinutesBefore: 15,
      autoCloseGraceHours: 3,
      scheduledEvents: false,
      scheduledEventHours: 2,
      attendanceWindowMinutes: 30,
      attendanceMinimumMinutes: 10,
      raidVoiceChannelId: null,
    });
    expect(await bed.repos.guildPreferences.stored(GUILD)).toEqual({});
    expect(await preferenceRows()).toEqual([]);
  });

  it('stores each preference as one documented row and reads it back exactly', async () => {
    await bed.repos.guildPreferences.set(GUILD, 'timeZone', 'pacific/auckland');
    await bed.repos.guildPreferences.set(GUILD, 'reminderMinutesBefore', null);
    await bed.repos.guildPreferences.set(GUILD, 'autoCloseGraceHours', 168);
    await bed.repos.guildPreferences.set(GUILD, 'attendanceWindowMinutes', 45);
    await bed.repos.guildPreferences.set(GUILD, 'attendanceMinimumMinutes', 240);
    await bed.repos.guildPreferences.set(GUILD, 'raidVoiceChannelId', '18446744073709551615');
    expect(await bed.repos.guildPreferences.get(GUILD, DEFAULTS)).toEqual({
      ...DEFAULTS,
      timeZone: 'Pacific/Auckland',
      reminderMinutesBefore: null,
      autoCloseGraceHours: 168,
      attendanceWindowMinutes: 45,
      attendanceMinimumMinutes: 240,
      raidVoiceChannelId: '18446744073709551615',
    });
    await expect(bed.repos.guildPreferences.set(GUILD, 'attendanceWindowMinutes', 4)).rejects.toThrow(RangeError);
    await expect(bed.repos.guildPreferences.set(GUILD, 'raidVoiceChannelId', 'voice')).rejects.toThrow(RangeError);
    expect(await preferenceRows()).toEqual([
      { cache_key: `guildpref:${GUILD}:attend_minimum`, kind: 'guild_preference', guild_id: GUILD, raid_id: null, message_id: '0', payload_hash: '240' },
      { cache_key: `guildpref:${GUILD}:attend_window`, kind: 'guild_preference', guild_id: GUILD, raid_id: null, message_id: '0', payload_hash: '45' },
      { cache_key: `guildpref:${GUILD}:autoclose_hours`, kind: 'guild_preference', guild_id: GUILD, raid_id: null, message_id: '0', payload_hash: '168' },
      { cache_key: `guildpref:${GUILD}:raid_voice_channel`, kind: 'guild_preference', guild_id: GUILD, raid_id: null, message_id: '0', payload_hash: '18446744073709551615' },
      { cache_key: `guildpref:${GUILD}:reminder_minutes`, kind: 'guild_preference', guild_id: GUILD, raid_id: null, message_id: '0', payload_hash: 'off' },
      { cache_key: `guildpref:${GUILD}:timezone`, kind: 'guild_preference', guild_id: GUILD, raid_id: null, message_id: '0', payload_hash: 'Pacific/Auckland' },
    ]);
  });

  it('is lossless for every allowed value: the longest zone names and both ends of each range', async () => {
    for (const zone of ['America/Argentina/ComodRivadavia', 'America/North_Dakota/New_Salem', 'Pacific/Kiritimati', 'UTC', 'Etc/GMT-14']) {
      await bed.repos.guildPreferences.set(GUILD, 'timeZone', zone);
      expect((await bed.repos.guildPreferences.get(GUILD, DEFAULTS)).timeZone).toBe(zone);
    }
    for (const minutes of [1, 15, 1_440, null]) {
      await bed.repos.guildPreferences.set(GUILD, 'reminderMinutesBefore', minutes);
      expect((await bed.repos.guildPreferences.get(GUILD, DEFAULTS)).reminderMinutesBefore).toBe(minutes);
    }
    for (const hours of [1, 3, 168]) {
      await bed.repos.guildPreferences.set(GUILD, 'autoCloseGraceHours', hours);
      expect((await bed.repos.guildPreferences.get(GUILD, DEFAULTS)).autoCloseGraceHours).toBe(hours);
    }
    // Overwritten in place: still one row per preference.
    expect((await preferenceRows(GUILD)).length).toBe(3);
  });

  it('refuses values outside their range or unknown zones and writes nothing', async () => {
    const refused: [Parameters<typeof bed.repos.guildPreferences.set>[1], unknown][] = [
      ['timeZone', 'Mars/Olympus'],
      ['timeZone', 'UTC+1'],
      ['timeZone', ''],
      ['reminderMinutesBefore', 0],
      ['reminderMinutesBefore', 1_441],
      ['reminderMinutesBefore', 2.5],
      ['reminderMinutesBefore', Number.NaN],
      ['autoCloseGraceHours', 0],
      ['autoCloseGraceHours', 169],
      ['autoCloseGraceHours', null],
    ];
    for (const [name, value] of refused) {
      await expect(bed.repos.guildPreferences.set(GUILD, name, value as never)).rejects.toThrow(RangeError);
    }
    expect(await preferenceRows()).toEqual([]);
  });

  it('keeps servers apart, and reads many servers at once', async () => {
    await bed.repos.guildPreferences.set(GUILD, 'timeZone', 'Pacific/Kiritimati');
    await bed.repos.guildPreferences.set(OTHER_GUILD, 'reminderMinutesBefore', 30);
    const many = await bed.repos.guildPreferences.getMany([GUILD, OTHER_GUILD, '820000000000000003'], DEFAULTS);
    expect(Object.fromEntries(many)).toEqual({
      [GUILD]: { ...DEFAULTS, timeZone: 'Pacific/Kiritimati' },
      [OTHER_GUILD]: { ...DEFAULTS, reminderMinutesBefore: 30 },
      '820000000000000003': DEFAULTS,
    });
    expect(await bed.repos.guildPreferences.getMany([], DEFAULTS)).toEqual(new Map());
  });

  it('reset brings one preference or all of a server back to the default', async () => {
    await bed.repos.guildPreferences.set(GUILD, 'timeZone', 'UTC');
    await bed.repos.guildPreferences.set(GUILD, 'autoCloseGraceHours', 12);
    await bed.repos.guildPreferences.set(OTHER_GUILD, 'timeZone', 'UTC');
    expect(await bed.repos.guildPreferences.reset(GUILD, 'timeZone')).toBe(1);
    expect(await bed.repos.guildPreferences.reset(GUILD, 'timeZone')).toBe(0);
    expect(await bed.repos.guildPreferences.get(GUILD, DEFAULTS)).toEqual({ ...DEFAULTS, autoCloseGraceHours: 12 });
    expect(await bed.repos.guildPreferences.reset(GUILD)).toBe(1);
    expect(await bed.repos.guildPreferences.get(GUILD, DEFAULTS)).toEqual(DEFAULTS);
    expect((await bed.repos.guildPreferences.get(OTHER_GUILD, DEFAULTS)).timeZone).toBe('UTC');
  });

  it('a stored value that no longer reads counts as unset, and foreign rows are ignored', async () => {
    const rows: [string, string, string][] = [
      [`guildpref:${GUILD}:timezone`, GUILD_PREFERENCE_KIND, 'Atlantis/Capital'],
      [`guildpref:${GUILD}:reminder_minutes`, GUILD_PREFERENCE_KIND, '0'],
      [`guildpref:${GUILD}:autoclose_hours`, GUILD_PREFERENCE_KIND, '3h'],
      [`guildpref:${GUILD}:voice_window`, GUILD_PREFERENCE_KIND, '30'],
      // Another guild's key under this guild's id, and the old bot's own kind.
      [`guildpref:${OTHER_GUILD}:autoclose_hours`, GUILD_PREFERENCE_KIND, '9'],
      [`featuresettings:${GUILD}`, 'feature_settings', '12'],
    ];
    for (const [key, kind, value] of rows) {
      await bed.db.query(`INSERT INTO debug_mirror_cache (cache_key, kind, guild_id, message_id, payload_hash) VALUES ($1, $2, $3, 0, $4)`, [key, kind, GUILD, value]);
    }
    expect(await bed.repos.guildPreferences.get(GUILD, DEFAULTS)).toEqual(DEFAULTS);
    expect(await bed.repos.guildPreferences.stored(GUILD)).toEqual({});
  });

  it("the debug mirror's prune never removes preferences, while it does remove the rows of ended raids", async () => {
    const base = { channelId: '1', creatorId: '2', dungeon: 'Royal Base', days: ['Sat 2026-12-26'], times: ['20:00'], minPlayers: 1 };
    const open = await bed.repos.raids.createRaid({ ...base, guildId: GUILD });
    const ended = await bed.repos.raids.createRaid({ ...base, guildId: GUILD });
    await bed.db.query(`UPDATE raids SET status = 'finished' WHERE id = $1`, [ended.raid.id]);
    for (const [cacheKey, kind, raidId] of [
      [memberListMirrorKey(GUILD, open.raid.id), 'memberlist', open.raid.id],
      [memberListMirrorKey(GUILD, ended.raid.id), 'memberlist', ended.raid.id],
      [raidListMirrorKey(GUILD), 'raidlist', null],
    ] as const) {
      await bed.repos.debugMirror.save({ cacheKey, kind, guildId: GUILD, raidId, messageId: '7', payloadHash: 'a'.repeat(64) });
    }
    await bed.repos.guildPreferences.set(GUILD, 'timeZone', 'Pacific/Auckland');
    await bed.repos.guildPreferences.set(GUILD, 'reminderMinutesBefore', null);
    await bed.repos.guildPreferences.set(OTHER_GUILD, 'autoCloseGraceHours', 5);

    expect(await bed.repos.debugMirror.removeEndedRaids(GUILD)).toBe(1);
    expect(await bed.repos.debugMirror.removeEndedRaids()).toBe(0);
    expect(await bed.repos.debugMirror.get(memberListMirrorKey(GUILD, ended.raid.id))).toBeNull();
    expect(await bed.repos.debugMirror.get(memberListMirrorKey(GUILD, open.raid.id))).not.toBeNull();
    expect((await preferenceRows()).length).toBe(3);
    expect(await bed.repos.guildPreferences.get(GUILD, DEFAULTS)).toEqual({ ...DEFAULTS, timeZone: 'Pacific/Auckland', reminderMinutesBefore: null });

    // Once every raid is gone, the prune still leaves them.
    await bed.db.query('DELETE FROM raids');
    expect(await bed.repos.debugMirror.removeEndedRaids()).toBe(1);
    expect((await preferenceRows()).length).toBe(3);
  });

  it("leaving a server removes its preferences with its other rows, and only that server's", async () => {
    await bed.repos.guildPreferences.set(GUILD, 'timeZone', 'UTC');
    await bed.repos.guildPreferences.set(GUILD, 'autoCloseGraceHours', 6);
    await bed.repos.guildPreferences.set(OTHER_GUILD, 'timeZone', 'UTC');
    await bed.repos.debugMirror.save({ cacheKey: raidListMirrorKey(GUILD), kind: 'raidlist', guildId: GUILD, raidId: null, messageId: '7', payloadHash: 'b'.repeat(64) });

    expect(await removeGuildData(bed.dataSource, GUILD)).toEqual({ raids: 0, userLevels: 0, templates: 0, settings: 0, preferences: 2, debugMirrorCache: 1 });
    expect(await preferenceRows(GUILD)).toEqual([]);
    expect(await bed.repos.guildPreferences.get(GUILD, DEFAULTS)).toEqual(DEFAULTS);
    expect((await bed.repos.guildPreferences.get(OTHER_GUILD, DEFAULTS)).timeZone).toBe('UTC');
  });

  it('works inside a transaction like the other repositories: a rollback leaves no preference behind', async () => {
    await expect(
      bed.dataSource.transaction(async (manager) => {
        await createRepositories(manager).guildPreferences.set(GUILD, 'timeZone', 'UTC');
        expect((await createRepositories(manager).guildPreferences.get(GUILD, DEFAULTS)).timeZone).toBe('UTC');
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await preferenceRows()).toEqual([]);
  });
});
