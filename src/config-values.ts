/**
 * Reading single values out of the environment, each with the operator's fix in its
 * error: whole numbers, booleans, Discord ids, log levels, time zones and the URLs.
 * `config.ts` puts them together; nothing else reads the environment.
 */
import { REDIS_NAMESPACE_PATTERN, defaultRedisNamespace } from './lib/redis-namespace';
import { FALLBACK_TIME_ZONE, normaliseTimeZone } from './lib/time/zone';

export const LOG_LEVEL_NAMES = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const;
export type LogLevelName = (typeof LOG_LEVEL_NAMES)[number];
export type Environment = Readonly<Record<string, string | undefined>>;
/** A value the operator has to fix; `message` is the text after `Config error: `. */
export class ConfigError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** The URL with its password replaced by `***`; unparseable input is not echoed at all. */
export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '<unparseable URL>';
  }
  if (url.password !== '') url.password = '***';
  return url.toString();
}

const MAX_SNOWFLAKE = (1n << 64n) - 1n;

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'on']);

export function readBool(env: Environment, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined) return fallback;
  return TRUE_WORDS.has(raw.trim().toLowerCase());
}

/** Python's int(): optional sign, digits, single underscores between digits. */
const INTEGER_PATTERN = /^[+-]?\d+(_\d+)*$/;

export function readBigInt(env: Environment, name: string): bigint | null {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return null;
  const text = raw.trim();
  if (!INTEGER_PATTERN.test(text)) {
    throw new ConfigError(`Invalid integer env ${name}='${raw}': use a whole number such as ${name}=${exampleFor(name)}`);
  }
  return BigInt(text.replaceAll('_', ''));
}

function exampleFor(name: string): string {
  if (name.endsWith('_ID')) return '123456789012345678';
  if (name === 'DASHBOARD_PORT') return '3000';
  return '900';
}

interface IntRule {
  min: number;
  max?: number;
  unit: 'seconds' | 'port' | 'count';
}

export function readInt(env: Environment, name: string, fallback: number, rule: IntRule): number {
  const parsed = readBigInt(env, name);
  if (parsed === null) return fallback;
  const unit = rule.unit === 'seconds' ? ' seconds' : '';
  if (parsed < BigInt(rule.min)) {
    throw new ConfigError(`${name} must be >= ${rule.min}${unit} (got ${parsed}): raise it or remove it to use the default ${fallback}`);
  }
  if (rule.max !== undefined && parsed > BigInt(rule.max)) {
    throw new ConfigError(`${name} must be <= ${rule.max} (got ${parsed}): pick a value from ${rule.min} to ${rule.max}`);
  }
  if (parsed > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new ConfigError(`${name} is too large (got ${parsed}): remove it to use the default ${fallback}`);
  }
  return Number(parsed);
}

/** Channel/guild ids where 0 (the default) switches the feature off. */
export function readOptionalSnowflake(env: Environment, name: string): string | null {
  const parsed = readBigInt(env, name);
  if (parsed === null || parsed === 0n) {
    return null;
  }
  if (parsed < 0n) throw new ConfigError(`${name} must be >= 0 (got ${parsed}): use the channel or guild id, or 0 to switch it off`);
  if (parsed > MAX_SNOWFLAKE) throw new ConfigError(`${name} is not a Discord id (got ${parsed}): copy the id with Developer Mode → Copy ID`);
  return parsed.toString();
}

export function readPrivilegedUserId(env: Environment): string | null {
  const parsed = readBigInt(env, 'PRIVILEGED_USER_ID');
  // No default operator: a deployment that sets none gives nobody the operator's rights.
  if (parsed === null) return null;
  if (parsed <= 0n) throw new ConfigError(`PRIVILEGED_USER_ID must be > 0 (got ${parsed}): use the Discord user id of the bot's operator`);
  if (parsed > MAX_SNOWFLAKE) throw new ConfigError(`PRIVILEGED_USER_ID is not a Discord id (got ${parsed}): copy the id with Developer Mode → Copy ID`);
  return parsed.toString();
}

export function normaliseLogLevel(raw: string): LogLevelName | null {
  const upper = raw.trim().toUpperCase();
  if (upper === 'WARN') return 'WARNING';
  return (LOG_LEVEL_NAMES as readonly string[]).includes(upper) ? (upper as LogLevelName) : null;
}

export function readLogLevel(env: Environment, name: string): LogLevelName {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return 'INFO';
  const level = normaliseLogLevel(raw);
  if (level === null) throw new ConfigError(`${name}='${raw.trim()}' is not a log level: use DEBUG, INFO, WARNING, ERROR or CRITICAL`);
  return level;
}

export function blankToNull(raw: string | undefined): string | null {
  const text = raw?.trim() ?? '';
  return text === '' ? null : text;
}

