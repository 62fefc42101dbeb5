/**
 * English texts of time-aware raids (planner slots, the time part of /settings, typed
 * days and times, slots in lists and automatic closing), kept
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
  time: {
    errors: {
      dayUnreadable: 'I cannot read the day "{{input}}". Please write a date or a weekday, e.g. 24.12., 24.12.2026, 2026-12-24, 24/12, Sat, Saturday, today or tomorrow.',
      dateInvalid: 'The day "{{input}}" does not exist in the calendar. Please check day and month, e.g. 24.12. or 2026-12-24.',
      weekdayMismatch: 'The day "{{input}}" does not add up: {{date}} is a {{weekday}}. Please write just the date or just the weekday, e.g. 24.12.2026 or Sat.',
      timeUnreadable: 'I cannot read the time "{{input}}". Please write it e.g. as 20, 20:00, 20.30, 8pm or 20 Uhr.',
      slotInPast: 'The slot "{{dayInput}}" at "{{timeInput}}" ({{slot}}, {{when}}) is already in the past. Please choose a later day or time, e.g. tomorrow or Sat.',
    },
    /** Luxon format of a date in these texts. */
    dateFormat: 'yyyy-MM-dd',
    weekdays: { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' },
  },
  schedule: {
    slotWhen: 'When: {{when}}',
    raidListNext: 'next slot {{when}}',
    raidListFirstOption: 'earliest option {{when}}',
    raidListOver: 'last slot {{when}}',
    statusNextSlot: 'Next slot: {{value}}',
    statusNextSlotValue: '**{{dungeon}}** · ID `{{displayId}}` · {{when}}',
    statusNoNextSlot: 'none planned',
    closedReasons: {
      autoFinished: 'finished automatically, its last slot is over',
      autoCancelled: 'cancelled automatically, its last slot is over and no slot had enough players',
    },
  },
} as const;
