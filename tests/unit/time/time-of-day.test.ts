import { formatTimeLabel, parseTime } from '../../../src/lib/time';

describe('parseTime: times as members type them', () => {
  it.each([
    ['20', '20:00'],
    ['20:00', '20:00'],
    ['20.30', '20:30'],
    ['8:05', '08:05'],
    ['0', '00:00'],
    ['00:00', '00:00'],
    ['23:59', '23:59'],
    ['20 Uhr', '20:00'],
    ['20uhr', '20:00'],
    ['20:30 Uhr', '20:30'],
    ['20.30 UHR', '20:30'],
    ['20h', '20:00'],
    ['8pm', '20:00'],
    ['8 PM', '20:00'],
    ['8:30pm', '20:30'],
    ['8.30 p.m.', '20:30'],
    ['9am', '09:00'],
    ['9 a.m.', '09:00'],
    ['12am', '00:00'],
    ['12pm', '12:00'],
    ['12:15 am', '00:15'],
    ['  21:00  ', '21:00'],
    // Full-width digits from a phone keyboard are the same digits.
    ['２０:００', '20:00'],
  ])('%p is %p', (input, label) => {
    const time = parseTime(input);
    expect(time).not.toBeNull();
    expect(formatTimeLabel(time!)).toBe(label);
  });

  it.each([
    '24:00', '25', '20:60', '20:5', '-1', '13pm', '0am', '20:00:00', 'abends', 'evening', '8 Uhr abends', '20,30', '2000', '', 'pm', '20 uhr pm', '20:00 am',
  ])('%p cannot be read', (input) => {
    expect(parseTime(input)).toBeNull();
  });

  it('the stored form parses back to itself for every minute of the day', () => {
    for (let hour = 0; hour < 24; hour += 1) {
      for (let minute = 0; minute < 60; minute += 1) {
        const label = formatTimeLabel({ hour, minute });
        expect(label).toMatch(/^\d\d:\d\d$/);
        expect(parseTime(label)).toEqual({ hour, minute });
      }
    }
  });
});
