import {
  MAX_LABEL_LENGTH,
  parseLabelList,
  parseMinPlayers,
  templateDataJson,
  templateDefaultsFromJson,
  validateRaidInput,
} from '../../../src/lib/raids/parse';

describe('parseLabelList', () => {
  it('splits on commas, semicolons and line breaks, trimming pieces and dropping empty ones', () => {
    expect(parseLabelList(' Mon, Tue;Wed\nThu\r\nFri ;, ;\n\n Sat ')).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']);
  });

  it('drops exact duplicates keeping the first, but keeps labels that differ in case', () => {
    expect(parseLabelList('Mon, Tue;; Mon')).toEqual(['Mon', 'Tue']);
    expect(parseLabelList('Mon, mon, Mon ')).toEqual(['Mon', 'mon']);
  });

  it('keeps spaces inside a label', () => {
    expect(parseLabelList('20:00 Uhr,  Sa  21. Juni ')).toEqual(['20:00 Uhr', 'Sa  21. Juni']);
  });

  it('returns an empty list for blank or separator-only input', () => {
    expect(parseLabelList('')).toEqual([]);
    expect(parseLabelList('  ,;\n ; ')).toEqual([]);
  });

  it('does not cut long lists at 25, so validation can refuse them', () => {
    const labels = Array.from({ length: 30 }, (_, index) => `D${index}`);
    expect(parseLabelList(labels.join(','))).toEqual(labels);
  });
});

describe('parseMinPlayers', () => {
  it.each([
    ['0', 0],
    [' 4 ', 4],
    ['007', 7],
    ['999', 999],
  ])('accepts %p as %p', (text, value) => {
    expect(parseMinPlayers(text)).toEqual({ ok: true, value });
  });

  it.each(['', ' ', '-1', '1000', '3.5', 'abc', '4a', '+3', '1e2'])('refuses %p', (text) => {
    expect(parseMinPlayers(text)).toEqual({ ok: false, error: { code: 'minPlayersInvalid' } });
  });
});

describe('validateRaidInput', () => {
  it('returns the parsed lists and the number when everything is valid', () => {
    expect(validateRaidInput('Mon, Tue', '20:00\n21:00', '3')).toEqual({
      ok: true,
      value: { days: ['Mon', 'Tue'], times: ['20:00', '21:00'], minPlayers: 3 },
    });
  });

  it('refuses a bad minimum before looking at the lists', () => {
    expect(validateRaidInput('', '', 'x')).toEqual({ ok: false, error: { code: 'minPlayersInvalid' } });
  });

  it('refuses missing days, then missing times', () => {
    expect(validateRaidInput(' ,; ', '20:00', '0')).toEqual({ ok: false, error: { code: 'noDays' } });
    expect(validateRaidInput('Mon', ' ', '0')).toEqual({ ok: false, error: { code: 'noTimes' } });
  });

  it('refuses more than 25 distinct days or times and says how many were given', () => {
    const many = (count: number) => Array.from({ length: count }, (_, index) => `L${index}`).join(',');
    expect(validateRaidInput(many(25), many(25), '1').ok).toBe(true);
    expect(validateRaidInput(many(26), '20:00', '1')).toEqual({ ok: false, error: { code: 'tooManyDays', max: 25, count: 26 } });
    expect(validateRaidInput('Mon', many(40), '1')).toEqual({ ok: false, error: { code: 'tooManyTimes', max: 25, count: 40 } });
  });

  it('counts distinct labels, so duplicates do not push a list over the limit', () => {
    const labels = Array.from({ length: 25 }, (_, index) => `L${index}`);
    expect(validateRaidInput([...labels, ...labels].join(','), '20:00', '1').ok).toBe(true);
  });

  it('refuses a label longer than 100 characters and names it', () => {
    const exact = 'x'.repeat(MAX_LABEL_LENGTH);
    const long = 'y'.repeat(MAX_LABEL_LENGTH + 1);
    expect(validateRaidInput(exact, '20:00', '0').ok).toBe(true);
    expect(validateRaidInput(`Mon, ${long}`, '20:00', '0')).toEqual({
      ok: false,
      error: { code: 'labelTooLong', kind: 'day', label: long, max: 100 },
    });
    expect(validateRaidInput('Mon', long, '0')).toEqual({
      ok: false,
      error: { code: 'labelTooLong', kind: 'time', label: long, max: 100 },
    });
  });
});

describe('template data JSON', () => {
  it('writes upstream format with non-ASCII characters kept as they are', () => {
    expect(templateDataJson({ days: ['Mon', 'Dienstag früh'], times: ['20:00'], minPlayers: 3 })).toBe(
      '{"days": ["Mon", "Dienstag früh"], "times": ["20:00"], "min_players": 3}',
    );
    expect(templateDataJson({ days: [], times: [], minPlayers: 0 })).toBe('{"days": [], "times": [], "min_players": 0}');
  });

  it('escapes quotes and backslashes so the result is valid JSON', () => {
    const text = templateDataJson({ days: ['say "hi"', 'a\\b'], times: ['🎮 20:00'], minPlayers: 1 });
    expect(JSON.parse(text)).toEqual({ days: ['say "hi"', 'a\\b'], times: ['🎮 20:00'], min_players: 1 });
  });

  it('reads back what it writes', () => {
    const defaults = { days: ['Sa', 'Só'], times: ['20:00', '21:30'], minPlayers: 5 };
    expect(templateDefaultsFromJson(templateDataJson(defaults))).toEqual(defaults);
  });

  it('reads compact JSON as written by other tools', () => {
    expect(templateDefaultsFromJson('{"days":["Mon"],"times":["20:00"],"min_players":2}')).toEqual({
      days: ['Mon'],
      times: ['20:00'],
      minPlayers: 2,
    });
  });

  it('treats missing lists as empty and re-parses labels like typed input', () => {
    expect(templateDefaultsFromJson('{"min_players": 4}')).toEqual({ days: [], times: [], minPlayers: 4 });
    expect(templateDefaultsFromJson('{"days": ["Mon, Tue", " Mon ", ""], "times": [20]}')).toEqual({
      days: ['Mon', 'Tue'],
      times: ['20'],
      minPlayers: 0,
    });
  });

  it.each([
    ['{"min_players": -3}', 0],
    ['{"min_players": "abc"}', 0],
    ['{"min_players": null}', 0],
    ['{"min_players": "6"}', 6],
    ['{"min_players": 2.9}', 2],
  ])('reads min_players of %s as %p', (text, minPlayers) => {
    expect(templateDefaultsFromJson(text).minPlayers).toBe(minPlayers);
  });

  it.each(['', 'not json', '[1,2]', 'null', '"text"'])('yields empty defaults for %p', (text) => {
    expect(templateDefaultsFromJson(text)).toEqual({ days: [], times: [], minPlayers: 0 });
  });
});
