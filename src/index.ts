import './lib/setup';
import { setTimeout as delay } from 'node:timers/promises';
import { container, type SapphireClient } from '@sapphire/framework';
import { DiscordjsErrorCodes } from 'discord.js';
import { ConfigError, loadConfig, readBootLogLevel, readEnvironment, redactUrl, type Config } from './config';
import { SINGLETON_LOCK_KEY } from './lib/db/advisory-lock';
import { createDataSource } from './lib/db/data-source';
import { createRepositories } from './lib/db/repositories';
import { ensureSchema } from './lib/db/schema-guard';
import { seedDungeons } from './lib/db/seed';
import { createClient } from './lib/client';
import { redisKeys } from './lib/redis-namespace';
import { disposeRaidServices } from './lib/raids/services';
import { closeFloodGuards, floodGuards } from './lib/flood';
import { stopTakingInteractions } from './lib/discord/intake';
import { startDashboard } from './lib/dashboard';
import { installLogForwarder } from './lib/log-forwarder';
import { gateDataSource, type DatabaseGate } from './lib/db/availability';
import { SingletonLockKeeper } from './lib/db/lock-keeper';
import { restoreAfterOutage } from './lib/startup';
import { TypeOrmLoggerAdapter, createLogger, redactSecrets, registerSecret, setLogLevel } from './lib/logging';
import { EXIT_ALREADY_RUNNING, EXIT_FAILURE, Shutdown } from './lib/shutdown';

export { EXIT_ALREADY_RUNNING, EXIT_FAILURE, EXIT_OK, EXIT_RESTART_REQUESTED } from './lib/shutdown';

const log = createLogger('dmw.runtime');
/** Share of the shutdown's 10 s that pending message work may take. */
const RAID_SERVICES_DRAIN_MS = 5_000;
const shutdown = new Shutdown(log);

/**
 * Start-up, each step before those that rely on it: config (nothing is opened on a
 * config error), singleton lock (nothing is written without it), data source, schema
 * guard, dungeon seed, Discord login. Each step that cannot go on ends the process
 * with one clear line and a meaningful exit code; from the lock on, everything
 * opened is registered with the shutdown so SIGTERM/SIGINT close it in order.
 */
async function main(): Promise<void> {
  const env = readEnvironment();
  setLogLevel(readBootLogLevel(env));

  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`Config error: ${error.message}\n`);
    process.exit(EXIT_FAILURE);
  }
  protectSecrets(config);
  setLogLevel(config.discordLogLevel);
  container.config = config;
  container.shutdown = shutdown;
  // Records from before ready are kept (bounded) and forwarded once the log channel is reachable.
  installLogForwarder(config);
  log.info(`Starting DMW Raid Bot (pid ${process.pid}, Node ${process.version}, log level ${config.discordLogLevel})`);

  shutdown.installSignalHandlers();
  process.on('uncaughtException', (error) => {
    log.error('Uncaught exception', error);
    void shutdown.run('uncaught exception', EXIT_FAILURE);
  });
  process.on('unhandledRejection', (reason) => log.error('Unhandled promise rejection', reason));

  const database = redactUrl(config.databaseUrl);
  log.info(`Taking the singleton lock (advisory lock ${SINGLETON_LOCK_KEY}) on ${database}`);
  // A lost lock (database outage) pauses database work and is taken again when the database is back (see lock-keeper.ts).
  let databaseGate: DatabaseGate | null = null;
  const lock = await SingletonLockKeeper.start({
    databaseUrl: config.databaseUrl,
    logger: log,
    onLost: () => databaseGate?.close('the singleton lock is not held'),
    onRegained: () => {
      databaseGate?.open();
      void restoreAfterOutage();
    },
    onTakenOver: () => void shutdown.run('singleton lock taken by another instance', EXIT_ALREADY_RUNNING),
  }).catch((error: unknown) => exitWithDatabaseError(database, error));
  if (lock === null) {
    log.warn(`Another instance holds the singleton lock (advisory lock ${SINGLETON_LOCK_KEY}) on ${database}; exiting without connecting to Discord`);
    process.exit(EXIT_ALREADY_RUNNING);
  }
  shutdown.add('singleton lock', () => lock.release());
  log.info('Singleton lock acquired');

  const dataSource = createDataSource(config.databaseUrl, {
    logger: new TypeOrmLoggerAdapter({ echo: config.dbEcho }),
    logging: true,
  });
  databaseGate = gateDataSource(dataSource);
  log.info('Connecting the data source');
  await dataSource.initialize().catch((error: unknown) => exitWithDatabaseError(database, error));
  shutdown.add('database', () => dataSource.destroy());
  container.db = dataSource;
  container.repos = createRepositories(dataSource);

  log.info('Checking the database schema');
  const changes = await ensureSchema(dataSource, (line) => log.info(line));
  log.info(changes.length === 0 ? 'Schema complete, nothing changed' : `Schema guard made ${changes.length} change(s)`);

  const seeded = await seedDungeons(dataSource);
  log.info(seeded === 0 ? 'Dungeon catalogue present, nothing seeded' : `Seeded ${seeded} dungeons`);

  if (shutdown.inProgress) return; // a signal arrived during start-up

  const keys = redisKeys(config.redisNamespace);
  log.info(`Redis namespace ${config.redisNamespace} on ${redactUrl(config.redisUrl)}: keys ${keys.levelingPrefix}*, job queue ${keys.taskQueue}`);
  // Steps close newest first, so a shutdown goes: no new interactions, dashboard, the
  // task worker drains its running job (a stale-raid run, say), the raid services drain
  // close flows and pending list edits — all while the client can still reach Discord
  // (destroy() drops the REST token) and the database is open — then the gateway goes.
  // Whatever a drain cannot finish in time is recorded in the database and completed at
  // the next start (owed raid clean-ups, see close-raid.ts).
  const client = createClient(config);
  shutdown.add('Discord gateway', () => client.destroy());
  floodGuards(); // connects now, so the first vote finds Redis ready
  shutdown.add('flood guards (Redis)', () => closeFloodGuards());
  // Bounded, so slow role updates (tightly rate-limited) cannot eat the 10 s.
  shutdown.add('raid services (close flows and pending message work)', () =>
    Promise.race([disposeRaidServices(), delay(RAID_SERVICES_DRAIN_MS).then(() => log.warn('Raid services still busy; stopping anyway'))]),
  );
  shutdown.add('scheduled tasks (queue and worker)', () => container.tasks.close());
  await startJobDashboard(config);
  shutdown.add('interactions (answered "restarting" from now on)', () => stopTakingInteractions(client));
  log.info(`Logging in to Discord${config.discordApiUrl === null ? '' : ` through ${config.discordApiUrl}`}`);
  await login(client, config);
}

