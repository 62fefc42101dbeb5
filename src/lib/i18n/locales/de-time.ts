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
};
