import { DateTime } from 'luxon';
import { formatDayLabel, formatTimeLabel, localInstant, slotInstant } from '../../../src/lib/time';

function iso(date: { year: number; month: number; day: number }, time: { hour: number; minute: number }, zone: string): string {
  return localInstant(date, time, zone).toISO()!;
}

describe('localInstant: a wall time in a zone, across daylight-saving changes', () => {
  it('an ordinary time is that time with the zone offset of the day', () => {
    expect(iso({ year: 2026, month: 12, day: 26 }, { hour: 20, minute: 0 }, 'Europe/Berlin')).toBe('2026-12-26T20:00:00.000+01:00');
    expect(iso({ year: 2026, month: 7, day: 4 }, { hour: 20, minute: 0 }, 'Europe/Berlin')).toBe('2026-07-04T20:00:00.000+02:00');
  });

  it('Berlin, 2026-03-29 02:30 does not exist: it moves forward by the gap to 03:30 summer time', () => {
    const instant = localInstant({ year: 2026, month: 3, day: 29 }, { hour: 2, minute: 30 }, 'Europe/Berlin');
    expect(instant.toISO()).toBe('2026-03-29T03:30:00.000+02:00');
    expect(instant.toUTC().toISO()).toBe('2026-03-29T01:30:00.000Z');
    // The edges of the gap are ordinary.
    expect(iso({ year: 2026, month: 3, day: 29 }, { hour: 1, minute: 59 }, 'Europe/Berlin')).toBe('2026-03-29T01:59:00.000+01:00');
    expect(iso({ year: 2026, month: 3, day: 29 }, { hour: 2, minute: 0 }, 'Europe/Berlin')).toBe('2026-03-29T03:00:00.000+02:00');
    expect(iso({ year: 2026, month: 3, day: 29 }, { hour: 3, minute: 0 }, 'Europe/Berlin')).toBe('2026-03-29T03:00:00.000+02:00');
  });

  it('Berlin, 2026-10-25 02:30 exists twice: the first one (summer time, +02:00) is taken', () => {
    const instant = localInstant({ year: 2026, month: 10, day: 25 }, { hour: 2, minute: 30 }, 'Europe/Berlin');
    expect(instant.toISO()).toBe('2026-10-25T02:30:00.000+02:00');
    expect(instant.toUTC().toISO()).toBe('2026-10-25T00:30:00.000Z');
    // Luxon alone would have taken the second one here.
    expect(DateTime.fromObject({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, { zone: 'Europe/Berlin' }).offset).toBe(60);
    expect(iso({ year: 2026, month: 10, day: 25 }, { hour: 3, minute: 0 }, 'Europe/Berlin')).toBe('2026-10-25T03:00:00.000+01:00');
  });

  it('Auckland (southern hemisphere, +13/+12): the same rule on its own change dates', () => {
    // 2026-04-05 03:00 NZDT → 02:00 NZST: 02:30 exists twice; the first is +13:00.
    expect(iso({ year: 2026, month: 4, day: 5 }, { hour: 2, minute: 30 }, 'Pacific/Auckland')).toBe('2026-04-05T02:30:00.000+13:00');
    // 2026-09-27 02:00 NZST → 03:00 NZDT: 02:30 does not exist.
    expect(iso({ year: 2026, month: 9, day: 27 }, { hour: 2, minute: 30 }, 'Pacific/Auckland')).toBe('2026-09-27T03:30:00.000+13:00');
  });

  it('New York changes at 02:00 local too: gap forward, overlap first', () => {
    expect(iso({ year: 2026, month: 3, day: 8 }, { hour: 2, minute: 30 }, 'America/New_York')).toBe('2026-03-08T03:30:00.000-04:00');
    expect(iso({ year: 2026, month: 11, day: 1 }, { hour: 1, minute: 30 }, 'America/New_York')).toBe('2026-11-01T01:30:00.000-04:00');
  });

  it('on Kiritimati (UTC+14) a Saturday evening is Saturday morning in UTC, before Berlin has reached Saturday', () => {
    const kiritimati = localInstant({ year: 2026, month: 12, day: 26 }, { hour: 20, minute: 0 }, 'Pacific/Kiritimati');
    expect(kiritimati.toUTC().toISO()).toBe('2026-12-26T06:00:00.000Z');
    expect(kiritimati.setZone('Europe/Berlin').toFormat('ccc yyyy-MM-dd HH:mm')).toBe('Sat 2026-12-26 07:00');
  });

  it('refuses a date that is not in the calendar or an unknown zone', () => {
    expect(() => localInstant({ year: 2026, month: 2, day: 30 }, { hour: 20, minute: 0 }, 'Europe/Berlin')).toThrow(RangeError);
    expect(() => localInstant({ year: 2026, month: 2, day: 3 }, { hour: 20, minute: 0 }, 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('slotInstant: stored labels → instant', () => {
  it('a canonical label pair parses back to exactly the instant it was made from, in several zones, the DST days included', () => {
    const zones = ['Europe/Berlin', 'Pacific/Auckland', 'Pacific/Kiritimati', 'America/New_York', 'UTC'];
    const days = [
      { year: 2026, month: 3, day: 29 },
      { year: 2026, month: 10, day: 25 },
      { year: 2026, month: 9, day: 27 },
      { year: 2026, month: 12, day: 31 },
      { year: 2028, month: 2, day: 29 },
    ];
    const times = [
      { hour: 0, minute: 0 },
      { hour: 2, minute: 30 },
      { hour: 20, minute: 0 },
      { hour: 23, minute: 59 },
    ];
    for (const zone of zones) {
      for (const day of days) {
        for (const time of times) {
          const made = localInstant(day, time, zone);
          const reread = slotInstant(formatDayLabel(day), formatTimeLabel(time), zone);
          expect([zone, formatDayLabel(day), formatTimeLabel(time), reread?.toMillis()]).toEqual([zone, formatDayLabel(day), formatTimeLabel(time), made.toMillis()]);
        }
      }
    }
  });

  it('the same labels mean a different instant in another zone', () => {
    const berlin = slotInstant('Sat 2026-12-26', '20:00', 'Europe/Berlin')!;
    const auckland = slotInstant('Sat 2026-12-26', '20:00', 'Pacific/Auckland')!;
    expect(berlin.toUTC().toISO()).toBe('2026-12-26T19:00:00.000Z');
    expect(auckland.toUTC().toISO()).toBe('2026-12-26T07:00:00.000Z');
  });

  it('labels of the old bot that name no day or time by themselves have no instant', () => {
    for (const [day, time] of [
      ['Samstag', '20:00'],
      ['Sa', '20:00'],
      ['Sat 2026-12-26', 'abends'],
      ['morgen', '20 Uhr'],
      ['24.12.', '20:00'],
      ['Fr 2026-12-26', '20:00'],
    ]) {
      expect([day, time, slotInstant(day!, time!, 'Europe/Berlin')]).toEqual([day, time, null]);
    }
  });

  it("the old bot's later DD.MM.YYYY / HH.MM labels do get their instant", () => {
    expect(slotInstant('26.12.2026', '20.30', 'Europe/Berlin')?.toISO()).toBe('2026-12-26T20:30:00.000+01:00');
  });
});
