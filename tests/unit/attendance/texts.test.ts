import { attendanceNote } from '../../../src/lib/attendance/render';
import { readAttendanceOptions } from '../../../src/lib/attendance/settings';
import { t } from '../../../src/lib/i18n';

describe('readAttendanceOptions', () => {
  it('changes only what was given; any channel wins over a chosen one', () => {
    expect(readAttendanceOptions({ windowMinutes: null, minimumMinutes: null, channelId: null, anyChannel: null })).toEqual({});
    expect(readAttendanceOptions({ windowMinutes: 45, minimumMinutes: 15, channelId: '620000000000000001', anyChannel: false })).toEqual({
      attendanceWindowMinutes: 45,
      attendanceMinimumMinutes: 15,
      raidVoiceChannelId: '620000000000000001',
    });
    expect(readAttendanceOptions({ windowMinutes: null, minimumMinutes: null, channelId: '620000000000000001', anyChannel: true })).toEqual({ raidVoiceChannelId: null });
  });
});

describe('attendanceNote', () => {
  it('says how attendance was decided, in both languages', () => {
    expect(attendanceNote('en-US', { presentRows: 3, attendanceMode: 'voice' }, 5)).toBe('Checked by voice presence: 3 present, 2 absent.');
    expect(attendanceNote('de', { presentRows: 3, attendanceMode: 'mixed' }, 5)).toContain('Teilweise per Sprachkanal-Anwesenheit geprüft: 3 anwesend, 2 abwesend.');
    expect(attendanceNote('en-US', { presentRows: 2, attendanceMode: 'fallback' }, 2)).toBe(t('en-US', 'voiceAttendance.fallback'));
  });

  it('says nothing without rows or when the close wrote none just now', () => {
    expect(attendanceNote('en-US', { presentRows: 0, attendanceMode: 'voice' }, 0)).toBeNull();
    expect(attendanceNote('en-US', {}, 4)).toBeNull();
  });
});
