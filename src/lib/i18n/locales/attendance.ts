/**
 * Texts of attendance (issue 13): /raidstats and the "Add to calendar" button of
 * participant lists, kept in a file of their own and spread into both locale trees.
 */
export const attendanceEnUS = {
  /** /raidstats: attendance of a member or the server's top attendees (issue 13). */
  raidstats: {
    memberHeader: '**Raid stats of {{member}}** on this server',
    participations: 'Took part: **{{count}}**',
    noShows: 'No-shows: **{{count}}**',
    rate: 'Attendance rate: **{{rate}}**',
    noRate: 'Attendance rate: –',
    lastHeader: 'Last raids:',
    lastLine: '- **{{dungeon}}** · ID `{{displayId}}` · {{when}} · {{status}}',
    present: 'present',
    absent: 'no-show',
    memberNone: '{{member}} has no recorded raids on this server yet.',
    topHeader: '**Top attendees on {{guild}}** ({{raids}} raids with attendance)',
    topLine: '{{rank}}. {{member}} · took part **{{present}}** · no-shows {{absent}} · {{rate}}',
    topNone: 'No raid on this server has recorded attendance yet.',
  },
  /** "Add to calendar" on participant lists: an .ics file per slot (issue 13). */
  calendar: {
    button: 'Add to calendar',
    eventSummary: 'Raid: {{dungeon}} (ID {{displayId}})',
    eventDescription: 'Raid planner on Discord: {{url}}',
    file: 'Here is **{{dungeon}}** (ID `{{displayId}}`), {{when}}, for your calendar: open the file to add it (with a reminder 15 minutes before). Importing it again updates the same entry.',
    raidGone: 'This raid no longer exists (it was finished or cancelled), so there is nothing to add to your calendar.',
    slotGone: 'This slot no longer has enough players, so there is nothing to add to your calendar.',
    noDate: 'This slot has no date the bot can read, so it cannot go into a calendar.',
  },
} as const;

export const attendanceDe = {
  /** /raidstats: Teilnahme eines Mitglieds oder die fleißigsten Teilnehmer des Servers (Issue 13). */
  raidstats: {
    memberHeader: '**Raid-Statistik von {{member}}** auf diesem Server',
    participations: 'Teilgenommen: **{{count}}**',
    noShows: 'Nicht erschienen: **{{count}}**',
    rate: 'Anwesenheitsquote: **{{rate}}**',
    noRate: 'Anwesenheitsquote: –',
    lastHeader: 'Letzte Raids:',
    lastLine: '- **{{dungeon}}** · ID `{{displayId}}` · {{when}} · {{status}}',
    present: 'anwesend',
    absent: 'nicht erschienen',
    memberNone: '{{member}} hat auf diesem Server noch keine erfassten Raids.',
    topHeader: '**Fleißigste Teilnehmer auf {{guild}}** ({{raids}} Raids mit Anwesenheit)',
    topLine: '{{rank}}. {{member}} · teilgenommen **{{present}}** · nicht erschienen {{absent}} · {{rate}}',
    topNone: 'Auf diesem Server hat noch kein Raid eine erfasste Anwesenheit.',
  },
  /** „Zum Kalender hinzufügen“ an Teilnehmerlisten: eine .ics-Datei je Slot (Issue 13). */
  calendar: {
    button: 'Zum Kalender hinzufügen',
    eventSummary: 'Raid: {{dungeon}} (ID {{displayId}})',
    eventDescription: 'Raid-Planner auf Discord: {{url}}',
    file: 'Hier ist **{{dungeon}}** (ID `{{displayId}}`), {{when}}, für deinen Kalender: öffne die Datei, um den Termin einzutragen (mit Erinnerung 15 Minuten vorher). Erneut importiert, wird derselbe Eintrag aktualisiert.',
    raidGone: 'Diesen Raid gibt es nicht mehr (er wurde abgeschlossen oder abgebrochen), also gibt es nichts für deinen Kalender.',
    slotGone: 'Dieser Slot hat nicht mehr genug Spieler, also gibt es nichts für deinen Kalender.',
    noDate: 'Dieser Slot hat kein Datum, das der Bot lesen kann, und kann daher nicht in einen Kalender.',
  },
} as const;
