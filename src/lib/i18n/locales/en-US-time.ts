/**
 * English texts of time-aware raids (planner slots, the time part of /settings), kept
 * apart from en-US.ts so that file stays small and sections merge without conflicts.
 * Spread into `enUS`; `de-time.ts` has the same keys.
 */
export const enUSTime = {
  plannerSlots: {
    best: '**Best slots** (✅ = enough players)',
    byDay: '**By day**',
    byDayIn: '**By day** ({{zone}})',
  },
  timeSettings: {
    title: 'Time',
    zone: 'Time zone: **{{zone}}**',
    localTime: 'Local time there: **{{time}}** (UTC{{offset}})',
    reminders: 'Reminders: **{{minutes}} min** before a slot',
    remindersOff: 'Reminders: **off**',
    autoClose: 'Auto-close: **{{hours}} h** after the last slot',
    hint: 'Change with `/settings timezone:` `reminder_minutes:` (0 = off) `autoclose_hours:`',
    /** Luxon format of the local time shown. */
    dateTimeFormat: 'ccc yyyy-MM-dd HH:mm',
    saved: 'Time settings saved.',
    zoneChanged: 'Open raids now show their slots in **{{zone}}**.',
    unchanged: 'The time settings were already like this; nothing changed.',
    zoneUnknown: 'I do not know the time zone "{{zone}}". Please pick one from the list, e.g. Europe/Berlin, Europe/London, America/New_York or Asia/Tokyo.',
    /** An autocomplete choice (at most 100 characters). */
    zoneChoice: '{{zone}} · now {{time}} (UTC{{offset}})',
  },
} as const;
