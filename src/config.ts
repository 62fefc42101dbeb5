import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import dotenv from 'dotenv';
import { REDIS_NAMESPACE_PATTERN, defaultRedisNamespace } from './lib/redis-namespace';
import { FALLBACK_TIME_ZONE, normaliseTimeZone } from './lib/time/zone';

/**
 * Environment → typed configuration. This module is the only reader of
 * `process.env`; everything else receives the frozen `Config`.
 *
 * Parsing follows the old bot, so an existing `.env` means the same here: booleans
 * are true only for 1/true/yes/on, integers fall back to their default when unset or
 * blank, and the first failing check wins, in the old bot's order (DATABASE_URL,
 * intervals, log ids, debug ids), followed by the variables this bot added and
 * finally DISCORD_TOKEN.
 */

export const LOG_LEVEL_NAMES = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const;
export type LogLevelName = (typeof LOG_LEVEL_NAMES)[number];

export interface Config {
  /** Bot token; never logged (see `redactSecrets`). */
  readonly discordToken: string;
  /** `postgres://` / `postgresql://` URL for node-postgres (`+asyncpg` already stripped). */
  readonly databaseUrl: string;
  /** DB_ECHO: SQL statements are logged at INFO instead of DEBUG. */
  readonly dbEcho: boolean;
  readonly enableMessageContentIntent: boolean;
  /** Guild and channel receiving forwarded logs; null when the variable is 0 (off). */
  readonly logGuildId: string | null;
  readonly logChannelId: string | null;
  readonly selfTestIntervalSeconds: number;
  readonly backupIntervalSeconds: number;
  /** Debug mirror channels; null when 0 (off). */
  readonly raidlistDebugChannelId: string | null;
  readonly memberlistDebugChannelId: string | null;
  /** Console level once the config is loaded, and the level of the Discord log forwarder. */
  readonly discordLogLevel: LogLevelName;
  /** Console level before the config is loaded. */
  readonly logLevel: LogLevelName;
  readonly redisUrl: string;
  /** Prefix of every Redis key and of the job queue (REDIS_NAMESPACE, else derived from DATABASE_URL). */
  readonly redisNamespace: string;
  /** The bot's operator; null when PRIVILEGED_USER_ID is unset (then nobody has operator rights). */
  readonly privilegedUserId: string | null;
  /** REST base for discord.js (`rest.api`), e.g. a local emulator; null = discord.com. */
  readonly discordApiUrl: string | null;
  readonly dashboardHost: string;
  readonly dashboardPort: number;
  readonly dashboardToken: string | null;
  readonly backupDir: string;
  readonly messageXpCooldownSeconds: number;
  /** What one member can make the bot do: bounds against flooding a server. */
  readonly limits: FloodLimits;
  /** IANA zone of every server that has not chosen its own (DEFAULT_TIMEZONE). */
  readonly defaultTimeZone: string;
}

export interface FloodLimits {
  /** Participant-list messages of one raid at most; beyond that one overview message lists the other qualified slots. */
  readonly participantListsPerRaid: number;
  readonly maxOpenRaidsPerMember: number;
  readonly maxOpenRaidsPerGuild: number;
  /** A member may change votes this often per window (all raids of the server together). */
  readonly voteChangesPerWindow: number;
  readonly voteChangeWindowSeconds: number;
}

export type Environment = Readonly<Record<string, string | undefined>>;

/** A value the operator has to fix; `message` is the text after `Config error: `. */
export class ConfigError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
/** Shortest DASHBOARD_TOKEN accepted; `openssl rand -base64 32` gives 44 characters. */
export const MIN_DASHBOARD_TOKEN_LENGTH = 32;

const MAX_SNOWFLAKE = (1n << 64n) - 1n;

/**
 * The process environment completed by a `.env` file when one exists. Real
 * environment variables always win over the file; `process.env` is not modified.
 */
export function readEnvironment(dotenvPath = resolve(process.cwd(), '.env')): Environment {
  const merged: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) merged[key] = value;
  if (existsSync(dotenvPath)) dotenv.config({ path: dotenvPath, quiet: true, override: false, processEnv: merged });
  return merged;
}

/**
 * Console level for the few lines written before the configuration is loaded.
 * Lenient on purpose: a bad LOG_LEVEL is reported by `loadConfig` a moment later.
 */
export function readBootLogLevel(env: Environment = process.env): LogLevelName {
  return normaliseLogLevel(env.LOG_LEVEL ?? '') ?? 'INFO';
}

