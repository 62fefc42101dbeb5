import { ButtonStyle, ChannelType, ComponentType } from 'discord-api-types/v10';
import { parseCustomId } from '../../../src/lib/discord/custom-ids';
import { applySettingsSelection, savedSettingsDraft, type SettingsDraft } from '../../../src/lib/settings/draft';
import { defaultGuildPreferences } from '../../../src/lib/db/repositories/guild-preferences-repository';
import { t } from '../../../src/lib/i18n';
import { renderSettingsView } from '../../../src/lib/settings/render';
import type { GuildSettings } from '../../../src/lib/settings/types';
import { snowflake } from '../render/fixtures';
import { expectMessageWithinLimits } from '../render/limits';

type Json = Record<string, any>;

/** Berlin, the night summer time begins: 01:30 CET. */
const time = { preferences: defaultGuildPreferences('Europe/Berlin'), now: new Date('2026-03-29T00:30:00Z') };

const MAX_SNOWFLAKE = '18446744073709551615';

function settingsOf(overrides: Partial<GuildSettings> = {}): GuildSettings {
  return {
    guildId: MAX_SNOWFLAKE,
    guildName: 'Stored Name',
    plannerChannelId: snowflake(11),
    participantsChannelId: null,
    raidListChannelId: snowflake(13),
    raidListMessageId: null,
    defaultMinPlayers: 3,
    templatesEnabled: true,
    ...overrides,
  };
}

function fieldValues(payload: Json): string[] {
  return payload.embeds[0].fields.map((field: Json) => field.value);
}

