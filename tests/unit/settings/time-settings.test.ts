import { defaultGuildPreferences, type GuildPreferenceName } from '../../../src/lib/db/repositories/guild-preferences-repository';
import { readTimeSettingOptions, saveTimeSettings } from '../../../src/lib/settings/time-settings';
import { knownTimeZones, matchingTimeZones, timeZoneChoices } from '../../../src/lib/settings/time-zones';

const none = { timezone: null, reminderMinutes: null, autoCloseHours: null };

describe('readTimeSettingOptions', () => {
  it('asks for nothing when no option is given', () => {
    expect(readTimeSettingOptions(none)).toEqual({ ok: true, changes: {} });
  });

  it('reads a zone in its usual spelling, 0 minutes as reminders off, and the grace hours', () => {
    expect(readTimeSettingOptions({ timezone: ' america/new_york ', reminderMinutes: 0, autoCloseHours: 6 })).toEqual({
      ok: true,
      changes: { timeZone: 'America/New_York', reminderMinutesBefore: null, autoCloseGraceHours: 6 },
    });
    expect(readTimeSettingOptions({ ...none, reminderMinutes: 30 })).toEqual({ ok: true, changes: { reminderMinutesBefore: 30 } });
  });

  it('refuses a zone it does not know, or a fixed offset, naming it markdown-safe', () => {
    expect(readTimeSettingOptions({ ...none, timezone: 'Mars/Olympus_Mons', reminderMinutes: 5 })).toEqual({ ok: false, unknownZone: 'Mars/Olympus\\_Mons' });
    expect(readTimeSettingOptions({ ...none, timezone: 'UTC+1' })).toMatchObject({ ok: false });
  });
});

describe('saveTimeSettings', () => {
  it('stores only what differs from the current preferences and names it', async () => {
    const stored: Array<[GuildPreferenceName, unknown]> = [];
    const repository = { set: async (_guildId: string, name: GuildPreferenceName, value: unknown) => void stored.push([name, value]) };
    const current = defaultGuildPreferences('Europe/Berlin');
    const changed = await saveTimeSettings(repository, '1', current, { timeZone: 'Europe/Berlin', reminderMinutesBefore: null, autoCloseGraceHours: 3 });
    expect(changed).toEqual(['reminderMinutesBefore']);
    expect(stored).toEqual([['reminderMinutesBefore', null]]);
    expect(await saveTimeSettings(repository, '1', current, {})).toEqual([]);
  });
});

describe('time-zone choices', () => {
  const now = new Date('2026-03-29T00:30:00Z');

  it('knows the IANA zones of the runtime, UTC included', () => {
    expect(knownTimeZones()).toEqual(expect.arrayContaining(['Europe/Berlin', 'America/New_York', 'Pacific/Auckland', 'UTC']));
  });

  it('offers the current zone first and common ones when nothing is typed, at most 25', () => {
    const zones = matchingTimeZones('', 'Asia/Kathmandu');
    expect(zones[0]).toBe('Asia/Kathmandu');
    expect(zones).toContain('Europe/Berlin');
    expect(zones.length).toBeLessThanOrEqual(25);
  });

  it('finds zones by any part of the name, the exact one and part starts first', () => {
    expect(matchingTimeZones('europe/berlin', 'UTC')[0]).toBe('Europe/Berlin');
    expect(matchingTimeZones('berlin', 'UTC')).toEqual(['Europe/Berlin']);
    expect(matchingTimeZones('new york', 'UTC')).toEqual(['America/New_York']);
    expect(matchingTimeZones('york', 'UTC')).toContain('America/New_York');
    const europe = matchingTimeZones('eur', 'UTC');
    expect(europe).toHaveLength(25);
    expect(europe.every((zone) => zone.startsWith('Europe/'))).toBe(true);
    expect(matchingTimeZones('no such place', 'UTC')).toEqual([]);
  });

  it('names each choice with the local time there, within Discord limits', () => {
    expect(timeZoneChoices('berlin', { now, current: 'UTC', locale: 'en-US' })).toEqual([{ name: 'Europe/Berlin · now Sun 2026-03-29 01:30 (UTC+01:00)', value: 'Europe/Berlin' }]);
    expect(timeZoneChoices('auckland', { now, current: 'UTC', locale: 'de' })).toEqual([{ name: 'Pacific/Auckland · jetzt So 29.03.2026 13:30 (UTC+13:00)', value: 'Pacific/Auckland' }]);
    for (const typed of ['', 'a', 'america', 'e']) {
      const choices = timeZoneChoices(typed, { now, current: 'Europe/Berlin', locale: 'de' });
      expect(choices.length).toBeLessThanOrEqual(25);
      for (const choice of choices) expect(choice.name.length).toBeLessThanOrEqual(100);
    }
  });
});
