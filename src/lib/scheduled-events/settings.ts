/**
 * The scheduled-events part of /settings: the options `scheduled_events` (on/off) and
 * `event_hours` (how long each event lasts, the repository's range), and the view's
 * field. They are server preferences like the time ones, so they are saved and followed
 * the same way (saveTimeSettings, `timePreferencesChanged`).
 */
import type { APIEmbedField } from 'discord.js';
import type { GuildPreferences } from '../db/repositories/guild-preferences-repository';
import { t } from '../i18n';

export interface ScheduledEventOptions {
  /** null: not given. */
  readonly enabled: boolean | null;
  readonly hours: number | null;
}

/** The preference changes the options ask for (in range: the option's bounds refused anything else). */
export function readScheduledEventOptions(options: ScheduledEventOptions): Partial<Pick<GuildPreferences, 'scheduledEvents' | 'scheduledEventHours'>> {
  return {
    ...(options.enabled === null ? {} : { scheduledEvents: options.enabled }),
    ...(options.hours === null ? {} : { scheduledEventHours: options.hours }),
  };
}

/** The view's "Discord events" field. */
export function scheduledEventsField(preferences: Pick<GuildPreferences, 'scheduledEvents' | 'scheduledEventHours'>, locale: string): APIEmbedField {
  const state = preferences.scheduledEvents ? t(locale, 'scheduledEvents.on', { hours: preferences.scheduledEventHours }) : t(locale, 'scheduledEvents.off');
  return { name: t(locale, 'scheduledEvents.title'), value: `${state}\n${t(locale, 'scheduledEvents.hint')}` };
}
