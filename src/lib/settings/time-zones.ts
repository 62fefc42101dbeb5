/**
 * The time-zone option of /settings: autocomplete choices over the runtime's IANA zones
 * (`Intl.supportedValuesOf('timeZone')`), each with the local time there so the admin
 * sees at once whether it is the right one. Pure: the present is passed in.
 */
import { DateTime } from 'luxon';
import { DISCORD_LIMITS } from '../discord/limits';
import { t } from '../i18n';
import { isValidTimeZone } from '../time';

/** Offered before anything is typed, after the server's current zone. */
const COMMON_ZONES = [
  'Europe/Berlin',
  'Europe/Vienna',
  'Europe/Zurich',
  'Europe/London',
  'Europe/Paris',
  'Europe/Moscow',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Asia/Kolkata',
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
  'UTC',
] as const;

let allZones: readonly string[] | null = null;

/** Every IANA zone the runtime knows, `UTC` included (some runtimes list only `Etc/UTC`). */
export function knownTimeZones(): readonly string[] {
  allZones ??= [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])].filter(isValidTimeZone).sort();
  return allZones;
}

/** `Europe/Berlin`, `europe berlin` and `Berlin` find the same zone: lower case, spaces as underscores. */
function searchable(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, '_');
}

/**
 * Zones matching what the admin typed, best first: the exact name, then names with a
 * part (`Europe`, `New_York`) starting with it, then names containing it. Nothing typed:
 * the current zone, then common ones.
 */
export function matchingTimeZones(typed: string, current: string, max: number = DISCORD_LIMITS.autocompleteChoices): string[] {
  const query = searchable(typed);
  if (query === '') return [...new Set([current, ...COMMON_ZONES])].filter(isValidTimeZone).slice(0, max);
  const exact: string[] = [];
  const partStart: string[] = [];
  const contains: string[] = [];
  for (const zone of knownTimeZones()) {
    const name = zone.toLowerCase();
    if (name === query) exact.push(zone);
    else if ([...name.split('/'), ...name.split(/[/_-]/)].some((part) => part.startsWith(query))) partStart.push(zone);
    else if (name.includes(query)) contains.push(zone);
  }
  return [...exact, ...partStart, ...contains].slice(0, max);
}

/** Local date and time in `zone` as a text (`Mon 2026-12-07 03:45`) and its UTC offset (`+01:00`). */
export function localTimeIn(now: Date, zone: string, locale: string): { readonly time: string; readonly offset: string } {
  const local = DateTime.fromJSDate(now, { zone }).setLocale(locale);
  return { time: local.toFormat(t(locale, 'timeSettings.dateTimeFormat')), offset: local.toFormat('ZZ') };
}

/** Autocomplete choices: `Europe/Berlin · Mon 2026-12-07 03:45 (UTC+01:00)`, the zone as value. */
export function timeZoneChoices(typed: string, { now, current, locale }: { readonly now: Date; readonly current: string; readonly locale: string }): { name: string; value: string }[] {
  return matchingTimeZones(typed, current)
    .filter((zone) => zone.length <= DISCORD_LIMITS.autocompleteChoiceLength)
    .map((zone) => {
      const name = t(locale, 'timeSettings.zoneChoice', { zone, ...localTimeIn(now, zone, locale) });
      return { name: name.length <= DISCORD_LIMITS.autocompleteChoiceLength ? name : zone, value: zone };
    });
}
