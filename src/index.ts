import './lib/setup';
import { setTimeout as delay } from 'node:timers/promises';
import { container, type SapphireClient } from '@sapphire/framework';
import { DiscordjsErrorCodes } from 'discord.js';
import { ConfigError, loadConfig, readBootLogLevel, readEnvironment, redactUrl, type Config } from './config';
import { SINGLETON_LOCK_KEY, describeLockHolder, singletonLockHolders } from './lib/db/advisory-lock';
import { shardLockConflicts } from './lib/db/shard-locks';
import { describeConnectError } from './lib/db/connect-error';
import { createDataSource } from './lib/db/data-source';
import { createRepositories } from './lib/db/repositories';
import { ensureSchema } from './lib/db/schema-guard';
import { seedDungeons } from './lib/db/seed';
import { createClient } from './lib/client';
import { redisKeys } from './lib/redis-namespace';
import { createRaidServices } from './lib/raids/services';
import { closeFloodGuards, createFloodGuards } from './lib/flood';
import { createDebugMirror } from './lib/debug-mirror/debug-mirror';
import { createReminders } from './lib/reminders';
import { createScheduledEvents } from './lib/scheduled-events';
import { provideRedis } from './lib/tasks/redis';
import { stopTakingInteractions } from './lib/discord/intake';
import { startDashboard } from './lib/dashboard';
import { createReadiness, type ReadinessReport } from './lib/health/readiness';
import { installMetrics, renderMetrics } from './lib/metrics';
import { installLogForwarder } from './lib/log-forwarder';
import { gateDataSource, type DatabaseGate } from './lib/db/availability';
import { SingletonLockKeeper } from './lib/db/lock-keeper';
import { restoreAfterOutage } from './lib/startup';
import { clockFor } from './lib/time';
import { shardOwnership } from './lib/sharding/ownership';
import { TypeOrmLoggerAdapter, createLogger, registerSecret, setLogLevel } from './lib/logging';
import { EXIT_ALREADY_RUNNING, EXIT_FAILURE, Shutdown } from './lib/shutdown';

export { EXIT_ALREADY_RUNNING, EXIT_FAILURE, EXIT_OK, EXIT_RESTART_REQUESTED } from './lib/shutdown';

const log = createLogger('dmw.runtime');
/** Share of the shutdown's 10 s that pending message work may take. */
const RAID_SERVICES_DRAIN_MS = 5_000;
const shutdown = new Shutdown(log);
/** How often a process waiting for shards owned elsewhere tries to take them. */
const SHARD_STANDBY_RETRY_MS = 3_000;
let databaseGate: DatabaseGate | null = null;

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
  container.clock = clockFor(config.testClock);
  container.shards = shardOwnership(config.sharding);
  if (config.testClock !== null) log.warn(`Test clock: starts at ${config.testClock.start.toISOString()}, speed ${config.testClock.speed} (TEST_CLOCK_START is for tests only)`);
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
  const lock = await takeLock(config, database);
  shutdown.add(config.sharding === null ? 'singleton lock' : 'shard locks', () => lock.release());
  log.info(config.sharding === null ? 'Singleton lock acquired' : `Shard locks acquired: this process owns ${container.shards.label}`);

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
  log.info(`Redis namespace ${config.redisNamespace} on ${redactUrl(config.redisUrl)}: keys ${keys.levelingPrefix}*, job queue ${keys.taskQueue}, reminder queue ${keys.reminderQueue}`);
  // Steps close newest first, so a shutdown goes: no new interactions, dashboard, the
  // task worker drains its running job (a stale-raid run, say), the raid services drain
  // close flows and pending list edits — all while the client can still reach Discord
  // (destroy() drops the REST token) and the database is open — then the gateway goes.
  // Whatever a drain cannot finish in time is recorded in the database and completed at
  // the next start (owed raid clean-ups, see close-raid.ts).
  const client = createClient(config);
  shutdown.add('Discord gateway', () => client.destroy());
  // Everything shared, in one place: pieces and services reach it through the container.
  provideRedis(config);
  container.flood = createFloodGuards(config); // connects now, so the first vote finds Redis ready
  shutdown.add('flood guards (Redis)', () => closeFloodGuards(container.flood));
  container.raids = createRaidServices(client, container.repos, config, container.flood, container.clock, {
    redis: () => container.redis(),
    prefix: keys.attendancePrefix,
  });
  container.debugMirror = createDebugMirror(client, container.repos, config, container.raids);
  container.reminders = createReminders(client, container.repos, container.raids, config);
  container.scheduledEvents = createScheduledEvents(client, container.repos, container.raids);
  installMetrics({ client, dataSource, lockHeld: () => lock.held });
  // Bounded, so slow role updates (tightly rate-limited) cannot eat the 10 s.
  shutdown.add('raid services (close flows and pending message work)', () =>
    Promise.race([container.raids.dispose(), delay(RAID_SERVICES_DRAIN_MS).then(() => log.warn('Raid services still busy; stopping anyway'))]),
  );
  // Closes before the raid services: a post in progress still has Discord and the database.
  shutdown.add('reminders (queue and worker)', () => container.reminders.close());
  shutdown.add('scheduled events (plans in progress)', () => container.scheduledEvents.dispose());
  shutdown.add('scheduled tasks (queue and worker)', () => container.tasks.close());
  const readiness = createReadiness({
    gateway: () => client.isReady(),
    database: () => dataSource.query('SELECT 1'),
    redis: async () => (await container.redis()).ping(),
    lock: () => lock.held,
    stopping: () => shutdown.inProgress,
  });
  await startHttpServer(config, readiness);
  shutdown.add('interactions (answered "restarting" from now on)', () => stopTakingInteractions(client));
  log.info(`Logging in to Discord${config.discordApiUrl === null ? '' : ` through ${config.discordApiUrl}`}`);
  await login(client, config);
}

