import { validateRaidInput, type RaidInputError } from '../../../src/lib/raids/parse';
import {
  raidInputErrorText,
  renderDungeonList,
  renderVoteSummary,
} from '../../../src/lib/raids/render';
import { everyoneVotesEverything, makeState, markdownLabels, snowflake, vote } from './fixtures';
import { expectMessageWithinLimits } from './limits';

describe('renderVoteSummary', () => {
  const member = snowflake(1);
  const other = snowflake(2);

  it("lists the member's days and times in option order, and only theirs", () => {
    const state = makeState(
      ['Fri', 'Sat', 'Sun'],
      ['18:00', '20:00'],
      [vote('day', 'Sun', member), vote('day', 'Fri', member), vote('day', 'Sat', other), vote('time', '20:00', other)],
    );
    const payload = renderVoteSummary(state, member, 'en-US');
    expect(payload.content).toBe('Your choices for raid `12` (Nanos Lair):\n**Days:** Fri, Sun\n**Times:** none');
    expect(payload.allowed_mentions).toEqual({ parse: [] });
  });

  it('says "keine" in German when nothing is chosen', () => {
    const payload = renderVoteSummary(makeState(['Sa'], ['20:00']), member, 'de');
    expect(payload.content).toBe('Deine Auswahl für Raid `12` (Nanos Lair):\n**Tage:** keine\n**Uhrzeiten:** keine');
  });

  it('stays within 2000 characters with 25 + 25 chosen labels of 100 markdown characters, keeping every label', () => {
    const days = markdownLabels(25);
    const times = markdownLabels(25).map((label) => `t${label}`.slice(0, 100));
    const state = makeState(days, times, everyoneVotesEverything(days, times, [member]));
    for (const locale of ['en-US', 'de']) {
      const payload = renderVoteSummary(state, member, locale);
      expectMessageWithinLimits(payload);
      const [, dayLine, timeLine] = payload.content.split('\n');
      expect(dayLine!.split(', ')).toHaveLength(25);
      expect(timeLine!.split(', ')).toHaveLength(25);
    }
  });
});

describe('raidInputErrorText', () => {
  const cases: Array<[string, [string, string, string]]> = [
    ['noDays', ['', '20:00', '4']],
    ['noTimes', ['Sat', '', '4']],
    ['tooManyDays', [Array.from({ length: 26 }, (_, i) => `d${i}`).join(','), '20:00', '4']],
    ['tooManyTimes', ['Sat', Array.from({ length: 30 }, (_, i) => `t${i}`).join(','), '4']],
    ['labelTooLong', ['x'.repeat(150), '20:00', '4']],
    ['labelTooLong', ['Sat', 'y'.repeat(101), '4']],
    ['minPlayersInvalid', ['Sat', '20:00', 'abc']],
  ];

  it.each(cases)('%s has a distinct text with its numbers in both languages', (code, [days, times, min]) => {
    const result = validateRaidInput(days, times, min);
    if (result.ok) throw new Error('expected an error');
    const error: RaidInputError = result.error;
    expect(error.code).toBe(code);
    const english = raidInputErrorText(error, 'en-US');
    const german = raidInputErrorText(error, 'de');
    expect(english).not.toBe(german);
    if ('count' in error) for (const text of [english, german]) expect(text).toContain(String(error.count));
    if ('max' in error) for (const text of [english, german]) expect(text).toContain(String(error.max));
    if (error.code === 'minPlayersInvalid') expect(english).toContain('999');
    if (error.code === 'labelTooLong') {
      expect(english).toContain(error.kind === 'day' ? 'day' : 'time');
      expect(english.length).toBeLessThan(200);
    }
  });

  it('every code maps to a different text', () => {
    const texts = new Set(cases.map(([, input]) => validateRaidInput(...input)).map((result) => (result.ok ? '' : raidInputErrorText(result.error, 'en-US'))));
    expect(texts.size).toBe(cases.length);
  });
});

describe('renderDungeonList', () => {
  it('lists the dungeons in the given order', () => {
    const payload = renderDungeonList([{ name: 'Nanos Lair' }, { name: 'Skull_Temple' }], 'en-US');
    expect(payload.content).toBe('**Active dungeons**\n- Nanos Lair\n- Skull\\_Temple');
  });

  it('says so when none is active', () => {
    expect(renderDungeonList([], 'de').content).toBe('Keine aktiven Dungeons.');
  });

  it('caps a huge catalogue within 2000 characters', () => {
    const dungeons = Array.from({ length: 300 }, (_, index) => ({ name: `${index}`.padEnd(100, '*') }));
    const payload = renderDungeonList(dungeons, 'en-US');
    expectMessageWithinLimits(payload);
    const lines = payload.content.split('\n');
    expect(lines.length - 2 + Number(/\+(\d+)/.exec(lines.at(-1)!)![1])).toBe(300);
  });
});
