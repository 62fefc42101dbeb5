import { daysInDateOrder, slotGrid, timesInClockOrder } from '../../../src/lib/raids/slot-grid';
import { makeRaid, makeState, snowflake, vote } from '../render/fixtures';

const [alice, bob, carol] = [snowflake(1), snowflake(2), snowflake(3)];
const unix = (grid: ReturnType<typeof slotGrid>, day: string, time: string) =>
  grid.days.find((entry) => entry.label === day)!.slots.find((slot) => slot.time === time)!.instant!.toSeconds();

describe('day and time order', () => {
  it('puts dated days in date order and times in clock order', () => {
    expect(daysInDateOrder(['Sun 2026-12-27', 'Sat 2026-12-26', 'Fri 2027-01-01'])).toEqual(['Sat 2026-12-26', 'Sun 2026-12-27', 'Fri 2027-01-01']);
    expect(timesInClockOrder(['21:00', '08:30', '20:00'])).toEqual(['08:30', '20:00', '21:00']);
  });

  it('keeps the given order when a label names no date or time (raids of the old bot)', () => {
    expect(daysInDateOrder(['Samstag', 'Sat 2026-12-26', 'Freitag'])).toEqual(['Samstag', 'Sat 2026-12-26', 'Freitag']);
    expect(timesInClockOrder(['abends', '18:00'])).toEqual(['abends', '18:00']);
  });
});

describe('slotGrid', () => {
  const days = ['Sun 2026-03-29', 'Sat 2026-03-28'];
  const times = ['20:00', '02:30'];

  it('counts per day × time the members sharing it, marks qualified slots and ranks the best first', () => {
    const votes = [
      ...[alice, bob].flatMap((user) => [vote('day', 'Sun 2026-03-29', user), vote('time', '20:00', user)]),
      vote('day', 'Sat 2026-03-28', carol),
      vote('time', '02:30', carol),
      vote('time', '20:00', carol),
    ];
    const grid = slotGrid(makeState(days, times, votes, makeRaid({ minPlayers: 2 })), 'Europe/Berlin');
    expect(grid.days.map((day) => day.label)).toEqual(['Sat 2026-03-28', 'Sun 2026-03-29']);
    expect(grid.days[0]!.slots.map((slot) => [slot.time, slot.count, slot.qualified])).toEqual([
      ['02:30', 1, false],
      ['20:00', 1, false],
    ]);
    expect(grid.ranked.map((slot) => `${slot.day} ${slot.time} ${slot.count}`)).toEqual([
      'Sun 2026-03-29 20:00 2',
      'Sat 2026-03-28 02:30 1',
      'Sat 2026-03-28 20:00 1',
      'Sun 2026-03-29 02:30 0',
    ]);
    expect(grid.ranked[0]!.qualified).toBe(true);
  });

  it('places each slot in the zone, across the daylight-saving change', () => {
    const berlin = slotGrid(makeState(days, times), 'Europe/Berlin');
    // 2026-03-28 20:00 CET = 19:00 UTC; 2026-03-29 20:00 CEST = 18:00 UTC.
    expect(unix(berlin, 'Sat 2026-03-28', '20:00')).toBe(Date.UTC(2026, 2, 28, 19) / 1000);
    expect(unix(berlin, 'Sun 2026-03-29', '20:00')).toBe(Date.UTC(2026, 2, 29, 18) / 1000);
    // 02:30 does not exist on the 29th in Berlin: moved forward by the gap, 03:30 CEST = 01:30 UTC.
    expect(unix(berlin, 'Sun 2026-03-29', '02:30')).toBe(Date.UTC(2026, 2, 29, 1, 30) / 1000);
    const newYork = slotGrid(makeState(days, times), 'America/New_York');
    expect(unix(newYork, 'Sat 2026-03-28', '20:00')).toBe(Date.UTC(2026, 2, 29, 0) / 1000);
  });

  it('gives labels that name no day or time no instant', () => {
    const grid = slotGrid(makeState(['Samstag'], ['abends', '20:00'], [vote('day', 'Samstag', alice), vote('time', 'abends', alice)]), 'Europe/Berlin');
    expect(grid.days[0]!.slots.map((slot) => slot.instant)).toEqual([null, null]);
    expect(grid.ranked.map((slot) => [slot.day, slot.time, slot.count])).toEqual([
      ['Samstag', 'abends', 1],
      ['Samstag', '20:00', 0],
    ]);
  });
});
