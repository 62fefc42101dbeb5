import { fitItems, joinWithinLimit, listWithShortenedLabels, markdownSafe, truncate } from '../../../src/lib/discord/text';

describe('markdownSafe', () => {
  it.each([
    ['*Sat*', '\\*Sat\\*'],
    ['***', '\\*\\*\\*'],
    ['__b__', '\\_\\_b\\_\\_'],
    ['~~x~~ ||y|| `z`', '\\~\\~x\\~\\~ \\|\\|y\\|\\| \\`z\\`'],
    ['[x](http://y)', '\\[x\\]\\(http://y\\)'],
    ['<@123> <#1> <@&2>', '\\<@123\\> \\<#1\\> \\<@&2\\>'],
    ['a\\*b', 'a\\\\\\*b'],
    ['# head', '\\# head'],
    ['> quote', '\\> quote'],
    ['- item', '\\- item'],
    ['+ item', '\\+ item'],
    ['1. item', '1\\. item'],
    ['19:00-21:00', '19:00-21:00'],
    ['20.02.2026', '20.02.2026'],
    ['-# small', '\\-# small'],
    ['#hashtag', '#hashtag'],
    ['Plain Name 42', 'Plain Name 42'],
  ])('%j → %j', (input, expected) => {
    expect(markdownSafe(input)).toBe(expected);
  });

  it('at most doubles the length', () => {
    const nasty = '*_~`|[]()<>\\'.repeat(10);
    expect(markdownSafe(nasty).length).toBeLessThanOrEqual(2 * nasty.length);
  });
});

describe('truncate', () => {
  it('leaves short text alone and marks a cut with an ellipsis', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abcdef', 4)).toHaveLength(4);
  });

  it('never splits a surrogate pair', () => {
    const cut = truncate('a😀😀😀', 3);
    expect(cut.length).toBeLessThanOrEqual(3);
    expect(cut).toBe('a…');
  });
});

describe('fitItems', () => {
  const more = (hidden: number) => `+${hidden}`;

  it('joins everything that fits', () => {
    expect(fitItems(['a', 'b', 'c'], ', ', 100, more)).toEqual({ text: 'a, b, c', shown: 3 });
  });

  it('leaves out the tail and says how many, within the limit', () => {
    const items = Array.from({ length: 50 }, (_, index) => `item${index}`);
    for (const limit of [10, 20, 37, 100, 200]) {
      const { text, shown } = fitItems(items, '\n', limit, more);
      expect(text.length).toBeLessThanOrEqual(limit);
      expect(text.endsWith(`+${50 - shown}`)).toBe(true);
      expect(text.split('\n').slice(0, shown)).toEqual(items.slice(0, shown));
    }
  });

  it('shows at most maxItems even when more would fit', () => {
    const { text, shown } = fitItems(['a', 'b', 'c', 'd'], ',', 100, more, 2);
    expect(shown).toBe(2);
    expect(text).toBe('a,b,+2');
  });

  it('joinWithinLimit gives the text only', () => {
    expect(joinWithinLimit(['aaaa', 'bbbb', 'cccc'], ' ', 11, more)).toBe('aaaa +2');
  });
});

describe('listWithShortenedLabels', () => {
  it('shortens labels so that every item stays visible', () => {
    const labels = Array.from({ length: 10 }, (_, index) => `${index}`.padEnd(100, 'x'));
    const text = listWithShortenedLabels(labels, (label, shown) => `- ${shown(label)}`, {
      separator: '\n',
      limit: 300,
      more: (hidden) => `+${hidden}`,
      longestLabel: 100,
    });
    expect(text.length).toBeLessThanOrEqual(300);
    expect(text.split('\n')).toHaveLength(10);
    expect(text.split('\n').every((line, index) => line.startsWith(`- ${index}`))).toBe(true);
  });

  it('keeps labels whole when they fit', () => {
    const text = listWithShortenedLabels(['Sat', 'Sun'], (label, shown) => shown(label), {
      separator: ', ',
      limit: 100,
      more: (hidden) => `+${hidden}`,
      longestLabel: 100,
    });
    expect(text).toBe('Sat, Sun');
  });
});
