import { clockStartingAt, fixedClock, normaliseTimeZone, isValidTimeZone, systemClock, type Clock } from '../../../src/lib/time';

/** A base clock the test moves by hand. */
function handClock(start: string): Clock & { advance(ms: number): void } {
  let millis = Date.parse(start);
  return { now: () => new Date(millis), realMsUntil: (at) => Math.max(0, at.getTime() - millis), advance: (ms) => (millis += ms) };
}

describe('clocks', () => {
  it('the system clock reads the machine time', () => {
    const before = Date.now();
    const read = systemClock.now().getTime();
    expect(read).toBeGreaterThanOrEqual(before);
    expect(read).toBeLessThanOrEqual(Date.now());
  });

  it('a fixed clock always reads its instant, and a caller cannot move it', () => {
    const clock = fixedClock(new Date('2026-03-28T23:00:00Z'));
    clock.now().setTime(0);
    expect(clock.now().toISOString()).toBe('2026-03-28T23:00:00.000Z');
  });

  it('a clock starting at an instant reads it first and then runs at the speed of its base', () => {
    const base = handClock('2030-01-01T00:00:00Z');
    const clock = clockStartingAt(new Date('2026-03-29T00:59:00Z'), base);
    expect(clock.now().toISOString()).toBe('2026-03-29T00:59:00.000Z');
    base.advance(90_000);
    expect(clock.now().toISOString()).toBe('2026-03-29T01:00:30.000Z');
  });

  it('a faster clock runs at its speed, and real waits shrink by the same factor', () => {
    const base = handClock('2030-01-01T00:00:00Z');
    const clock = clockStartingAt(new Date('2026-12-24T19:00:00Z'), base, 60);
    base.advance(1_000);
    expect(clock.now().toISOString()).toBe('2026-12-24T19:01:00.000Z');
    expect(clock.realMsUntil(new Date('2026-12-24T19:15:00Z'))).toBe(14_000);
    expect(clock.realMsUntil(new Date('2026-12-24T18:00:00Z'))).toBe(0);
    expect(() => clockStartingAt(new Date(), base, 0)).toThrow(RangeError);
  });

  it('real waits on ordinary clocks equal the clock difference, never negative', () => {
    const fixed = fixedClock(new Date('2026-12-24T19:00:00Z'));
    expect(fixed.realMsUntil(new Date('2026-12-24T19:00:02Z'))).toBe(2_000);
    expect(fixed.realMsUntil(new Date('2026-12-24T18:00:00Z'))).toBe(0);
    expect(systemClock.realMsUntil(new Date(Date.now() + 60_000))).toBeGreaterThan(59_000);
  });

  it('on the system clock it advances with real time', async () => {
    const clock = clockStartingAt(new Date('2026-10-25T00:00:00Z'));
    const first = clock.now().getTime();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(clock.now().getTime() - first).toBeGreaterThanOrEqual(15);
    expect(clock.now().getTime() - Date.parse('2026-10-25T00:00:00Z')).toBeLessThan(5_000);
  });
});

describe('time-zone names', () => {
  it.each([
    ['Europe/Berlin', 'Europe/Berlin'],
    ['europe/berlin', 'Europe/Berlin'],
    ['PACIFIC/KIRITIMATI', 'Pacific/Kiritimati'],
    ['utc', 'UTC'],
    ['  America/New_York ', 'America/New_York'],
    ['CET', 'CET'],
  ])('%p is the zone %p', (input, name) => {
    expect(normaliseTimeZone(input)).toBe(name);
  });

  it.each(['', 'Mars/Olympus', 'UTC+1', 'GMT+01:00', 'Berlin'])('%p is no IANA zone', (input) => {
    expect(normaliseTimeZone(input)).toBeNull();
    expect(isValidTimeZone(input)).toBe(false);
  });
});
