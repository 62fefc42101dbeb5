/**
 * /settings' description and option texts (Discord shows them while an admin types), kept
 * apart from en-US.ts and de.ts: the options grow with each server preference.
 */
export const settingsCommandEnUS = {
  description: 'Choose the channels, time zone, reminders and auto-close of this server',
  options: {
    timezone: 'Time zone of the server, e.g. Europe/Berlin (type to search)',
    reminder_minutes: 'Minutes before a slot that its reminder is posted (0 = no reminders)',
    autoclose_hours: 'Hours after the last slot that an unfinished raid closes itself',
    scheduled_events: 'A Discord event per qualified slot (needs Manage Events)',
    event_hours: 'How many hours a slot\'s Discord event lasts',
    attendance_window: 'Minutes from the start of a slot in which voice presence is recorded',
    attendance_minutes: 'Minutes in voice within that window needed to count as present',
    raid_voice_channel: 'Only this voice channel counts for attendance',
    raid_voice_any: 'True: any voice channel of the server counts again',
  },
};

export const settingsCommandDe = {
  description: 'Channels, Zeitzone, Erinnerungen und automatisches Schließen dieses Servers festlegen',
  options: {
    timezone: 'Zeitzone des Servers, z. B. Europe/Berlin (tippen zum Suchen)',
    reminder_minutes: 'Minuten vor einem Slot, zu denen erinnert wird (0 = keine Erinnerungen)',
    autoclose_hours: 'Stunden nach dem letzten Slot, nach denen sich ein offener Raid selbst schließt',
    scheduled_events: 'Ein Discord-Event je zustande gekommenem Slot (braucht „Events verwalten“)',
    event_hours: 'Wie viele Stunden das Discord-Event eines Slots dauert',
    attendance_window: 'Minuten ab Slot-Beginn, in denen die Sprachkanal-Anwesenheit erfasst wird',
    attendance_minutes: 'Minuten im Sprachkanal in dieser Zeit, die als anwesend zählen',
    raid_voice_channel: 'Nur dieser Sprachkanal zählt für die Anwesenheit',
    raid_voice_any: 'True: wieder jeder Sprachkanal des Servers zählt',
  },
};
