import { instantOfSlot, lastSlotInstant, nextQualifiedSlot, raidExpiry, raidWhen, STALE_RAID_AGE_MS } from '../../../src/lib/raids/schedule';
import { makeRaid, makeState, vote } from '../render/fixtures';

const BERLIN = 'Europe/Berlin';
const SAT_20 = new Date('2026-12-26T19:00:00Z'); // Sat 2026-12-26 20:00 in Berlin (CET)

describe('instantOfSlot', () => {
  it('reads canonical labels in the given zone', () => {
    expect(instantOfSlot('Sat 2026-12-26', '20:00', BERLIN)).toEqual(SAT_20);
    expect(instantOfSlot('Sat 2026-12-26', '20:00', 'America/New_York')).toEqual(new Date('2026-12-27T01:00:00Z'));
    expect(instantOfSlot('Sat 2026-12-26', '20:00', 'Pacific/Kiritimati')).toEqual(new Date('2026-12-26T06:00:00Z'));
  });

  it('follows the daylight-saving rule of the time library (a missing wall time moves forward)', () => {
    expect(instantOfSlot('Sun 2026-03-29', '02:30', BERLIN)).toEqual(new Date('2026-03-29T01:30:00Z'));
  });

  it('has no instant for the old bot’s labels, nor for an unknown zone', () => {
    expect(instantOfSlot('Samstag', '20:00', BERLIN)).toBeNull();
    expect(instantOfSlot('Sat 2026-12-26', 'abends', BERLIN)).toBeNull();
    expect(instantOfSlot('Sat', '20:00', BERLIN)).toBeNull();
    expect(instantOfSlot('Sat 2026-12-26', '20:00', 'Mars/Olympus')).toBeNull();
  });
});

describe('lastSlotInstant', () => {
  it('is the latest day × time', () => {
    expect(lastSlotInstant(['Sun 2026-12-27', 'Sat 2026-12-26'], ['20:00', '18:00'], BERLIN)).toEqual(new Date('2026-12-27T19:00:00Z'));
  });

  it('is null as soon as one label names no instant, and for a raid without days or times', () => {
    expect(lastSlotInstant(['Sat 2026-12-26', 'Sonntag'], ['20:00'], BERLIN)).toBeNull();
    expect(lastSlotInstant(['Sat 2026-12-26'], ['20:00', 'abends'], BERLIN)).toBeNull();
    expect(lastSlotInstant([], ['20:00'], BERLIN)).toBeNull();
  });
});

describe('raidWhen', () => {
  const days = ['Sat 2026-12-26', 'Sun 2026-12-27'];
  const times = ['20:00', '22:00'];
  const before = new Date('2026-12-20T12:00:00Z');

  it('names the earliest qualified slot still ahead', () => {
    const state = makeState(days, times, [vote('day', 'Sun 2026-12-27', '1'), vote('time', '22:00', '1')], makeRaid({ minPlayers: 1 }));
    expect(raidWhen(state, BERLIN, before)).toEqual({ kind: 'next', instant: new Date('2026-12-27T21:00:00Z'), qualified: true });
  });

  it('without a qualified slot, names the earliest option still ahead', () => {
    const state = makeState(days, times, [], makeRaid({ minPlayers: 1 }));
    expect(raidWhen(state, BERLIN, before)).toEqual({ kind: 'next', instant: SAT_20, qualified: false });
    expect(raidWhen(state, BERLIN, new Date('2026-12-26T20:00:00Z'))).toEqual({ kind: 'next', instant: new Date('2026-12-26T21:00:00Z'), qualified: false });
  });

  it('a qualified slot already begun gives way to the options ahead; when all have begun, the last one', () => {
    const state = makeState(days, times, [vote('day', 'Sat 2026-12-26', '1'), vote('time', '20:00', '1')], makeRaid({ minPlayers: 1 }));
    expect(raidWhen(state, BERLIN, new Date('2026-12-26T19:30:00Z'))).toEqual({ kind: 'next', instant: new Date('2026-12-26T21:00:00Z'), qualified: false });
    expect(raidWhen(state, BERLIN, new Date('2026-12-28T00:00:00Z'))).toEqual({ kind: 'over', instant: new Date('2026-12-27T21:00:00Z') });
  });

  it('is null for a raid without dates', () => {
    expect(raidWhen(makeState(['Samstag'], ['20:00']), BERLIN, before)).toBeNull();
  });
});