async function login(client: SapphireClient, config: Config): Promise<void> {
  try {
    await client.login(config.discordToken);
    log.info('Logged in; the gateway is connecting');
  } catch (error) {
    if (shutdown.inProgress) return; // destroy() during a pending login rejects it; nothing to report
    if (error instanceof Error && 'code' in error && error.code === DiscordjsErrorCodes.TokenInvalid) {
      log.error('Discord rejected DISCORD_TOKEN: reset the token in the developer portal (Bot → Reset Token) and update .env');
    } else {
      log.error('Discord login failed', error);
    }
    await shutdown.run('login failed', EXIT_FAILURE);
  }
}

/** The dashboard is an operator's window, not a reason to stay down: a taken port is logged and skipped. */
async function startJobDashboard(config: Config): Promise<void> {
  // Every request must carry the token (the dashboard can add and remove jobs); without one there is nothing to serve.
  if (config.dashboardToken === null) {
    log.info('Job dashboard off: set DASHBOARD_TOKEN to serve it');
    return;
  }
  try {
    const dashboard = await startDashboard({
      host: config.dashboardHost,
      port: config.dashboardPort,
      token: config.dashboardToken,
      queues: [container.tasks.client],
    });
    // Added after the queue, so it closes before it.
    shutdown.add('job dashboard', () => dashboard.close());
    log.info(`Job dashboard listening on ${dashboard.url}`);
  } catch (error) {
    log.error(`Job dashboard not started on ${config.dashboardHost}:${config.dashboardPort}`, error);
  }
}

function protectSecrets(config: Config): void {
  registerSecret(config.discordToken);
  registerSecret(config.dashboardToken);
  for (const url of [config.databaseUrl, config.redisUrl]) {
    const password = new URL(url).password;
    if (password !== '') registerSecret(decodeURIComponent(password));
  }
}

/** pg/Node connection errors in one line (a refused localhost is an AggregateError with an empty message). */
function describeConnectError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return [...new Set(error.errors.map((inner: unknown) => describeConnectError(inner)))].join('; ');
  }
  if (error instanceof Error) return redactSecrets(error.message || error.name);
  return redactSecrets(String(error));
}

/** One line, no stack: a wrong DATABASE_URL is an operator's fix, not a bug. */
function exitWithDatabaseError(database: string, error: unknown): never {
  process.stderr.write(`Database error: could not connect to ${database}: ${describeConnectError(error)}\n`);
  process.exit(EXIT_FAILURE);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    if (shutdown.inProgress) return; // closing the database under a running step makes it fail; the shutdown decides the exit
    log.error('Start-up failed', error);
    process.exit(EXIT_FAILURE);
  });
}
