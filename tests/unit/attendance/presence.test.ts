import { elapsedWindow, judgeAttendance, msWithin, type AttendanceRules, type VoiceInterval } from '../../../src/lib/attendance/presence';

const MIN = 60_000;
const START = Date.UTC(2026, 11, 12, 19, 0);
const rules: AttendanceRules = { windowMs: 30 * MIN, minimumMs: 10 * MIN, channelId: null };

function stretch(fromMin: number, toMin: number, channelId = 'voice-1'): VoiceInterval {
  return { start: START + fromMin * MIN, end: START + toMin * MIN, channelId };
}

describe('msWithin', () => {
  it('clips stretches to the window', () => {
    // Joined 20 minutes before the start, left 5 minutes in; joined again at 25, stayed past the window.
    expect(msWithin([stretch(-20, 5), stretch(25, 90)], START, START + 30 * MIN)).toBe(10 * MIN);
  });

  it('counts overlapping stretches once and ignores stretches outside', () => {
    expect(msWithin([stretch(0, 10), stretch(5, 15), stretch(40, 50), stretch(-30, -1)], START, START + 30 * MIN)).toBe(15 * MIN);
  });

  it('counts only the raid voice channel when one is set', () => {
    expect(msWithin([stretch(0, 10, 'lobby'), stretch(10, 30, 'raid')], START, START + 30 * MIN, 'raid')).toBe(20 * MIN);
  });

  it('is zero without stretches', () => {
    expect(msWithin([], START, START + 30 * MIN)).toBe(0);
  });
});

describe('elapsedWindow', () => {
  it('has not begun before or at the start, or without a date', () => {
    expect(elapsedWindow(START, START - 1, 30 * MIN)).toBeNull();
    expect(elapsedWindow(START, START, 30 * MIN)).toBeNull();
    expect(elapsedWindow(null, START + MIN, 30 * MIN)).toBeNull();
  });

  it('is cut at now, and at most the window', () => {
    expect(elapsedWindow(START, START + 7 * MIN, 30 * MIN)).toEqual({ from: START, to: START + 7 * MIN });
    expect(elapsedWindow(START, START + 300 * MIN, 30 * MIN)).toEqual({ from: START, to: START + 30 * MIN });
  });
});

describe('judgeAttendance', () => {
  const now = START + 120 * MIN;

  it('is present at the minimum and absent just below it', () => {
    const intervals = new Map([
      ['1', [stretch(-5, 5), stretch(20, 25)]], // exactly 10 minutes
      ['2', [stretch(0, 9.99)]],
    ]);
    const decision = judgeAttendance([{ start: START, members: ['1', '2', '3'] }], now, rules, intervals);
    expect(Object.fromEntries(decision.statuses)).toEqual({ 1: 'present', 2: 'absent', 3: 'absent' });
    expect(decision.mode).toBe('voice');
  });

  it('does not count time after the window', () => {
    const decision = judgeAttendance([{ start: START, members: ['1'] }], now, rules, new Map([['1', [stretch(25, 100)]]]));
    expect(decision.statuses.get('1')).toBe('absent');
  });

  it('falls back to present for a slot that has not begun and when voice data is unavailable', () => {
    const later = { start: START + 24 * 60 * MIN, members: ['1', '2'] };
    expect(judgeAttendance([later], now, rules, new Map()).mode).toBe('fallback');
    expect(Object.fromEntries(judgeAttendance([later], now, rules, new Map()).statuses)).toEqual({ 1: 'present', 2: 'present' });
    const unavailable = judgeAttendance([{ start: START, members: ['1'] }], now, rules, null);
    expect(unavailable).toEqual({ statuses: new Map([['1', 'present']]), mode: 'fallback' });
  });

  it('is present when seen enough in any of the member\'s slots; mixed when some slots fell back', () => {
    const second = START + 60 * MIN;
    const intervals = new Map([['1', [stretch(60, 80)]]]);
    const decision = judgeAttendance(
      [
        { start: START, members: ['1', '2'] },
        { start: second, members: ['1'] },
        { start: START + 24 * 60 * MIN, members: ['3'] },
      ],
      now,
      rules,
      intervals,
    );
    expect(Object.fromEntries(decision.statuses)).toEqual({ 1: 'present', 2: 'absent', 3: 'present' });
    expect(decision.mode).toBe('mixed');
  });

  it('asks at most the elapsed part of the window when finished early', () => {
    const early = START + 6 * MIN;
    const intervals = new Map([
      ['1', [stretch(-1, 6)]],
      ['2', [stretch(1, 6)]],
    ]);
    expect(Object.fromEntries(judgeAttendance([{ start: START, members: ['1', '2'] }], early, rules, intervals).statuses)).toEqual({ 1: 'present', 2: 'absent' });
  });

  it('falls back for a window the bot watched less than the minimum, and judges one it watched enough', () => {
    const intervals = new Map([['1', [stretch(0, 30)]]]);
    const slot = [{ start: START, members: ['1', '2'] }];
    const watchedBriefly = [stretch(-60, 5, 'bot'), stretch(26, 200, 'bot')];
    expect(judgeAttendance(slot, now, rules, intervals, watchedBriefly)).toEqual({ statuses: new Map([['1', 'present'], ['2', 'present']]), mode: 'fallback' });
    const watchedEnough = [stretch(-60, 5, 'bot'), stretch(20, 200, 'bot')];
    expect(judgeAttendance(slot, now, rules, intervals, watchedEnough)).toEqual({ statuses: new Map([['1', 'present'], ['2', 'absent']]), mode: 'voice' });
  });
});
