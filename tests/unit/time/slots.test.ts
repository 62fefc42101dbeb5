import { t } from '../../../src/lib/i18n';
import { discordTimestamp, slotTimestamp, timeInputErrorText, validateSlotInput, type TimeInputError } from '../../../src/lib/time';

const BERLIN = 'Europe/Berlin';
/** Saturday 2026-12-26, 18:00 in Berlin. */
const SATURDAY_EVENING = new Date('2026-12-26T17:00:00Z');

function validate(days: string[], times: string[], now = SATURDAY_EVENING, zone = BERLIN) {
  return validateSlotInput(days, times, { now, zone });
}

function errorOf(days: string[], times: string[], now = SATURDAY_EVENING, zone = BERLIN): TimeInputError {
  const result = validate(days, times, now, zone);
  if (result.ok) throw new Error(`expected an error for ${JSON.stringify({ days, times })}`);
  return result.error;
}

describe('validateSlotInput: the modal days × times', () => {
  it('turns German and English input into canonical labels in typed order', () => {
    expect(validate(['Sa', 'Sonntag', 'Mon', '31.12.', '2027-01-02', 'morgen'], ['20 Uhr', '8:30pm', '21.15'])).toEqual({
      ok: true,
      value: {
        days: ['Sat 2026-12-26', 'Sun 2026-12-27', 'Mon 2026-12-28', 'Thu 2026-12-31', 'Sat 2027-01-02'],
        times: ['20:00', '20:30', '21:15'],
      },
    });
  });

  it('drops days and times that turn out to be the same (kept once, first wins)', () => {
    expect(validate(['So', 'morgen', '27.12.', 'Sun 2026-12-27'], ['20', '20:00', '8pm'])).toEqual({
      ok: true,
      value: { days: ['Sun 2026-12-27'], times: ['20:00'] },
    });
  });

  it("today's weekday with every time still ahead is today; with the earliest time passed it is next week", () => {
    expect(validate(['Sa'], ['19:00', '21:00'])).toMatchObject({ value: { days: ['Sat 2026-12-26'] } });
    expect(validate(['Sa'], ['21:00', '17:00'])).toMatchObject({ value: { days: ['Sat 2027-01-02'], times: ['21:00', '17:00'] } });
  });

  it('the canonical labels are accepted again as input, unchanged', () => {
    const first = validate(['Sa', 'morgen', '24.12.'], ['20 Uhr']);
    if (!first.ok) throw new Error('should be valid');
    expect(validate([...first.value.days], [...first.value.times])).toEqual(first);
  });

  it('names the first unreadable day, then the first unreadable time', () => {
    expect(errorOf(['Sa', 'Wochenende', 'Mittwochs'], ['abends'])).toEqual({ code: 'dayUnreadable', input: 'Wochenende' });
    expect(errorOf(['Sa', '31.02.'], ['20', 'abends', '25:00'])).toEqual({ code: 'timeUnreadable', input: 'abends' });
  });

  it('names a day not in the calendar and a weekday that does not match its date', () => {
    expect(errorOf(['Sa', '31.02.'], ['20'])).toEqual({ code: 'dateInvalid', input: '31.02.' });
    expect(errorOf(['Fr 26.12.2026'], ['20'])).toEqual({ code: 'weekdayMismatch', input: 'Fr 26.12.2026', date: { year: 2026, month: 12, day: 26 } });
  });

  it('refuses a slot already in the past, naming the day and earliest time as typed and as read', () => {
    const error = errorOf(['morgen', 'heute'], ['20:00', '17:30']);
    expect(error).toMatchObject({ code: 'slotInPast', dayInput: 'heute', timeInput: '17:30', dayLabel: 'Sat 2026-12-26', timeLabel: '17:30' });
    expect(error.code === 'slotInPast' && error.instant.toUTC().toISO()).toBe('2026-12-26T16:30:00.000Z');
    // A slot starting right now is not ahead either.
    expect(errorOf(['heute'], ['18:00'])).toMatchObject({ code: 'slotInPast', timeLabel: '18:00' });
    expect(validate(['heute'], ['18:01']).ok).toBe(true);
    expect(errorOf(['2026-12-01'], ['20'])).toMatchObject({ code: 'slotInPast', dayLabel: 'Tue 2026-12-01' });
  });

  it('judges the past in the server zone: the same input is fine in Berlin and past in Auckland', () => {
    // 18:00 in Berlin is already 06:00 on Sunday in Auckland.
    expect(validate(['heute'], ['20:00'], SATURDAY_EVENING, 'Europe/Berlin')).toMatchObject({ ok: true, value: { days: ['Sat 2026-12-26'] } });
    expect(validate(['heute'], ['20:00'], SATURDAY_EVENING, 'Pacific/Auckland')).toMatchObject({ ok: true, value: { days: ['Sun 2026-12-27'] } });
    expect(errorOf(['heute'], ['05:00'], SATURDAY_EVENING, 'Pacific/Auckland')).toMatchObject({ code: 'slotInPast', dayLabel: 'Sun 2026-12-27' });
  });

  it('a slot in the daylight-saving gap is accepted and stored as typed', () => {
    const night = new Date('2026-03-28T22:00:00Z');
    expect(validate(['29.03.'], ['02:30'], night)).toEqual({ ok: true, value: { days: ['Sun 2026-03-29'], times: ['02:30'] } });
  });
});

