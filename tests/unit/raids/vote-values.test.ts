import { matchSubmittedOptions, parseRaidOptionValue, raidOptionValue } from '../../../src/lib/raids/vote-values';

describe('vote select values', () => {
  it('vote select values are option ids and parse back', () => {
    expect(parseRaidOptionValue(raidOptionValue(913))).toBe(913);
    expect(parseRaidOptionValue('Mon')).toBeNull();
    expect(parseRaidOptionValue('0')).toBeNull();
    expect(parseRaidOptionValue('')).toBeNull();
  });
});

describe('matchSubmittedOptions', () => {
  const options = (...labels: string[]) => labels.map((label, index) => ({ id: 100 + index, label }));

  it('resolves option ids, the values the planner selects carry', () => {
    expect(matchSubmittedOptions(options('Mon', 'Tue', 'Wed'), ['102', '100', '100'])).toEqual(['Wed', 'Mon']);
  });

  it('takes values that are no option id as labels (planners of the old bot), and drops unknown ones', () => {
    expect(matchSubmittedOptions(options('Mon', '20'), ['20', ' mon ', '999', 'Sun'])).toEqual(['20', 'Mon']);
  });

  it('prefers the exact label when two labels differ only in case', () => {
    expect(matchSubmittedOptions(options('Mon', 'mon'), ['mon'])).toEqual(['mon']);
    expect(matchSubmittedOptions(options('Mon', 'mon'), ['Mon'])).toEqual(['Mon']);
    expect(matchSubmittedOptions(options('Mon', 'mon'), ['MON'])).toEqual(['mon']);
  });
});