export function readTimeZone(env: Environment, name: string): string {
  const text = blankToNull(env[name]);
  if (text === null) return FALLBACK_TIME_ZONE;
  const zone = normaliseTimeZone(text);
  if (zone === null) {
    throw new ConfigError(
      `${name}='${text}' is not an IANA time zone: use a name such as Europe/Berlin, Europe/London, America/New_York or UTC ` +
        '(the "TZ identifier" column of the tz database list), or leave it unset for Europe/Berlin',
    );
  }
  return zone;
}

/** Test-only: where the bot's clock starts and how fast it runs (see `clockStartingAt`). */
export interface TestClockConfig {
  readonly start: Date;
  readonly speed: number;
}

/**
 * TEST_CLOCK_START (an ISO 8601 instant with offset or Z) and TEST_CLOCK_SPEED (a positive
 * number, default 1; only with a start). For end-to-end tests only: unset, the bot runs on
 * the system clock.
 */
export function readTestClock(env: Environment): TestClockConfig | null {
  const startText = blankToNull(env.TEST_CLOCK_START);
  const speedText = blankToNull(env.TEST_CLOCK_SPEED);
  if (startText === null) {
    if (speedText !== null) throw new ConfigError('TEST_CLOCK_SPEED is set without TEST_CLOCK_START: both are test-only; unset them');
    return null;
  }
  const start = new Date(startText);
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(startText) || Number.isNaN(start.getTime())) {
    throw new ConfigError(`TEST_CLOCK_START='${startText}' is not an ISO 8601 instant with offset (e.g. 2026-12-24T18:45:00Z); it is test-only: unset it in production`);
  }
  const speed = speedText === null ? 1 : Number(speedText);
  if (!Number.isFinite(speed) || speed <= 0 || speed > 10_000) {
    throw new ConfigError(`TEST_CLOCK_SPEED='${speedText}' must be a number above 0 and at most 10000 (test-only)`);
  }
  return Object.freeze({ start, speed });
}

// --- URLs ---------------------------------------------------------------------

const DATABASE_SCHEMES: Record<string, string> = {
  'postgres:': 'postgres:',
  'postgresql:': 'postgresql:',
  // The old bot's SQLAlchemy form; the driver part means nothing to node-postgres.
  'postgresql+asyncpg:': 'postgresql:',
};

/**
 * A DATABASE_URL as node-postgres takes it (`postgresql+asyncpg://` of the old bot
 * rewritten); throws `ConfigError` with the fix when it is missing or malformed.
 */
export function parseDatabaseUrl(raw: string | undefined): string {
  const text = raw?.trim() ?? '';
  if (text === '') throw new ConfigError('DATABASE_URL must be set');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]?.toLowerCase();
  const normalisedScheme = scheme === undefined ? undefined : DATABASE_SCHEMES[`${scheme}:`];
  if (normalisedScheme === undefined) {
    throw new ConfigError(
      `DATABASE_URL must start with postgres://, postgresql:// or postgresql+asyncpg:// (got ${scheme === undefined ? 'no scheme' : `${scheme}://…`}): ` +
        'for example DATABASE_URL=postgresql://user:password@127.0.0.1:5432/dmw',
    );
  }
  const rewritten = `${normalisedScheme}${text.slice(scheme!.length + 1)}`;
  try {
    new URL(rewritten);
  } catch {
    throw new ConfigError(
      'DATABASE_URL is not a valid URL: percent-encode special characters in the password (@ → %40, / → %2F) and check host and port',
    );
  }
  return rewritten;
}

export function parseRedisUrl(raw: string | undefined): string {
  const text = blankToNull(raw);
  if (text === null) return DEFAULT_REDIS_URL;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError('REDIS_URL is not a valid URL: use redis://host:port or rediss://host:port (TLS), for example redis://127.0.0.1:6379');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new ConfigError(`REDIS_URL must start with redis:// or rediss:// (got ${redactUrl(text)}): for example REDIS_URL=redis://127.0.0.1:6379`);
  }
  return text;
}

export function readRedisNamespace(env: Environment, databaseUrl: string): string {
  const text = blankToNull(env.REDIS_NAMESPACE);
  if (text === null) return defaultRedisNamespace(databaseUrl);
  if (!REDIS_NAMESPACE_PATTERN.test(text)) {
    throw new ConfigError(
      `REDIS_NAMESPACE='${text}' may only contain letters, digits, '-' and '_' (at most 64): ` +
        'for example REDIS_NAMESPACE=dmw-prod, or leave it unset to derive one from DATABASE_URL',
    );
  }
  return text;
}

export function parseDiscordApiUrl(raw: string | undefined): string | null {
  const text = blankToNull(raw);
  if (text === null) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError('DISCORD_API_URL is not a valid URL: use an http(s) URL such as http://127.0.0.1:4000/api, or leave it unset for discord.com');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`DISCORD_API_URL must be an http:// or https:// URL (got ${redactUrl(text)}): leave it unset to talk to discord.com`);
  }
  // discord.js appends `/v10/...` itself.
  return text.replace(/\/+$/, '');
}

// --- supervisor (`npm start`) --------------------------------------------------