export function loadConfig(env: Environment = readEnvironment()): Config {
  const databaseUrl = parseDatabaseUrl(env.DATABASE_URL);
  const selfTestIntervalSeconds = readInt(env, 'SELF_TEST_INTERVAL_SECONDS', 900, { min: 30, unit: 'seconds' });
  const backupIntervalSeconds = readInt(env, 'BACKUP_INTERVAL_SECONDS', 21_600, { min: 300, unit: 'seconds' });
  const logGuildId = readOptionalSnowflake(env, 'LOG_GUILD_ID');
  const logChannelId = readOptionalSnowflake(env, 'LOG_CHANNEL_ID');
  const raidlistDebugChannelId = readOptionalSnowflake(env, 'RAIDLIST_DEBUG_CHANNEL_ID');
  const memberlistDebugChannelId = readOptionalSnowflake(env, 'MEMBERLIST_DEBUG_CHANNEL_ID');
  const discordLogLevel = readLogLevel(env, 'DISCORD_LOG_LEVEL');
  const logLevel = readLogLevel(env, 'LOG_LEVEL');
  const redisUrl = parseRedisUrl(env.REDIS_URL);
  const redisNamespace = readRedisNamespace(env, databaseUrl);
  const privilegedUserId = readPrivilegedUserId(env);
  const discordApiUrl = parseDiscordApiUrl(env.DISCORD_API_URL);
  const dashboardHost = blankToNull(env.DASHBOARD_HOST) ?? '127.0.0.1';
  const dashboardPort = readInt(env, 'DASHBOARD_PORT', 3000, { min: 1, max: 65_535, unit: 'port' });
  const dashboardToken = blankToNull(env.DASHBOARD_TOKEN);
  if (dashboardToken === null && !isLoopbackHost(dashboardHost)) {
    throw new ConfigError(
      `DASHBOARD_HOST=${dashboardHost} is reachable from other machines, so DASHBOARD_TOKEN must be set: ` +
        'set DASHBOARD_TOKEN to a long random secret or use DASHBOARD_HOST=127.0.0.1',
    );
  }
  if (dashboardToken !== null && dashboardToken.length < MIN_DASHBOARD_TOKEN_LENGTH) {
    throw new ConfigError(
      `DASHBOARD_TOKEN must be at least ${MIN_DASHBOARD_TOKEN_LENGTH} characters long (got ${dashboardToken.length}): ` +
        'set it to a long random secret, for example the output of `openssl rand -base64 32`',
    );
  }
  const backupDir = blankToNull(env.BACKUP_DIR) ?? 'backups';
  const messageXpCooldownSeconds = readInt(env, 'MESSAGE_XP_COOLDOWN_SECONDS', 15, { min: 0, unit: 'seconds' });
  const limits: FloodLimits = Object.freeze({
    // Two at least: with more qualified slots than this, one of them is the overview.
    participantListsPerRaid: readInt(env, 'PARTICIPANT_LISTS_PER_RAID', 5, { min: 2, max: 25, unit: 'count' }),
    maxOpenRaidsPerMember: readInt(env, 'MAX_OPEN_RAIDS_PER_MEMBER', 5, { min: 1, max: 1_000, unit: 'count' }),
    maxOpenRaidsPerGuild: readInt(env, 'MAX_OPEN_RAIDS_PER_GUILD', 50, { min: 1, max: 10_000, unit: 'count' }),
    voteChangesPerWindow: readInt(env, 'VOTE_CHANGES_PER_WINDOW', 10, { min: 1, max: 1_000, unit: 'count' }),
    voteChangeWindowSeconds: readInt(env, 'VOTE_CHANGE_WINDOW_SECONDS', 10, { min: 1, max: 3_600, unit: 'seconds' }),
  });
  const defaultTimeZone = readTimeZone(env, 'DEFAULT_TIMEZONE');
  const discordToken = (env.DISCORD_TOKEN ?? '').trim();
  if (discordToken === '') {
    throw new ConfigError('DISCORD_TOKEN must be set: copy the bot token from the Discord developer portal (Bot → Reset Token) into .env');
  }

  return Object.freeze({
    discordToken,
    databaseUrl,
    dbEcho: readBool(env, 'DB_ECHO', false),
    enableMessageContentIntent: readBool(env, 'ENABLE_MESSAGE_CONTENT_INTENT', true),
    logGuildId,
    logChannelId,
    selfTestIntervalSeconds,
    backupIntervalSeconds,
    raidlistDebugChannelId,
    memberlistDebugChannelId,
    discordLogLevel,
    logLevel,
    redisUrl,
    redisNamespace,
    privilegedUserId,
    discordApiUrl,
    dashboardHost,
    dashboardPort,
    dashboardToken,
    backupDir,
    messageXpCooldownSeconds,
    limits,
    defaultTimeZone,
  });
}

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

export function isLoopbackHost(host: string): boolean {
  const bare = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

// --- the old bot's parsing rules (an existing .env keeps its meaning) ---------

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'on']);

function readBool(env: Environment, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined) return fallback;
  return TRUE_WORDS.has(raw.trim().toLowerCase());
}

/** Python's int(): optional sign, digits, single underscores between digits. */
const INTEGER_PATTERN = /^[+-]?\d+(_\d+)*$/;

