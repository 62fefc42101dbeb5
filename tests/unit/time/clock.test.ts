import { clockStartingAt, fixedClock, normaliseTimeZone, isValidTimeZone, systemClock, type Clock } from '../../../src/lib/time';

/** A base clock the test moves by hand. */
function handClock(start: string): Clock & { advance(ms: number): void } {
  let millis = Date.parse(start);
  return { now: () => new Date(millis), advance: (ms) => (millis += ms) };
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
