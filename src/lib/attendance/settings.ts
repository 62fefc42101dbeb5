/**
 * The attendance part of /settings (issue 13.1): the window, the minimum and the raid
 * voice channel, stored as the server's preferences next to its time options and shown
 * in the settings view. Ranges are the repository's (GUILD_PREFERENCE_LIMITS).
 */
import type { APIEmbedField } from 'discord.js';
import type { GuildPreferences } from '../db/repositories/guild-preferences-repository';
import { t } from '../i18n';
import type { TimeSettingChanges } from '../settings/time-settings';

export interface AttendanceSettingOptions {
  readonly windowMinutes: number | null;
  readonly minimumMinutes: number | null;
  /** A voice channel of the server chosen as the raid voice channel. */
  readonly channelId: string | null;
  /** True: any voice channel counts again (wins over `channelId`). */
  readonly anyChannel: boolean | null;
}

/** The preference changes the options ask for. */
export function readAttendanceOptions(options: AttendanceSettingOptions): TimeSettingChanges {
  const changes: TimeSettingChanges = {};
  if (options.windowMinutes !== null) changes.attendanceWindowMinutes = options.windowMinutes;
  if (options.minimumMinutes !== null) changes.attendanceMinimumMinutes = options.minimumMinutes;
  if (options.anyChannel === true) changes.raidVoiceChannelId = null;
  else if (options.channelId !== null) changes.raidVoiceChannelId = options.channelId;
  return changes;
}

/** The view's "Attendance" field. */
export function attendanceSettingsField(preferences: GuildPreferences, locale: string): APIEmbedField {
  const channel = preferences.raidVoiceChannelId;
  const lines = [
    t(locale, 'voiceAttendance.settingsWindow', { minutes: preferences.attendanceWindowMinutes }),
    t(locale, 'voiceAttendance.settingsMinimum', { minutes: preferences.attendanceMinimumMinutes }),
    channel === null ? t(locale, 'voiceAttendance.settingsAnyChannel') : t(locale, 'voiceAttendance.settingsChannel', { channel: `<#${channel}>` }),
    t(locale, 'voiceAttendance.settingsHint'),
  ];
  return { name: t(locale, 'voiceAttendance.settingsTitle'), value: lines.join('\n') };
}
