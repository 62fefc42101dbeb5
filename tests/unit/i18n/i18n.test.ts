import {
  FALLBACK_LOCALE,
  LOCALES,
  choiceLocalizations,
  commandLocalizations,
  hasTranslation,
  localeTexts,
  resolveLocale,
  t,
} from '../../../src/lib/i18n';
import type { LocaleTexts } from '../../../src/lib/i18n/locales/en-US';

type Tree = { readonly [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const result = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') result.set(`${prefix}${key}`, value);
    else for (const [path, text] of leaves(value, `${prefix}${key}.`)) result.set(path, text);
  }
  return result;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([^}]+?)\s*\}\}/g)].map((match) => match[1]!).sort();
}

const english = leaves(localeTexts['en-US'] as Tree);
const german = leaves(localeTexts.de as Tree);

describe('locale files', () => {
  it('German has exactly the key tree of English', () => {
    expect([...german.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it.each([...english.keys()])('%s uses the same placeholders in both languages', (key) => {
    expect(placeholders(german.get(key)!)).toEqual(placeholders(english.get(key)!));
  });

  it('no text is empty, and German texts equal to English are only formatting or loan words', () => {
    // Words German uses as they are (in upstream's German texts too).
    const loanWords = new Set(['User', 'Settings', 'Raid', 'Raids', 'Dungeon', 'Min', 'ID', 'Planner', 'Bot', 'Server']);
    for (const [key, text] of german) {
      expect(text.trim()).not.toBe('');
      expect(english.get(key)!.trim()).not.toBe('');
      if (english.get(key) !== text) continue;
      const words = text.replace(/\{\{[^}]*\}\}/g, '').match(/\p{L}{2,}/gu) ?? [];
      expect({ key, untranslated: words.filter((word) => !loanWords.has(word)) }).toEqual({ key, untranslated: [] });
    }
  });

  it('every plural key has both the one and the other form', () => {
    for (const key of english.keys()) {
      const base = key.replace(/_(one|other)$/, '');
      if (base === key) continue;
      expect(english.has(`${base}_one`) && english.has(`${base}_other`)).toBe(true);
    }
  });

  it('command, option and choice descriptions fit Discord (1..100 characters)', () => {
    for (const locale of LOCALES) {
      for (const [key, text] of leaves(localeTexts[locale] as Tree)) {
        if (!key.startsWith('commands.')) continue;
        expect(text.length).toBeGreaterThanOrEqual(1);
        expect(text.length).toBeLessThanOrEqual(100);
      }
    }
  });
});

describe('resolveLocale', () => {
  it.each([
    ['de', 'de'],
    ['de-DE', 'de'],
    ['de-AT', 'de'],
    ['DE', 'de'],
    ['en-US', 'en-US'],
    ['en-GB', 'en-US'],
    ['fr', 'en-US'],
    ['', 'en-US'],
    [null, 'en-US'],
    [undefined, 'en-US'],
  ])('%p → %p', (input, expected) => {
    expect(resolveLocale(input)).toBe(expected);
  });
});

describe('t', () => {
  it('answers in German for German locales and in English otherwise', () => {
    expect(t('de', 'vote.raidNotActive')).toBe('Raid ist nicht mehr aktiv.');
    expect(t('en-US', 'vote.raidNotActive')).toBe('This raid is no longer active.');
    expect(t('ja', 'vote.raidNotActive')).toBe('This raid is no longer active.');
    expect(t(null, 'vote.raidNotActive')).toBe(t(FALLBACK_LOCALE, 'vote.raidNotActive'));
  });

  it('inserts variables verbatim, without HTML escaping or nested interpolation', () => {
    const text = t('en-US', 'finish.notFound', { displayId: '<&> {{x}} $t(common.none)' });
    expect(text).toBe('No open raid with ID `<&> {{x}} $t(common.none)` found.');
  });

  it('keeps dots and colons in variables and keys apart', () => {
    expect(t('en-US', 'raidplan.unknownDungeon', { dungeon: 'a.b:c' })).toContain('**a.b:c**');
  });

  it('chooses plural forms by count', () => {
    expect(t('en-US', 'cancelAll.done', { count: 1 })).toBe('1 open raid cancelled.');
    expect(t('en-US', 'cancelAll.done', { count: 0 })).toBe('0 open raids cancelled.');
    expect(t('en-US', 'cancelAll.done', { count: 3 })).toBe('3 open raids cancelled.');
    expect(t('de', 'cancelAll.done', { count: 1 })).toBe('1 offener Raid abgebrochen.');
    expect(t('de', 'cancelAll.done', { count: 2 })).toBe('2 offene Raids abgebrochen.');
  });

  it('every key resolves to its own text in both languages', () => {
    for (const locale of LOCALES) {
      for (const [key, text] of leaves(localeTexts[locale] as Tree)) {
        if (placeholders(text).length > 0 || /_(one|other)$/.test(key)) continue;
        expect(t(locale, key as never)).toBe(text);
      }
    }
  });

  it('knows which keys exist', () => {
    expect(hasTranslation('commands.raidplan.description')).toBe(true);
    expect(hasTranslation('cancelAll.done')).toBe(true);
    expect(hasTranslation('commands.nope.description')).toBe(false);
  });
});

describe('slash command localisations', () => {
  it('gives the English description with a German localisation', () => {
    expect(commandLocalizations('commands.raidplan.description')).toEqual({
      description: 'Plan a new raid',
      descriptionLocalizations: { de: 'Einen neuen Raid planen' },
    });
    expect(commandLocalizations('commands.raid_finish.options.raid_id').descriptionLocalizations.de).toBe(
      'Die Raid-ID aus dem Planner-Post',
    );
  });

  it('gives choice names with a German localisation', () => {
    expect(choiceLocalizations('commands.purgebot.choices.server')).toEqual({
      name: 'Whole server',
      nameLocalizations: { de: 'Ganzer Server' },
    });
  });

  it('has a description for every command of the specification', () => {
    const commands = [
      'settings', 'status', 'help', 'help2', 'restart', 'dungeonlist', 'raidplan', 'raid_finish', 'raidlist',
      'cancel_all_raids', 'template_config', 'purge', 'purgebot', 'remote_guilds', 'remote_cancel_all_raids',
      'remote_raidlist', 'backup_db', 'raidstats',
    ];
    for (const name of commands) expect(hasTranslation(`commands.${name}.description`)).toBe(true);
    expect(Object.keys(localeTexts['en-US'].commands).sort()).toEqual([...commands].sort());
  });
});

describe('compile-time checks (verified by `tsc -p tests/tsconfig.json`)', () => {
  it('a locale missing a key or with an unknown key does not type-check, nor do wrong variables', () => {
    const { raidNotActive: _dropped, ...voteWithoutOneKey } = localeTexts.de.vote;
    // @ts-expect-error a key is missing
    const missingKey: LocaleTexts = { ...localeTexts.de, vote: voteWithoutOneKey };
    // @ts-expect-error an unknown key
    const extraKey: LocaleTexts = { ...localeTexts.de, vote: { ...localeTexts.de.vote, extra: 'x' } };
    // @ts-expect-error the variables of the key are required
    const noVars = (): string => t('en-US', 'finish.notFound');
    // @ts-expect-error plural keys need a numeric count
    const noCount = (): string => t('en-US', 'cancelAll.done', { count: 'two' });
    // @ts-expect-error unknown key
    const unknownKey = (): string => t('en-US', 'vote.nope');
    expect([missingKey, extraKey, noVars, noCount, unknownKey]).toHaveLength(5);
  });
});
