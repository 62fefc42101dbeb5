import { t } from '../../i18n';
import { attendanceNote } from '../../attendance/render';
import type { FinishOutcome } from './close-raid';

/** The member's answer to a finish attempt, shared by the button and /raid_finish. */
export function finishOutcomeText(locale: string, outcome: FinishOutcome, displayId: number | null): string {
  switch (outcome.kind) {
    case 'finished': {
      const text = t(locale, 'finish.finished', { displayId: outcome.raid.displayId, count: outcome.attendanceRows });
      const note = attendanceNote(locale, outcome, outcome.attendanceRows);
      return note === null ? text : `${text}\n${note}`;
    }
    case 'notAllowed':
      return t(locale, 'finish.notAllowed');
    case 'otherGuild':
      return t(locale, 'common.raidOfOtherServer');
    case 'notFound':
      return displayId === null ? t(locale, 'vote.raidNotActive') : t(locale, 'finish.notFound', { displayId });
  }
}