describe('timeInputErrorText: localized, naming the piece, with examples', () => {
  const errors: Exclude<TimeInputError, { code: 'slotInPast' }>[] = [
    { code: 'dayUnreadable', input: 'Wochenende' },
    { code: 'dateInvalid', input: '31.02.' },
    { code: 'weekdayMismatch', input: 'Fr 26.12.2026', date: { year: 2026, month: 12, day: 26 } },
    { code: 'timeUnreadable', input: 'abends' },
  ];

  it.each(errors)('$code names the typed piece in both languages', (error) => {
    for (const locale of ['de', 'en-US']) expect(timeInputErrorText(error, locale)).toContain(error.input);
  });

  it('unreadable pieces show accepted examples in the member language', () => {
    expect(timeInputErrorText(errors[0]!, 'de')).toMatch(/Den Tag „Wochenende“ .*24\.12\., 24\.12\.2026, 2026-12-24, 24\/12, Sa, Samstag, heute oder morgen/);
    expect(timeInputErrorText(errors[0]!, 'en-GB')).toMatch(/the day "Wochenende".*24\.12\., 24\.12\.2026, 2026-12-24, 24\/12, Sat, Saturday, today or tomorrow/);
    expect(timeInputErrorText(errors[3]!, 'de')).toMatch(/Uhrzeit „abends“.*20, 20:00, 20\.30, 8pm oder 20 Uhr/);
    expect(timeInputErrorText(errors[3]!, 'en-US')).toMatch(/time "abends".*20, 20:00, 20\.30, 8pm or 20 Uhr/);
  });

  it('a weekday mismatch says which weekday the date really is', () => {
    expect(timeInputErrorText(errors[2]!, 'de')).toContain('Der 26.12.2026 ist ein Samstag.');
    expect(timeInputErrorText(errors[2]!, 'en-US')).toContain('2026-12-26 is a Saturday.');
  });

  it('a past slot shows what it was read as and a relative Discord timestamp', () => {
    const result = validateSlotInput(['heute'], ['17:30'], { now: SATURDAY_EVENING, zone: BERLIN });
    if (result.ok) throw new Error('should be in the past');
    const unix = Date.parse('2026-12-26T16:30:00Z') / 1000;
    expect(timeInputErrorText(result.error, 'de')).toBe(
      t('de', 'time.errors.slotInPast', { dayInput: 'heute', timeInput: '17:30', slot: 'Sat 2026-12-26 17:30', when: `<t:${unix}:R>` }),
    );
    expect(timeInputErrorText(result.error, 'de')).toContain('liegt schon in der Vergangenheit');
  });

  it('markdown in typed pieces is shown as typed, and long pieces are shortened', () => {
    const text = timeInputErrorText({ code: 'dayUnreadable', input: `**${'x'.repeat(90)}` }, 'en-US');
    expect(text).toContain('\\*\\*xxx');
    expect(text).not.toContain('x'.repeat(70));
  });
});

describe('Discord timestamps', () => {
  it('are <t:UNIX:STYLE> in whole seconds, rounded down', () => {
    const instant = new Date('2026-12-26T19:00:00.999Z');
    expect(discordTimestamp(instant, 'F')).toBe('<t:1798311600:F>');
    expect(discordTimestamp(instant, 'R')).toBe('<t:1798311600:R>');
    expect(slotTimestamp(instant)).toBe('<t:1798311600:F> (<t:1798311600:R>)');
  });
});
