/** The line the finish reply and the closed planner add about how attendance was decided (issue 13.1). */
import { t } from '../i18n';
import type { ClosedRaid } from '../raids/types';

export type AttendanceOutcome = Pick<ClosedRaid, 'presentRows' | 'attendanceMode'>;

/** Null when the close wrote no attendance just now (nothing to say). */
export function attendanceNote(locale: string, { presentRows, attendanceMode }: AttendanceOutcome, rows: number): string | null {
  if (attendanceMode === undefined || presentRows === undefined || rows === 0) return null;
  const counts = { present: presentRows, absent: rows - presentRows };
  switch (attendanceMode) {
    case 'voice':
      return t(locale, 'voiceAttendance.byVoice', counts);
    case 'mixed':
      return t(locale, 'voiceAttendance.mixed', counts);
    case 'fallback':
      return t(locale, 'voiceAttendance.fallback');
  }
}