describe('renderSettingsView', () => {
  it('shows the channels as channel mentions or "not set", min players and templates', () => {
    const payload = renderSettingsView(settingsOf(), { locale: 'en-US', guildName: 'Live Name', time }) as Json;
    expect(payload.embeds[0].title).toBe('Settings: Live Name');
    expect(fieldValues(payload).slice(0, 5)).toEqual([`<#${snowflake(11)}>`, 'not set', `<#${snowflake(13)}>`, '3', 'yes']);
    expect(payload.embeds[0].description).toBeUndefined();
    expectMessageWithinLimits(payload);
  });

  it('offers three channel selects for text and announcement channels, preset to the current channel', () => {
    const settings = settingsOf();
    const payload = renderSettingsView(settings, { locale: 'en-US', guildName: 'G', time }) as Json;
    expect(payload.components).toHaveLength(4);
    const selects = payload.components.slice(0, 3).map((row: Json) => row.components[0]);
    for (const select of selects) {
      expect(select.type).toBe(ComponentType.ChannelSelect);
      expect(select.channel_types).toEqual([ChannelType.GuildText, ChannelType.GuildAnnouncement]);
      expect(select.min_values).toBe(0);
      expect(select.max_values).toBe(1);
    }
    expect(selects.map((select: Json) => select.default_values)).toEqual([
      [{ id: snowflake(11), type: 'channel' }],
      [],
      [{ id: snowflake(13), type: 'channel' }],
    ]);
    expect(selects.map((select: Json) => parseCustomId(select.custom_id))).toEqual([
      { kind: 'settingsChannelSelect', guildId: MAX_SNOWFLAKE, target: 'planner', otherChannels: { participants: null, raidList: snowflake(13) } },
      { kind: 'settingsChannelSelect', guildId: MAX_SNOWFLAKE, target: 'participants', otherChannels: { planner: snowflake(11), raidList: snowflake(13) } },
      { kind: 'settingsChannelSelect', guildId: MAX_SNOWFLAKE, target: 'raidList', otherChannels: { planner: snowflake(11), participants: null } },
    ]);
    const save = payload.components[3].components[0];
    expect(save.type).toBe(ComponentType.Button);
    expect(save.style).toBe(ButtonStyle.Success);
    expect(save.label).toBe('Save');
    expect(parseCustomId(save.custom_id)).toEqual({ kind: 'settingsSave', guildId: MAX_SNOWFLAKE, draft: savedSettingsDraft(settings) });
  });

  it('a choice survives re-rendering: select → update with the new draft → save carries every pending channel', () => {
    const settings = settingsOf();
    const first = renderSettingsView(settings, { locale: 'en-US', guildName: 'G', time }) as Json;
    // The member picks a participants channel…
    const participantsSelect = parseCustomId(first.components[1].components[0].custom_id);
    if (participantsSelect?.kind !== 'settingsChannelSelect') throw new Error('not a settings select');
    const afterFirst = applySettingsSelection(participantsSelect, snowflake(21));
    const second = renderSettingsView(settings, { locale: 'en-US', guildName: 'G', draft: afterFirst, time }) as Json;
    // …then clears the raid list channel in the re-rendered view.
    const raidListSelect = parseCustomId(second.components[2].components[0].custom_id);
    if (raidListSelect?.kind !== 'settingsChannelSelect') throw new Error('not a settings select');
    const afterSecond = applySettingsSelection(raidListSelect, null);
    const third = renderSettingsView(settings, { locale: 'en-US', guildName: 'G', draft: afterSecond, time }) as Json;

    const expected: SettingsDraft = { planner: snowflake(11), participants: snowflake(21), raidList: null };
    expect(parseCustomId(third.components[3].components[0].custom_id)).toEqual({ kind: 'settingsSave', guildId: MAX_SNOWFLAKE, draft: expected });
    expect(third.components[1].components[0].default_values).toEqual([{ id: snowflake(21), type: 'channel' }]);
    expect(third.components[2].components[0].default_values).toEqual([]);
    // The embed says what is pending.
    expect(third.embeds[0].description).toContain('Save');
    expect(fieldValues(third).slice(0, 3)).toEqual([`<#${snowflake(11)}>`, `<#${snowflake(21)}> (not saved yet)`, 'not set (not saved yet)']);
  });

  it('is German for German members', () => {
    const payload = renderSettingsView(settingsOf({ templatesEnabled: false }), { locale: 'de', guildName: 'G', time }) as Json;
    expect(fieldValues(payload).slice(0, 5)).toEqual([`<#${snowflake(11)}>`, 'nicht gesetzt', `<#${snowflake(13)}>`, '3', 'nein']);
    expect(payload.components[3].components[0].label).toBe('Speichern');
  });

  it('stays within the limits with maximal snowflakes everywhere and a long guild name', () => {
    const settings = settingsOf({ plannerChannelId: MAX_SNOWFLAKE, participantsChannelId: MAX_SNOWFLAKE, raidListChannelId: MAX_SNOWFLAKE });
    const draft: SettingsDraft = { planner: '18446744073709551614', participants: '18446744073709551613', raidList: '18446744073709551612' };
    for (const locale of ['en-US', 'de']) {
      const payload = renderSettingsView(settings, { locale, guildName: '_'.repeat(100), draft, time }) as Json;
      expectMessageWithinLimits(payload);
      for (const row of payload.components) expect(row.components[0].custom_id.length).toBeLessThanOrEqual(100);
    }
  });

  it('shows the scheduled events after the time: off by default, on with their duration, in both languages', () => {
    const english = renderSettingsView(settingsOf(), { locale: 'en-US', guildName: 'G', time }) as Json;
    expect(english.embeds[0].fields.at(-2)).toEqual({ name: 'Discord events', value: 'Off\nChange with `/settings scheduled_events:` `event_hours:` (the bot needs Manage Events)' });
    const on = { ...time, preferences: { ...time.preferences, scheduledEvents: true, scheduledEventHours: 3 } };
    const german = renderSettingsView(settingsOf(), { locale: 'de', guildName: 'G', time: on }) as Json;
    expect(german.embeds[0].fields.at(-2).name).toBe('Discord-Events');
    expect(german.embeds[0].fields.at(-2).value).toContain('Dauer 3 Std.');
  });

  it('shows the time zone with the local time there, reminders and auto-close, in both languages', () => {
    const english = renderSettingsView(settingsOf(), { locale: 'en-US', guildName: 'G', time }) as Json;
    expect(english.embeds[0].fields.at(-3)).toEqual({
      name: 'Time',
      value: [
        'Time zone: **Europe/Berlin**',
        'Local time there: **Sun 2026-03-29 01:30** (UTC+01:00)',
        'Reminders: **15 min** before a slot',
        'Auto-close: **3 h** after the last slot',
        t('en-US', 'timeSettings.hint'),
      ].join('\n'),
    });
    // An hour later summer time has begun: 03:30, UTC+02:00. Reminders off.
    const later = { preferences: { ...time.preferences, reminderMinutesBefore: null }, now: new Date('2026-03-29T01:30:00Z') };
    const german = renderSettingsView(settingsOf(), { locale: 'de', guildName: 'G', time: later }) as Json;
    const value = german.embeds[0].fields.at(-3).value as string;
    expect(german.embeds[0].fields.at(-3).name).toBe('Zeit');
    expect(value).toContain('Ortszeit dort: **So 29.03.2026 03:30** (UTC+02:00)');
    expect(value).toContain('Erinnerungen: **aus**');
    const tokyo = renderSettingsView(settingsOf(), { locale: 'en-US', guildName: 'G', time: { ...time, preferences: { ...time.preferences, timeZone: 'Asia/Tokyo' } } }) as Json;
    expect(tokyo.embeds[0].fields.at(-3).value).toContain('Local time there: **Sun 2026-03-29 09:30** (UTC+09:00)');
  });

  it('shows the voice attendance window, minimum and raid voice channel after the time, in both languages', () => {
    const english = renderSettingsView(settingsOf(), { locale: 'en-US', guildName: 'G', time }) as Json;
    expect(english.embeds[0].fields.at(-1)).toEqual({
      name: 'Attendance (voice)',
      value: [
        'Voice presence is recorded for the first **30 minutes** of each qualified slot.',
        'Present with at least **10 minutes** in voice in that time; absent otherwise.',
        'Counts: any voice channel of this server.',
        t('en-US', 'voiceAttendance.settingsHint'),
      ].join('\n'),
    });
    const chosen = { ...time, preferences: { ...time.preferences, attendanceWindowMinutes: 45, attendanceMinimumMinutes: 20, raidVoiceChannelId: snowflake(20) } };
    const german = renderSettingsView(settingsOf(), { locale: 'de', guildName: 'G', time: chosen }) as Json;
    expect(german.embeds[0].fields.at(-1).name).toBe('Anwesenheit (Sprachkanal)');
    expect(german.embeds[0].fields.at(-1).value).toContain('ersten **45 Minuten**');
    expect(german.embeds[0].fields.at(-1).value).toContain('mindestens **20 Minuten**');
    expect(german.embeds[0].fields.at(-1).value).toContain(`nur <#${snowflake(20)}> (Raid-Sprachkanal)`);
  });
});