describe('nextQualifiedSlot', () => {
  it('is the earliest qualified slot ahead over all raids, null when none', () => {
    const early = makeRaid({ id: 1, minPlayers: 1 });
    const late = makeRaid({ id: 2, minPlayers: 1 });
    const states = [
      makeState(['Sun 2026-12-27'], ['20:00'], [vote('day', 'Sun 2026-12-27', '1'), vote('time', '20:00', '1')], late),
      makeState(['Sat 2026-12-26'], ['20:00'], [vote('day', 'Sat 2026-12-26', '1'), vote('time', '20:00', '1')], early),
      makeState(['Samstag'], ['20:00'], [vote('day', 'Samstag', '1'), vote('time', '20:00', '1')], makeRaid({ id: 3, minPlayers: 1 })),
    ];
    expect(nextQualifiedSlot(states, BERLIN, new Date('2026-12-20T00:00:00Z'))).toEqual({ raid: early, instant: SAT_20 });
    expect(nextQualifiedSlot(states, BERLIN, new Date('2026-12-26T20:00:00Z'))).toEqual({ raid: late, instant: new Date('2026-12-27T19:00:00Z') });
    expect(nextQualifiedSlot(states, BERLIN, new Date('2026-12-28T00:00:00Z'))).toBeNull();
    expect(nextQualifiedSlot([makeState(['Sat 2026-12-26'], ['20:00'], [], early)], BERLIN, new Date('2026-12-20T00:00:00Z'))).toBeNull();
  });
});

describe('raidExpiry', () => {
  const rules = (now: string, graceHours = 3, zone = BERLIN) => ({ now: new Date(now), zone, graceHours, maxAgeMs: STALE_RAID_AGE_MS });
  const recent = { createdAt: new Date('2026-12-20T00:00:00Z') };

  it('closes a dated raid once its last slot began more than the grace period ago', () => {
    expect(raidExpiry(recent, ['Sat 2026-12-26'], ['18:00', '20:00'], rules('2026-12-26T22:00:00Z'))).toBeNull();
    expect(raidExpiry(recent, ['Sat 2026-12-26'], ['18:00', '20:00'], rules('2026-12-26T22:00:01Z'))).toBe('past');
    expect(raidExpiry(recent, ['Sat 2026-12-26'], ['20:00'], rules('2026-12-26T20:30:00Z', 1))).toBe('past');
  });

  it('reads the last slot in the server’s zone', () => {
    // 20:00 in New York is 01:00 UTC the next day: not over at 02:00 UTC with three hours' grace.
    expect(raidExpiry(recent, ['Sat 2026-12-26'], ['20:00'], rules('2026-12-27T02:00:00Z', 3, 'America/New_York'))).toBeNull();
    expect(raidExpiry(recent, ['Sat 2026-12-26'], ['20:00'], rules('2026-12-27T04:00:01Z', 3, 'America/New_York'))).toBe('past');
  });

  it('never closes a dated raid for its age, however old', () => {
    expect(raidExpiry({ createdAt: new Date('2026-11-01T00:00:00Z') }, ['Sat 2026-12-26'], ['20:00'], rules('2026-12-20T00:00:00Z'))).toBeNull();
  });

  it('keeps the seven-day rule for a raid without dates', () => {
    const created = { createdAt: new Date('2026-12-01T10:00:00Z') };
    expect(raidExpiry(created, ['Samstag'], ['abends'], rules('2026-12-08T09:59:59Z'))).toBeNull();
    expect(raidExpiry(created, ['Samstag'], ['abends'], rules('2026-12-08T10:00:00Z'))).toBe('stale');
    expect(raidExpiry(created, ['Sat 2026-12-26', 'Samstag'], ['20:00'], rules('2026-12-08T10:00:00Z'))).toBe('stale');
  });
});
