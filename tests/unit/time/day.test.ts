import { dateOfDayLabel, formatDayLabel, readDay, resolveDay, templateDayInput, type DaySpec } from '../../../src/lib/time';

const BERLIN = 'Europe/Berlin';
/** Saturday 2026-12-26, 18:00 in Berlin. */
const SATURDAY_EVENING = new Date('2026-12-26T17:00:00Z');

function resolve(text: string, now: Date, zone = BERLIN, earliestTime?: { hour: number; minute: number }) {
  const spec = readDay(text);
  if (spec === null) throw new Error(`${text} should be readable`);
  return resolveDay(spec, { now, zone, earliestTime });
}

function dateOf(text: string, now: Date, zone = BERLIN, earliestTime?: { hour: number; minute: number }): string {
  const resolved = resolve(text, now, zone, earliestTime);
  if (!resolved.ok) throw new Error(`${text} should resolve, got ${resolved.code}`);
  return formatDayLabel(resolved.date);
}

describe('readDay: what a typed day says, in German and English', () => {
  it.each<[string, DaySpec]>([
    ['24.12.', { kind: 'date', day: 24, month: 12, year: null, weekday: null }],
    ['24.12', { kind: 'date', day: 24, month: 12, year: null, weekday: null }],
    ['1.2.', { kind: 'date', day: 1, month: 2, year: null, weekday: null }],
    ['24.12.2026', { kind: 'date', day: 24, month: 12, year: 2026, weekday: null }],
    ['24.12.26', { kind: 'date', day: 24, month: 12, year: 2026, weekday: null }],
    ['2026-12-24', { kind: 'date', day: 24, month: 12, year: 2026, weekday: null }],
    ['24/12', { kind: 'date', day: 24, month: 12, year: null, weekday: null }],
    ['24/12/2026', { kind: 'date', day: 24, month: 12, year: 2026, weekday: null }],
    ['Mo', { kind: 'weekday', weekday: 1 }],
    ['Montag', { kind: 'weekday', weekday: 1 }],
    ['Mon', { kind: 'weekday', weekday: 1 }],
    ['monday', { kind: 'weekday', weekday: 1 }],
    ['Di', { kind: 'weekday', weekday: 2 }],
    ['Tue', { kind: 'weekday', weekday: 2 }],
    ['Mittwoch', { kind: 'weekday', weekday: 3 }],
    ['Wed', { kind: 'weekday', weekday: 3 }],
    ['Do', { kind: 'weekday', weekday: 4 }],
    ['Thursday', { kind: 'weekday', weekday: 4 }],
    ['Fr.', { kind: 'weekday', weekday: 5 }],
    ['Fri', { kind: 'weekday', weekday: 5 }],
    ['Sa', { kind: 'weekday', weekday: 6 }],
    ['SAMSTAG', { kind: 'weekday', weekday: 6 }],
    ['Sonnabend', { kind: 'weekday', weekday: 6 }],
    ['Sat', { kind: 'weekday', weekday: 6 }],
    ['So', { kind: 'weekday', weekday: 7 }],
    ['Sonntag', { kind: 'weekday', weekday: 7 }],
    ['Sun', { kind: 'weekday', weekday: 7 }],
    ['heute', { kind: 'relative', daysFromToday: 0 }],
    ['Today', { kind: 'relative', daysFromToday: 0 }],
    ['morgen', { kind: 'relative', daysFromToday: 1 }],
    ['tomorrow', { kind: 'relative', daysFromToday: 1 }],
    ['Sat 2026-12-26', { kind: 'date', day: 26, month: 12, year: 2026, weekday: 6 }],
    ['Sa, 26.12.', { kind: 'date', day: 26, month: 12, year: null, weekday: 6 }],
    ['Samstag 26.12.2026', { kind: 'date', day: 26, month: 12, year: 2026, weekday: 6 }],
    ['  sa   26.12.  ', { kind: 'date', day: 26, month: 12, year: null, weekday: 6 }],
  ])('%p', (input, spec) => {
    expect(readDay(input)).toEqual(spec);
  });

  it.each(['', 'Samstagabend', 'Wochenende', 'next Saturday', 'Sa 20:00', '24-12-2026', '24.12.202', '2026/12/24', 'x 24.12.', 'übermorgen', '24. Dezember'])(
    '%p cannot be read',
    (input) => {
      expect(readDay(input)).toBeNull();
    },
  );
});

