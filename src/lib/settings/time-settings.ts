/**
 * The time part of /settings: the server's IANA zone (with the local time there, so an
 * admin can check it), the reminder lead and the auto-close grace. The command's
 * options `timezone`, `reminder_minutes` (0 = off) and `autoclose_hours` change them;
 * the ranges are the repository's (GUILD_PREFERENCE_LIMITS, also the options' bounds).
 */
import type { APIEmbedField } from 'discord.js';
import type { GuildPreferenceName, GuildPreferences, GuildPreferencesRepository } from '../db/repositories/guild-preferences-repository';
import { shortMarkdownSafe } from '../discord/text';
import { t } from '../i18n';
import type { GuildTime } from '../raids/services/guild-time';
import { normaliseTimeZone } from '../time';
import { localTimeIn } from './time-zones';

/** The time options as the admin gave them (null = not given). */
export interface TimeSettingOptions {
  readonly timezone: string | null;
  /** 0 switches reminders off. */
  readonly reminderMinutes: number | null;
  readonly autoCloseHours: number | null;
}

export type TimeSettingChanges = { -readonly [Name in GuildPreferenceName]?: GuildPreferences[Name] };

export type TimeSettingRead = { readonly ok: true; readonly changes: TimeSettingChanges } | { readonly ok: false; readonly unknownZone: string };

/** Longest typed zone shown back in a refusal. */
const MAX_ZONE_SHOWN = 60;

/** What the options ask to change; an unknown zone refuses all of them. Ranges are checked by the options' bounds. */
export function readTimeSettingOptions(options: TimeSettingOptions): TimeSettingRead {
  const changes: TimeSettingChanges = {};
  if (options.timezone !== null) {
    const zone = normaliseTimeZone(options.timezone);
    if (zone === null) return { ok: false, unknownZone: shortMarkdownSafe(options.timezone.trim() || '-', MAX_ZONE_SHOWN) };
    changes.timeZone = zone;
  }
  if (options.reminderMinutes !== null) changes.reminderMinutesBefore = options.reminderMinutes === 0 ? null : options.reminderMinutes;
  if (options.autoCloseHours !== null) changes.autoCloseGraceHours = options.autoCloseHours;
  return { ok: true, changes };
}

/**
 * Stores the changes that differ from the server's current preferences and returns
 * their names (empty: nothing changed). A RangeError from the repository means a value
 * out of its range, which the options' bounds rule out.
 */
export async function saveTimeSettings(
  repository: Pick<GuildPreferencesRepository, 'set'>,
  guildId: string,
  current: GuildPreferences,
  changes: TimeSettingChanges,
): Promise<GuildPreferenceName[]> {
  const changed = (Object.keys(changes) as GuildPreferenceName[]).filter((name) => changes[name] !== current[name]);
  for (const name of changed) await repository.set(guildId, name, changes[name] as GuildPreferences[typeof name]);
  return changed;
}

/** What the settings view shows about time: the server's preferences and the bot's present. */
export interface SettingsTimeView {
  readonly preferences: GuildPreferences;
  readonly now: Date;
}

/** The time part of a server's view, read now. */
export async function settingsTimeView(time: Pick<GuildTime, 'of' | 'now'>, guildId: string): Promise<SettingsTimeView> {
  return { preferences: await time.of(guildId), now: time.now() };
}

/** The view's "Time" field: zone, local time there, reminders, auto-close and how to change them. */
export function timeSettingsField({ preferences, now }: SettingsTimeView, locale: string): APIEmbedField {
  const zone = preferences.timeZone;
  const minutes = preferences.reminderMinutesBefore;
  const lines = [
    t(locale, 'timeSettings.zone', { zone }),
    t(locale, 'timeSettings.localTime', localTimeIn(now, zone, locale)),
    minutes === null ? t(locale, 'timeSettings.remindersOff') : t(locale, 'timeSettings.reminders', { minutes }),
    t(locale, 'timeSettings.autoClose', { hours: preferences.autoCloseGraceHours }),
    t(locale, 'timeSettings.hint'),
  ];
  return { name: t(locale, 'timeSettings.title'), value: lines.join('\n') };
}