function readBigInt(env: Environment, name: string): bigint | null {
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

function readInt(env: Environment, name: string, fallback: number, rule: IntRule): number {
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
function readOptionalSnowflake(env: Environment, name: string): string | null {
  const parsed = readBigInt(env, name);
  if (parsed === null || parsed === 0n) {
    return null;
  }
  if (parsed < 0n) throw new ConfigError(`${name} must be >= 0 (got ${parsed}): use the channel or guild id, or 0 to switch it off`);
  if (parsed > MAX_SNOWFLAKE) throw new ConfigError(`${name} is not a Discord id (got ${parsed}): copy the id with Developer Mode → Copy ID`);
  return parsed.toString();
}

function readPrivilegedUserId(env: Environment): string | null {
  const parsed = readBigInt(env, 'PRIVILEGED_USER_ID');
  // No default operator: a deployment that sets none gives nobody the operator's rights.
  if (parsed === null) return null;
  if (parsed <= 0n) throw new ConfigError(`PRIVILEGED_USER_ID must be > 0 (got ${parsed}): use the Discord user id of the bot's operator`);
  if (parsed > MAX_SNOWFLAKE) throw new ConfigError(`PRIVILEGED_USER_ID is not a Discord id (got ${parsed}): copy the id with Developer Mode → Copy ID`);
  return parsed.toString();
}

function normaliseLogLevel(raw: string): LogLevelName | null {
  const upper = raw.trim().toUpperCase();
  if (upper === 'WARN') return 'WARNING';
  return (LOG_LEVEL_NAMES as readonly string[]).includes(upper) ? (upper as LogLevelName) : null;
}

function readLogLevel(env: Environment, name: string): LogLevelName {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return 'INFO';
  const level = normaliseLogLevel(raw);
  if (level === null) throw new ConfigError(`${name}='${raw.trim()}' is not a log level: use DEBUG, INFO, WARNING, ERROR or CRITICAL`);
  return level;
}

function blankToNull(raw: string | undefined): string | null {
  const text = raw?.trim() ?? '';
  return text === '' ? null : text;
}

function readTimeZone(env: Environment, name: string): string {
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

function parseRedisUrl(raw: string | undefined): string {
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

function readRedisNamespace(env: Environment, databaseUrl: string): string {
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

function parseDiscordApiUrl(raw: string | undefined): string | null {
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

/** Restart policy of the supervisor that `npm start` runs around the bot: the old runner's variables and rules, so a deployment's settings keep their effect. */
export interface SupervisorConfig {
  /** First delay before a restart (BOT_RUNNER_RESTART_DELAY_SECONDS, default 5, at least 1). */
  readonly restartDelaySeconds: number;
  /** Cap of the doubling delay (BOT_RUNNER_MAX_BACKOFF_SECONDS, default 120, at least 1). */
  readonly maxBackoffSeconds: number;
  /** A run shorter than this is a quick failure (BOT_RUNNER_MIN_UPTIME_SECONDS, default 20, at least 1). */
  readonly minUptimeSeconds: number;
  /** Give up after more consecutive quick failures than this (BOT_RUNNER_MAX_QUICK_FAILURES, default 6, at least 0). */
  readonly maxQuickFailures: number;
  /** BOT_RUNNER_LOG_LEVEL, default INFO. */
  readonly logLevel: LogLevelName;
}

/** Longest delay a Node timer can wait (2^31 - 1 ms); longer ones would fire at once. */
const MAX_TIMER_SECONDS = Math.floor(2_147_483_647 / 1000);

/**
 * The supervisor's settings. As the old runner did, out-of-range numbers are clamped
 * rather than refused (a deployment that started before still starts); only a value
 * that is not an integer at all is a config error.
 */
export function loadSupervisorConfig(env: Environment = readEnvironment()): SupervisorConfig {
  return Object.freeze({
    restartDelaySeconds: readClampedInt(env, 'BOT_RUNNER_RESTART_DELAY_SECONDS', 5, 1, MAX_TIMER_SECONDS),
    maxBackoffSeconds: readClampedInt(env, 'BOT_RUNNER_MAX_BACKOFF_SECONDS', 120, 1, MAX_TIMER_SECONDS),
    minUptimeSeconds: readClampedInt(env, 'BOT_RUNNER_MIN_UPTIME_SECONDS', 20, 1, MAX_TIMER_SECONDS),
    maxQuickFailures: readClampedInt(env, 'BOT_RUNNER_MAX_QUICK_FAILURES', 6, 0, Number.MAX_SAFE_INTEGER),
    logLevel: readLogLevel(env, 'BOT_RUNNER_LOG_LEVEL'),
  });
}

function readClampedInt(env: Environment, name: string, fallback: number, min: number, max: number): number {
  const parsed = readBigInt(env, name);
  if (parsed === null) return fallback;
  if (parsed < BigInt(min)) return min;
  if (parsed > BigInt(max)) return max;
  return Number(parsed);
}