describe('resolveDay: a typed day in the calendar of the server', () => {
  it('heute and morgen are today and tomorrow in the server zone', () => {
    expect(dateOf('heute', SATURDAY_EVENING)).toBe('Sat 2026-12-26');
    expect(dateOf('today', SATURDAY_EVENING)).toBe('Sat 2026-12-26');
    expect(dateOf('morgen', SATURDAY_EVENING)).toBe('Sun 2026-12-27');
    expect(dateOf('tomorrow', new Date('2026-12-31T12:00:00Z'))).toBe('Fri 2027-01-01');
  });

  it('a weekday is the next such day from today on', () => {
    expect(dateOf('So', SATURDAY_EVENING)).toBe('Sun 2026-12-27');
    expect(dateOf('Mo', SATURDAY_EVENING)).toBe('Mon 2026-12-28');
    expect(dateOf('Friday', SATURDAY_EVENING)).toBe('Fri 2027-01-01');
  });

  it("today's weekday is today while the earliest time is still ahead, and next week once it has passed", () => {
    expect(dateOf('Sa', SATURDAY_EVENING, BERLIN, { hour: 19, minute: 0 })).toBe('Sat 2026-12-26');
    expect(dateOf('Sa', SATURDAY_EVENING, BERLIN, { hour: 18, minute: 1 })).toBe('Sat 2026-12-26');
    // At 18:00 sharp a slot at 18:00 is no longer ahead.
    expect(dateOf('Sa', SATURDAY_EVENING, BERLIN, { hour: 18, minute: 0 })).toBe('Sat 2027-01-02');
    expect(dateOf('Samstag', SATURDAY_EVENING, BERLIN, { hour: 9, minute: 0 })).toBe('Sat 2027-01-02');
    // Without a time, the day itself is still ahead.
    expect(dateOf('Sa', SATURDAY_EVENING)).toBe('Sat 2026-12-26');
  });

  it('a date without a year is the next such date, today included, across the turn of the year', () => {
    expect(dateOf('24.12.', new Date('2026-12-27T10:00:00Z'))).toBe('Fri 2027-12-24');
    expect(dateOf('24.12.', new Date('2027-01-10T10:00:00Z'))).toBe('Fri 2027-12-24');
    expect(dateOf('24.12.', new Date('2026-12-20T10:00:00Z'))).toBe('Thu 2026-12-24');
    expect(dateOf('24.12.', new Date('2026-12-24T21:00:00Z'))).toBe('Thu 2026-12-24');
    expect(dateOf('24/12', new Date('2026-12-25T10:00:00Z'))).toBe('Fri 2027-12-24');
    expect(dateOf('1.1.', new Date('2026-12-31T22:00:00Z'))).toBe('Fri 2027-01-01');
    expect(dateOf('29.02.', new Date('2026-03-01T10:00:00Z'))).toBe('Tue 2028-02-29');
  });

  it('"today" follows the server zone, on either side of the date line', () => {
    // 10:30 UTC: Saturday morning in Berlin, already Sunday on Kiritimati (UTC+14), still Friday in Pago Pago (UTC-11).
    const instant = new Date('2026-12-26T10:30:00Z');
    expect(dateOf('heute', instant, 'Europe/Berlin')).toBe('Sat 2026-12-26');
    expect(dateOf('heute', instant, 'Pacific/Kiritimati')).toBe('Sun 2026-12-27');
    expect(dateOf('heute', instant, 'Pacific/Pago_Pago')).toBe('Fri 2026-12-25');
    expect(dateOf('Sa', instant, 'Pacific/Kiritimati')).toBe('Sat 2027-01-02');
    expect(dateOf('Sa', instant, 'Pacific/Pago_Pago')).toBe('Sat 2026-12-26');
    expect(dateOf('24.12.', new Date('2026-12-24T11:30:00Z'), 'Pacific/Kiritimati')).toBe('Fri 2027-12-24');
  });

  it.each(['31.02.', '30.02.2028', '31.04.2027', '2026-13-01', '0.5.', '32.1.', '29.02.2027'])('%p is not in the calendar', (input) => {
    expect(resolve(input, SATURDAY_EVENING)).toEqual({ ok: false, code: 'dateInvalid' });
  });

  it('a weekday that does not match its date is refused with the real weekday', () => {
    expect(resolve('Fr 26.12.2026', SATURDAY_EVENING)).toEqual({ ok: false, code: 'weekdayMismatch', date: { year: 2026, month: 12, day: 26 } });
    expect(resolve('Sat 26.12.', SATURDAY_EVENING)).toEqual({ ok: true, date: { year: 2026, month: 12, day: 26 } });
  });
});

describe('canonical day labels', () => {
  it('are "<weekday> <ISO date>" and parse back to the same date, for every day of three years', () => {
    for (let day = new Date(Date.UTC(2026, 0, 1)); day.getUTCFullYear() < 2029; day = new Date(day.getTime() + 86_400_000)) {
      const date = { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate() };
      const label = formatDayLabel(date);
      expect(label).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{4}-\d{2}-\d{2}$/);
      expect(dateOfDayLabel(label)).toEqual(date);
    }
    expect(formatDayLabel({ year: 2026, month: 3, day: 9 })).toBe('Mon 2026-03-09');
  });

  it('a typed date with its year names a day by itself; anything relative to today does not', () => {
    expect(dateOfDayLabel('26.12.2026')).toEqual({ year: 2026, month: 12, day: 26 });
    expect(dateOfDayLabel('Sa 26.12.2026')).toEqual({ year: 2026, month: 12, day: 26 });
    for (const label of ['Samstag', 'Sa', 'morgen', '24.12.', 'Fri 2026-12-26', '31.02.2026', 'Raid am Samstag', '']) {
      expect([label, dateOfDayLabel(label)]).toEqual([label, null]);
    }
  });

  it('a template prefills the weekday of a canonical label and leaves other labels alone', () => {
    expect(templateDayInput('Sat 2026-12-26')).toBe('Sat');
    expect(templateDayInput('Mon 2027-01-04')).toBe('Mon');
    expect(templateDayInput('26.12.2026')).toBe('26.12.2026');
    expect(templateDayInput('Samstag')).toBe('Samstag');
    expect(templateDayInput('Fri 2026-12-26')).toBe('Fri 2026-12-26');
  });
});
