/**
 * Texts of voice-verified attendance (issue 13.1): the note under a finish and the
 * closed planner, and its part of /settings. Spread into both locale trees.
 */
export const attendanceVoiceEnUS = {
  voiceAttendance: {
    byVoice: 'Checked by voice presence: {{present}} present, {{absent}} absent.',
    mixed: 'Partly checked by voice presence: {{present}} present, {{absent}} absent. Slots without voice data (not begun yet, or voice tracking unavailable) count everyone as present.',
    fallback: 'No voice data for this raid (finished before its slot began, or voice tracking unavailable): everyone in a qualified slot counts as present.',
    settingsTitle: 'Attendance (voice)',
    settingsWindow: 'Voice presence is recorded for the first **{{minutes}} minutes** of each qualified slot.',
    settingsMinimum: 'Present with at least **{{minutes}} minutes** in voice in that time; absent otherwise.',
    settingsAnyChannel: 'Counts: any voice channel of this server.',
    settingsChannel: 'Counts: only {{channel}} (raid voice channel).',
    settingsHint: 'Change with `/settings attendance_window:` `attendance_minutes:` `raid_voice_channel:` (`raid_voice_any:True` = any channel again)',
  },
} as const;

export const attendanceVoiceDe = {
  voiceAttendance: {
    byVoice: 'Per Sprachkanal-Anwesenheit geprüft: {{present}} anwesend, {{absent}} abwesend.',
    mixed: 'Teilweise per Sprachkanal-Anwesenheit geprüft: {{present}} anwesend, {{absent}} abwesend. Slots ohne Sprachdaten (noch nicht begonnen oder Sprach-Erfassung nicht verfügbar) zählen alle als anwesend.',
    fallback: 'Keine Sprachdaten für diesen Raid (vor Beginn seines Slots beendet oder Sprach-Erfassung nicht verfügbar): alle in einem qualifizierten Slot zählen als anwesend.',
    settingsTitle: 'Anwesenheit (Sprachkanal)',
    settingsWindow: 'Die Sprachkanal-Anwesenheit wird in den ersten **{{minutes}} Minuten** jedes qualifizierten Slots erfasst.',
    settingsMinimum: 'Anwesend mit mindestens **{{minutes}} Minuten** im Sprachkanal in dieser Zeit, sonst abwesend.',
    settingsAnyChannel: 'Es zählt: jeder Sprachkanal dieses Servers.',
    settingsChannel: 'Es zählt: nur {{channel}} (Raid-Sprachkanal).',
    settingsHint: 'Ändern mit `/settings attendance_window:` `attendance_minutes:` `raid_voice_channel:` (`raid_voice_any:True` = wieder jeder Kanal)',
  },
} as const;
