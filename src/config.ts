import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import dotenv from 'dotenv';
import { readShardAssignment, readShardingSettings, type ShardAssignment, type ShardingSettings } from './config-sharding';
import { ConfigError, blankToNull, normaliseLogLevel, parseDatabaseUrl, parseDiscordApiUrl, parseRedisUrl, readBigInt, readBool, readInt, readLogLevel, readOptionalSnowflake, readPrivilegedUserId, readRedisNamespace, readTestClock, readTimeZone, type Environment, type TestClockConfig, type LogLevelName } from './config-values';

export { ConfigError, DEFAULT_REDIS_URL, LOG_LEVEL_NAMES, parseDatabaseUrl, redactUrl, type Environment, type LogLevelName } from './config-values';

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
  /**
   * Test-only (TEST_CLOCK_START, TEST_CLOCK_SPEED): the bot's clock starts at this instant
   * and runs `speed` times faster than real time. null in production: the system clock.
   */
  readonly testClock: TestClockConfig | null;
  /** The shards this process runs (set by the cluster manager of `npm start`); null = unsharded, one process for every server. */
  readonly sharding: ShardAssignment | null;
}

export type { TestClockConfig } from './config-values';
export type { ShardAssignment, ShardCountSetting, ShardingSettings } from './config-sharding';

export interface FloodLimits {
  /** Participant-list messages of one raid at most; beyond that one overview message lists the other qualified slots. */
  readonly participantListsPerRaid: number;
  readonly maxOpenRaidsPerMember: number;
  readonly maxOpenRaidsPerGuild: number;
  /** A member may change votes this often per window (all raids of the server together). */
  readonly voteChangesPerWindow: number;
  readonly voteChangeWindowSeconds: number;
}



/** Shortest DASHBOARD_TOKEN accepted; `openssl rand -base64 32` gives 44 characters. */
export const MIN_DASHBOARD_TOKEN_LENGTH = 32;


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
  const testClock = readTestClock(env);
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
    testClock,
    sharding: readShardAssignment(env),
  });
}


export function isLoopbackHost(host: string): boolean {
  const bare = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

// --- the old bot's parsing rules (an existing .env keeps its meaning) ---------

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
  /** SHARD_COUNT and SHARDS_PER_CLUSTER. */
  readonly sharding: ShardingSettings;
  /** For SHARD_COUNT=auto (GET /gateway/bot); null when unset (the bot reports that itself). */
  readonly discordToken: string | null;
  readonly discordApiUrl: string | null;
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
    sharding: readShardingSettings(env),
    discordToken: blankToNull(env.DISCORD_TOKEN),
    discordApiUrl: parseDiscordApiUrl(env.DISCORD_API_URL),
  });
}

function readClampedInt(env: Environment, name: string, fallback: number, min: number, max: number): number {
  const parsed = readBigInt(env, name);
  if (parsed === null) return fallback;
  if (parsed < BigInt(min)) return min;
  if (parsed > BigInt(max)) return max;
  return Number(parsed);
}
