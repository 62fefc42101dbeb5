import { join, resolve } from 'node:path';
import { ConfigError, loadSupervisorConfig, type SupervisorConfig } from './config';
import { recommendedShardCount } from './lib/sharding/recommended';
import { runClusters } from './lib/supervisor/clusters';
import { createLogger, setLogLevel } from './lib/logging';
import { BOT_ENVIRONMENT, BOT_NODE_FLAGS } from './lib/supervisor/node-flags';
import { runSupervisor } from './lib/supervisor/run';
import { EXIT_ALREADY_RUNNING, EXIT_RESTART_REQUESTED } from './lib/shutdown';

/**
 * `npm start`: runs the bot (`dist/index.js`) as a child process and starts it again
 * after `/restart` or a crash, with the back-off of `lib/supervisor/backoff.ts`.
 * SIGTERM/SIGINT are passed on to the bot; the supervisor then exits 0.
 *
 * Usage: `node dist/supervisor.js [bot-entry.js]` — the optional argument names a
 * different script to supervise (the integration tests use small fake bots).
 */

/** The old runner gave a stopping bot this long before killing it; the bot's own shutdown needs at most 10 s. */
const STOP_TIMEOUT_MS = 25_000;

async function main(): Promise<number> {
  let config;
  try {
    config = loadSupervisorConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Config error: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  setLogLevel(config.logLevel);
  const logger = createLogger('dmw.supervisor');
  const botEntry = resolve(process.argv[2] ?? join(__dirname, 'index.js'));
  const policy = {
    restartDelayMs: config.restartDelaySeconds * 1000,
    maxBackoffMs: config.maxBackoffSeconds * 1000,
    minUptimeMs: config.minUptimeSeconds * 1000,
    maxQuickFailures: config.maxQuickFailures,
  };
  // The bot's memory flags, then the supervisor's own (such as --enable-source-maps), which win.
  const execArgv = [...BOT_NODE_FLAGS, ...process.execArgv];
  // Its memory settings too, where the operator left them unset: every bot process (and cluster) inherits this environment.
  for (const [name, value] of Object.entries(BOT_ENVIRONMENT)) process.env[name] ??= value;
  const shardCount = await decideShardCount(config, (line) => logger.info(line));
  if (shardCount > 1 && config.discordToken !== null) {
    logger.info(`supervising ${botEntry} as ${shardCount} shards`);
    return runClusters({
      file: botEntry,
      execArgv,
      shardCount,
      shardsPerCluster: config.sharding.shardsPerCluster,
      token: config.discordToken,
      policy,
      restartRequestedExitCode: EXIT_RESTART_REQUESTED,
      stopTimeoutMs: STOP_TIMEOUT_MS,
      log: (line) => logger.info(line),
    });
  }
  logger.info(`supervising ${botEntry}`);
  return runSupervisor({
    policy,
    start: { command: process.execPath, args: [...execArgv, botEntry] },
    alreadyRunningExitCode: EXIT_ALREADY_RUNNING,
    restartRequestedExitCode: EXIT_RESTART_REQUESTED,
    stopTimeoutMs: STOP_TIMEOUT_MS,
    log: (line) => logger.info(line),
  });
}

/**
 * SHARD_COUNT, or Discord's recommendation for `auto`. One shard — a small bot, or a
 * recommendation that cannot be read (the bot then reports Discord's answer itself,
 * and Discord refuses an unsharded login once sharding is required) — runs the bot as
 * one process, exactly as before sharding existed.
 */
async function decideShardCount(config: SupervisorConfig, log: (line: string) => void): Promise<number> {
  if (config.sharding.shardCount !== 'auto') return config.sharding.shardCount;
  if (config.discordToken === null) return 1;
  try {
    const recommended = await recommendedShardCount(config.discordToken, config.discordApiUrl);
    log(`SHARD_COUNT=auto: Discord recommends ${recommended} shard(s)`);
    return recommended;
  } catch (error) {
    log(`SHARD_COUNT=auto: Discord's recommendation could not be read (${error instanceof Error ? error.message : String(error)}); running one process`);
    return 1;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`supervisor crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