/**
 * The database lock (advisory-lock.ts) before anything is written. Unsharded: the
 * singleton lock, or exit 3 when another instance holds it. Sharded: this process's
 * shards (shard-locks.ts); while another process owns them, wait and take them over
 * when it goes.
 */
async function takeLock(config: Config, database: string): Promise<SingletonLockKeeper> {
  const sharding = config.sharding;
  log.info(sharding === null ? `Taking the singleton lock (advisory lock ${SINGLETON_LOCK_KEY}) on ${database}` : `Taking the locks of ${container.shards.label} on ${database}`);
  // A lost lock (database outage) pauses database work and is taken again when the database is back (see lock-keeper.ts).
  const start = () =>
    SingletonLockKeeper.start({
      databaseUrl: config.databaseUrl,
      logger: log,
      lockOptions: sharding === null ? {} : { shards: sharding },
      onLost: () => databaseGate?.close('the singleton lock is not held'),
      onRegained: () => {
        databaseGate?.open();
        void restoreAfterOutage();
      },
      onTakenOver: () => void shutdown.run('singleton lock taken by another instance', EXIT_ALREADY_RUNNING),
    }).catch((error: unknown) => exitWithDatabaseError(database, error));
  let lock = await start();
  if (lock !== null) return lock;
  if (sharding === null) {
    // Who is in the way, for the operator: during a switch it is usually the old Python bot, which takes the same key.
    const holders = await singletonLockHolders(config.databaseUrl).catch(() => []);
    const heldBy = holders.length === 0 ? '' : `, held by ${holders.map(describeLockHolder).join(' and ')}`;
    log.warn(
      `Another instance holds the singleton lock (advisory lock ${SINGLETON_LOCK_KEY}) on ${database}${heldBy}. ` +
        'The old Python bot takes the same lock: stop it (or the other instance) first; exiting without connecting to Discord',
    );
    process.exit(EXIT_ALREADY_RUNNING);
  }
  const conflicts = await shardLockConflicts(config.databaseUrl, sharding).catch(() => []);
  log.warn(
    `Not taking ${container.shards.label}: ${conflicts.length === 0 ? 'another process owns them' : conflicts.join('; ')}. ` +
      `Waiting without connecting to Discord; they are taken over as soon as their owner stops`,
  );
  while (lock === null) {
    await delay(SHARD_STANDBY_RETRY_MS);
    if (shutdown.inProgress) process.exit(EXIT_ALREADY_RUNNING);
    lock = await start();
  }
  log.info(`Took over ${container.shards.label}`);
  return lock;
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

/**
 * The HTTP server on DASHBOARD_HOST:DASHBOARD_PORT: /healthz and /readyz always; the job
 * dashboard and /metrics only with DASHBOARD_TOKEN, which every request to them must
 * carry (SPEC "Dashboard"). An operator's window, not a reason to stay down: a taken
 * port is logged and skipped (the container's health check then reports it).
 */
async function startHttpServer(config: Config, readiness: () => Promise<ReadinessReport>): Promise<void> {
  const token = config.dashboardToken;
  // Cluster processes of one launcher share a host: cluster N answers on DASHBOARD_PORT + N.
  const port = config.dashboardPort + (config.sharding?.cluster ?? 0);
  try {
    const server = await startDashboard({
      host: config.dashboardHost,
      port,
      token,
      queues: token === null ? [] : [container.tasks.client, ...container.reminders.queues],
      readiness,
      metrics: token === null ? undefined : renderMetrics,
    });
    // Added after the queue, so it closes before it.
    shutdown.add('HTTP server (dashboard, metrics, health)', () => server.close());
    log.info(
      token === null
        ? `Health checks on ${server.origin}/healthz and /readyz; job dashboard and /metrics off: set DASHBOARD_TOKEN to serve them`
        : `Job dashboard listening on ${server.url}, metrics on ${server.origin}/metrics, health checks on /healthz and /readyz`,
    );
  } catch (error) {
    log.error(`HTTP server (dashboard, metrics, health) not started on ${config.dashboardHost}:${port}`, error);
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
