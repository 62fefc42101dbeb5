/**
 * Deutsche Texte der zeitbewussten Raids (Slots im Planer, Zeit-Teil von /settings),
 * getrennt von de.ts; in `de` eingefügt und dort gegen `LocaleTexts` geprüft.
 */
export const deTime = {
  plannerSlots: {
    best: '**Beste Slots** (✅ = genug Spieler)',
    byDay: '**Nach Tagen**',
    byDayIn: '**Nach Tagen** ({{zone}})',
  },
  timeSettings: {
    title: 'Zeit',
    zone: 'Zeitzone: **{{zone}}**',
    localTime: 'Ortszeit dort: **{{time}}** (UTC{{offset}})',
    reminders: 'Erinnerungen: **{{minutes}} Min.** vor einem Slot',
    remindersOff: 'Erinnerungen: **aus**',
    autoClose: 'Automatisch schließen: **{{hours}} Std.** nach dem letzten Slot',
    hint: 'Ändern mit `/settings timezone:` `reminder_minutes:` (0 = aus) `autoclose_hours:`',
    /** Luxon-Format der angezeigten Ortszeit. */
    dateTimeFormat: 'ccc dd.MM.yyyy HH:mm',
    saved: 'Zeit-Settings gespeichert.',
    zoneChanged: 'Offene Raids zeigen ihre Slots jetzt in **{{zone}}**.',
    unchanged: 'Die Zeit-Settings waren schon so; nichts geändert.',
    zoneUnknown: 'Die Zeitzone „{{zone}}“ kenne ich nicht. Bitte wähle eine aus der Liste, z. B. Europe/Berlin, Europe/London, America/New_York oder Asia/Tokyo.',
    /** Eine Autocomplete-Auswahl (höchstens 100 Zeichen). */
    zoneChoice: '{{zone}} · jetzt {{time}} (UTC{{offset}})',
  },
  time: {
    errors: {
      dayUnreadable: 'Den Tag „{{input}}“ kann ich nicht lesen. Bitte schreib ein Datum oder einen Wochentag, z. B. 24.12., 24.12.2026, 2026-12-24, 24/12, Sa, Samstag, heute oder morgen.',
      dateInvalid: 'Den Tag „{{input}}“ gibt es im Kalender nicht. Bitte prüfe Tag und Monat, z. B. 24.12. oder 2026-12-24.',
      weekdayMismatch: 'Der Tag „{{input}}“ passt nicht zusammen: Der {{date}} ist ein {{weekday}}. Bitte schreib nur das Datum oder nur den Wochentag, z. B. 24.12.2026 oder Sa.',
      timeUnreadable: 'Die Uhrzeit „{{input}}“ kann ich nicht lesen. Bitte schreib sie z. B. als 20, 20:00, 20.30, 8pm oder 20 Uhr.',
      slotInPast: 'Der Termin „{{dayInput}}“ um „{{timeInput}}“ ({{slot}}, {{when}}) liegt schon in der Vergangenheit. Bitte wähle einen späteren Tag oder eine spätere Uhrzeit, z. B. morgen oder Sa.',
    },
    /** Luxon-Format eines Datums in diesen Texten. */
    dateFormat: 'dd.MM.yyyy',
    weekdays: { mon: 'Montag', tue: 'Dienstag', wed: 'Mittwoch', thu: 'Donnerstag', fri: 'Freitag', sat: 'Samstag', sun: 'Sonntag' },
  },
  schedule: {
    slotWhen: 'Wann: {{when}}',
    raidListNext: 'nächster Slot {{when}}',
    raidListFirstOption: 'frühester Termin {{when}}',
    raidListOver: 'letzter Slot {{when}}',
    statusNextSlot: 'Nächster Slot: {{value}}',
    statusNextSlotValue: '**{{dungeon}}** · ID `{{displayId}}` · {{when}}',
    statusNoNextSlot: 'keiner geplant',
    closedReasons: {
      autoFinished: 'automatisch abgeschlossen, der letzte Slot ist vorbei',
      autoCancelled: 'automatisch abgebrochen, der letzte Slot ist vorbei und kein Slot hatte genug Spieler',
    },
  },
};
