/**
 * Localised texts. One i18next instance, initialised synchronously at import with the
 * two locale files (no backend, nothing to await), so pure renderers can call `t`.
 * Replies use the interaction's locale, public posts the guild's preferred locale;
 * anything that is not German falls back to `en-US`.
 */
import i18next from 'i18next';
import { LRUCache } from 'lru-cache';
import { de } from './locales/de';
import { enUS, type LocaleTexts } from './locales/en-US';

export type Locale = 'en-US' | 'de';
export const LOCALES: readonly Locale[] = ['en-US', 'de'];
export const FALLBACK_LOCALE: Locale = 'en-US';

export const localeTexts: Readonly<Record<Locale, LocaleTexts>> = { 'en-US': enUS, de };

const i18n = i18next.createInstance();
void i18n.init({
  resources: { 'en-US': { translation: enUS }, de: { translation: de } },
  lng: FALLBACK_LOCALE,
  fallbackLng: FALLBACK_LOCALE,
  supportedLngs: [...LOCALES],
  // Texts are Discord markdown, not HTML; ':' in a key is never a namespace.
  interpolation: { escapeValue: false },
  nsSeparator: false,
  returnNull: false,
  initAsync: false,
  showSupportNotice: false,
});

/** Discord locale (`de`, `en-GB`, `fr`, …, or none) → one of ours: any `de*` is German. */
export function resolveLocale(discordLocale: string | null | undefined): Locale {
  return discordLocale?.toLowerCase().startsWith('de') ? 'de' : FALLBACK_LOCALE;
}

// ---------------------------------------------------------------------------------
// Key and variable types, derived from the English texts.

type Texts = typeof enUS;

type LeafPaths<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : LeafPaths<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** i18next plural forms `x_one` / `x_other` are used through their base key `x`. */
type WithoutPluralSuffix<K extends string> = K extends `${infer Base}_one` | `${infer Base}_other` ? Base : K;

export type TranslationKey = WithoutPluralSuffix<LeafPaths<Texts>>;

type TextAt<T, Path extends string> = Path extends `${infer Head}.${infer Rest}`
  ? Head extends keyof T
    ? TextAt<T[Head], Rest>
    : never
  : Path extends keyof T
    ? T[Path]
    : never;

type TemplatesOf<K extends string> = TextAt<Texts, K> | TextAt<Texts, `${K}_one`> | TextAt<Texts, `${K}_other`>;

type Placeholders<S> = S extends `${string}{{${infer Name}}}${infer Rest}` ? Name | Placeholders<Rest> : never;

type IsPlural<K extends string> = [TextAt<Texts, `${K}_other`>] extends [never] ? false : true;

/** The variables a key needs: its `{{placeholders}}`, plus `count` for plural keys. */
export type TranslationVars<K extends TranslationKey> = {
  readonly [Name in Placeholders<TemplatesOf<K>> | (IsPlural<K> extends true ? 'count' : never)]: Name extends 'count'
    ? number
    : string | number;
};

/** The rest of `t`'s arguments for `key`: its variables, when it has any. */
export type VarsArgument<K extends TranslationKey> = [keyof TranslationVars<K>] extends [never] ? [] : [vars: TranslationVars<K>];

/**
 * The text for `key` in the given (Discord) locale. Variables are inserted verbatim:
 * callers escape markdown where a value comes from users.
 */
export function t<K extends TranslationKey>(locale: string | null | undefined, key: K, ...vars: VarsArgument<K>): string {
  const values = (vars[0] ?? {}) as Record<string, string | number>;
  const lng = resolveLocale(locale);
  const memoKey = `${lng}\u0000${key}\u0000${JSON.stringify(values)}`;
  const known = translated.get(memoKey);
  if (known !== undefined) return known;
  const options: Record<string, unknown> = { lng, replace: values };
  if (typeof values.count === 'number') options.count = values.count;
  const text = i18n.t(key, options) as string;
  translated.set(memoKey, text);
  return text;
}

/**
 * Texts already made, by locale, key and variables: the resources never change after the
 * synchronous init, so a text is a pure function of those, and i18next's lookup (language
 * code resolution, fallbacks, interpolation) was a sixth of the bot's CPU in a vote burst,
 * which renders the same planner lines over and over.
 */
const translated = new LRUCache<string, string>({ max: 5000 });

/** True when `key` names a text (used for keys built at run time, e.g. command names). */
export function hasTranslation(key: string): key is TranslationKey {
  return i18n.exists(key, { lng: FALLBACK_LOCALE }) || i18n.exists(`${key}_other`, { lng: FALLBACK_LOCALE });
}

// ---------------------------------------------------------------------------------
// Slash command registration: English as the default, German as a localisation.

/** Texts under `commands.`: slash command, option and choice descriptions. */
export type CommandTextKey = Extract<TranslationKey, `commands.${string}`>;

/** Description (of a command or an option) in English plus its German localisation. */
export function commandLocalizations(key: CommandTextKey): {
  description: string;
  descriptionLocalizations: { de: string };
} {
  return { description: t(FALLBACK_LOCALE, key), descriptionLocalizations: { de: t('de', key) } };
}

/** Display name of an option choice in English plus its German localisation. */
export function choiceLocalizations(key: CommandTextKey): { name: string; nameLocalizations: { de: string } } {
  return { name: t(FALLBACK_LOCALE, key), nameLocalizations: { de: t('de', key) } };
}
