import {
  LATE_START_GRACE_MS,
  decideFiring,
  plannedReminders,
  reminderClaimKey,
  reminderJobId,
  reminderNonce,
} from '../../../src/lib/reminders/plan';
import { everyoneVotesEverything, makeRaid, makeState, snowflake, vote } from '../render/fixtures';

const BERLIN = 'Europe/Berlin';
/** Thu 2026-12-24 20:00 in Berlin is 19:00 UTC. */
const SLOT_AT = new Date('2026-12-24T19:00:00Z');
const DAY = 'Thu 2026-12-24';
const prefs = (reminderMinutesBefore: number | null, timeZone = BERLIN) => ({ timeZone, reminderMinutesBefore });
const raid = makeRaid({ minPlayers: 2 });
const members = [snowflake(10), snowflake(11)];
const qualified = makeState([DAY, 'Fri 2026-12-25'], ['20:00', '21:00'], [...everyoneVotesEverything([DAY], ['20:00'], members), vote('day', 'Fri 2026-12-25', members[0]!)], raid);
const at = (iso: string) => new Date(iso);

describe('plannedReminders', () => {
  it('plans a reminder the lead before each qualified slot and a start post at it, with ids per raid, slot and kind', () => {
    const planned = plannedReminders(qualified, prefs(15), at('2026-12-24T12:00:00Z'));
    expect(planned.map((p) => [p.kind, p.day, p.time, p.dueAt.toISOString(), p.slotAt.toISOString()])).toEqual([
      ['reminder', DAY, '20:00', '2026-12-24T18:45:00.000Z', SLOT_AT.toISOString()],
      ['start', DAY, '20:00', SLOT_AT.toISOString(), SLOT_AT.toISOString()],
    ]);
    expect(planned[0]!.jobId).toBe(reminderJobId(raid.id, DAY, '20:00', 'reminder'));
    expect(planned[1]!.claimKey).toBe(reminderClaimKey(raid.id, DAY, '20:00', 'start'));
  });

  it('reads the slot in the server zone', () => {
    const [reminder] = plannedReminders(qualified, prefs(30, 'America/New_York'), at('2026-12-24T12:00:00Z'));
    expect(reminder!.slotAt.toISOString()).toBe('2026-12-25T01:00:00.000Z');
    expect(reminder!.dueAt.toISOString()).toBe('2026-12-25T00:30:00.000Z');
  });

  it('plans nothing when reminders are off, for slots that do not qualify, or labels without an instant', () => {
    expect(plannedReminders(qualified, prefs(null), at('2026-12-24T12:00:00Z'))).toEqual([]);
    const oneVoter = makeState([DAY], ['20:00'], everyoneVotesEverything([DAY], ['20:00'], [members[0]!]), raid);
    expect(plannedReminders(oneVoter, prefs(15), at('2026-12-24T12:00:00Z'))).toEqual([]);
    const oldBot = makeState(['Samstag'], ['abends'], everyoneVotesEverything(['Samstag'], ['abends'], members), raid);
    expect(plannedReminders(oldBot, prefs(15), at('2026-12-24T12:00:00Z'))).toEqual([]);
  });

  it('keeps a late reminder while the slot has not started, and the start post for a bounded time after it', () => {
    const kinds = (now: string) => plannedReminders(qualified, prefs(15), at(now)).map((p) => p.kind);
    expect(kinds('2026-12-24T18:50:00Z')).toEqual(['reminder', 'start']);
    expect(kinds('2026-12-24T19:00:00Z')).toEqual(['start']);
    expect(kinds(new Date(SLOT_AT.getTime() + LATE_START_GRACE_MS - 1).toISOString())).toEqual(['start']);
    expect(kinds(new Date(SLOT_AT.getTime() + LATE_START_GRACE_MS).toISOString())).toEqual([]);
  });
});

describe('ids', () => {
  it('are deterministic, bounded whatever the labels, free of ":" in job ids, and nonces fit Discord (25)', () => {
    const long = 'x'.repeat(100);
    expect(reminderJobId(1, long, long, 'reminder')).toBe(reminderJobId(1, long, long, 'reminder'));
    expect(reminderJobId(1, DAY, '20:00', 'reminder')).not.toBe(reminderJobId(1, DAY, '20:00', 'start'));
    expect(reminderJobId(1, DAY, '20:00', 'reminder')).not.toBe(reminderJobId(2, DAY, '20:00', 'reminder'));
    expect(reminderJobId(1, 'a', 'b c', 'start')).not.toBe(reminderJobId(1, 'a b', 'c', 'start'));
    expect(reminderJobId(2_147_483_647, long, long, 'reminder')).not.toContain(':');
    expect(reminderClaimKey(Number.MAX_SAFE_INTEGER, long, long, 'reminder').length).toBeLessThanOrEqual(96);
    expect(reminderNonce(reminderClaimKey(1, DAY, '20:00', 'start'))).toHaveLength(25);
  });
});

describe('decideFiring', () => {
  const job = { kind: 'reminder' as const, day: DAY, time: '20:00' };

  it('posts at its time to the slot members as they are now', () => {
    const decision = decideFiring(qualified, job, prefs(15), at('2026-12-24T18:45:00Z'));
    expect(decision).toMatchObject({ kind: 'post', userIds: members, planned: { kind: 'reminder', dueAt: at('2026-12-24T18:45:00Z') } });
  });

  it('waits when it fired early (the lead or zone changed, another clock), within a second of tolerance', () => {
    expect(decideFiring(qualified, job, prefs(15), at('2026-12-24T18:44:59.500Z')).kind).toBe('post');
    expect(decideFiring(qualified, job, prefs(10), at('2026-12-24T18:45:00Z'))).toEqual({ kind: 'early', dueAt: at('2026-12-24T18:50:00Z') });
  });

  it('skips when reminders are off, the slot no longer qualifies, or it is too late', () => {
    expect(decideFiring(qualified, job, prefs(null), at('2026-12-24T18:45:00Z'))).toEqual({ kind: 'skip', reason: 'off' });
    expect(decideFiring(qualified, { ...job, time: '21:00' }, prefs(15), at('2026-12-24T19:45:00Z'))).toEqual({ kind: 'skip', reason: 'notQualified' });
    expect(decideFiring(qualified, job, prefs(15), SLOT_AT)).toEqual({ kind: 'skip', reason: 'tooLate' });
    expect(decideFiring(qualified, { ...job, kind: 'start' }, prefs(15), SLOT_AT).kind).toBe('post');
    expect(decideFiring(qualified, { ...job, kind: 'start' }, prefs(15), new Date(SLOT_AT.getTime() + LATE_START_GRACE_MS))).toEqual({ kind: 'skip', reason: 'tooLate' });
  });
});
