/**
 * One call to get the built bot running against the Discord emulator with a
 * database and a Redis database of its own, for end-to-end tests:
 *
 *   const harness = await startHarness({ guilds: [{ name: 'Raiders' }] });
 *   const [guild] = harness.guilds;
 *   await harness.driver.slash({ ... });
 *   await harness.stop();
 *
 * `startHarness` resolves once the bot's gateway session is READY, it has
 * registered its commands and gone quiet (start-up restoration included).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { loadConfig } from '../../src/config';
import { redisKeys, type RedisKeys } from '../../src/lib/redis-namespace';
import { BotProcess, type BotExit } from './bot-process';
import { createTestDatabase, type TestDatabase } from './database';
import { RequestContractError, startDiscordEmulator, type DiscordEmulator, type DiscordEmulatorOptions, type GatewaySession } from './discord-emulator';
import type { DiscordDriver, GuildFixture, GuildSetup } from './discord-emulator/driver';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Redis databases the harness leases out. Other suites use 4–13 by fixed number;
 * a lease (a key in database 0) keeps two harnesses from sharing one.
 */
export const HARNESS_REDIS_DATABASES = [1, 2, 3, 14, 15];

export interface HarnessOptions {
  /** A database to use (and not drop); by default a fresh one from the production schema fixture. */
  db?: TestDatabase;
  /** Extra or overriding environment for the bot. */
  env?: Record<string, string>;
  /** Guilds that exist before the bot logs in (READY lists them); fixtures in `harness.guilds`. */
  guilds?: GuildSetup[];
  /** Anything else to build before the bot starts (channels, members, settings rows…). */
  setup?: (emulator: DiscordEmulator, guilds: GuildFixture[]) => void | Promise<void>;
  emulator?: DiscordEmulatorOptions;
  /** Command names that must be registered before the bot counts as ready (default: any command). */
  commands?: string[];
  /** Lease exactly this Redis database instead of one of HARNESS_REDIS_DATABASES. */
  redisDb?: number;
  /** How long start-up may take (default 60 s). */
  readyTimeoutMs?: number;
  /** Quiet period that ends start-up (default 500 ms). */
  quietMs?: number;
  /** Do not start the bot yet (call `harness.startBot()`). */
  deferBotStart?: boolean;
  /** How to run the bot with a given environment, instead of `node dist/index.js` (see StartBotOptions.command). */
  botCommand?: (env: Readonly<Record<string, string>>) => { file: string; args: string[] };
}

export interface Harness {
  readonly emulator: DiscordEmulator;
  readonly driver: DiscordDriver;
  readonly db: TestDatabase;
  /** The bot's REDIS_URL (its own database index). */
  readonly redisUrl: string;
  readonly guilds: GuildFixture[];
  /** The running bot process; replaced by `restartBot`/`startBot`. */
  readonly bot: BotProcess;
  /** The environment the bot runs with. */
  readonly env: Readonly<Record<string, string>>;
  /** The bot's Redis keys and queue name (its REDIS_NAMESPACE, by default derived from its DATABASE_URL). */
  readonly redisKeys: RedisKeys;
  /** Starts the bot (after `deferBotStart`, or after `killBot`) and waits until it is ready. */
  startBot(options?: { env?: Record<string, string> }): Promise<BotProcess>;
  /** SIGTERM (graceful), then a new process with the same environment (plus `env`), ready again. */
  restartBot(options?: { env?: Record<string, string> }): Promise<BotProcess>;
  /** Sends `signal` (default SIGKILL) and waits for the exit. */
  killBot(signal?: NodeJS.Signals): Promise<BotExit>;
  /** Stops the bot, the emulator, Redis and (if the harness created it) drops the database. */
  stop(): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const emulator = await startDiscordEmulator({ heartbeatIntervalMs: 5_000, ...options.emulator });
  const cleanups: Array<() => Promise<void>> = [() => emulator.close()];
  // Cleanups are best effort, except that requests breaking Discord's API contract must fail the test file.
  const runCleanups = async () => {
    let broken: RequestContractError | null = null;
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((error: unknown) => {
        if (error instanceof RequestContractError) broken = error;
      });
    }
    if (broken) throw broken;
  };
  try {
    const guilds = (options.guilds ?? []).map((setup) => emulator.driver.createGuild(setup));
    const db = options.db ?? (await createTestDatabase());
    if (!options.db) cleanups.push(() => db.drop());
    const redis = await leaseRedisDatabase(options.redisDb);
    cleanups.push(() => redis.release());
    const backupDir = mkdtempSync(join(tmpdir(), 'dmw-backups-'));
    cleanups.push(async () => rmSync(backupDir, { recursive: true, force: true }));
    await options.setup?.(emulator, guilds);
    const env: Record<string, string> = {
      DISCORD_TOKEN: emulator.bot.token,
      DISCORD_API_URL: emulator.apiUrl,
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      DASHBOARD_PORT: String(await freePort()),
      BACKUP_DIR: backupDir,
      SELF_TEST_INTERVAL_SECONDS: '3600',
      BACKUP_INTERVAL_SECONDS: '86400',
      ...options.env,
    };
    const harness = new RunningHarness(emulator, db, redis.url, guilds, env, options, runCleanups);
    if (!options.deferBotStart) await harness.startBot();
    return harness;
  } catch (error) {
    // A start-up that failed on a request breaking the API contract says so.
    const broken = await runCleanups().then(() => null, (cleanupError: unknown) => cleanupError as Error);
    if (broken && error instanceof Error) error.message += `\n${broken.message}`;
    throw error;
  }
}

class RunningHarness implements Harness {
  private current: BotProcess | null = null;

  public constructor(
    public readonly emulator: DiscordEmulator,
    public readonly db: TestDatabase,
    public readonly redisUrl: string,
    public readonly guilds: GuildFixture[],
    private baseEnv: Record<string, string>,
    private readonly options: HarnessOptions,
    private readonly cleanup: () => Promise<void>,
  ) {}

  public get driver(): DiscordDriver {
    return this.emulator.driver;
  }

  public get env(): Readonly<Record<string, string>> {
    return this.baseEnv;
  }

  public get redisKeys(): RedisKeys {
    return redisKeys(loadConfig(this.baseEnv).redisNamespace);
  }

  public get bot(): BotProcess {
    if (!this.current) throw new Error('the bot is not running (startHarness({ deferBotStart: true }) or after killBot)');
    return this.current;
  }

  public async startBot(options: { env?: Record<string, string> } = {}): Promise<BotProcess> {
    if (this.current && !this.current.exited) throw new Error('the bot is already running; use restartBot()');
    this.baseEnv = { ...this.baseEnv, ...options.env };
    const since = Date.now();
    const timeoutMs = this.options.readyTimeoutMs ?? 60_000;
    const ready = this.emulator.gateway.waitFor('ready', { applicationId: this.emulator.bot.applicationId, timeoutMs });
    ready.catch(() => undefined);
    const bot = BotProcess.start({ env: this.baseEnv, command: this.options.botCommand?.(this.baseEnv) });
    this.current = bot;
    // Stops the polling waits when start-up fails, so nothing keeps running after the error.
    const abort = new AbortController();
    try {
      await untilExit(bot, ready, 'the gateway session to become READY');
      await untilExit(bot, this.commandsRegistered(since, abort.signal), 'its commands to be registered');
      await untilExit(bot, this.driver.settle({ quietMs: this.options.quietMs ?? 500, timeoutMs, signal: abort.signal }), 'start-up to go quiet');
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- bot output ---\n${bot.transcript()}`);
    } finally {
      abort.abort();
    }
    return bot;
  }

  /** Command sync happened: a command route was called after `since` and the expected commands exist. */
  private async commandsRegistered(since: number, signal: AbortSignal): Promise<void> {
    const deadline = Date.now() + (this.options.readyTimeoutMs ?? 60_000);
    const expected = this.options.commands;
    while (!signal.aborted) {
      const synced = this.emulator.rest.calls.some((c) => c.startedAt >= since && c.finishedAt !== null && /\/commands(\/|$)/.test(c.route ?? ''));
      const names = new Set(this.allCommandNames());
      const complete = expected ? expected.every((name) => names.has(name)) : names.size > 0;
      if (synced && complete) return;
      if (Date.now() > deadline) {
        throw new Error(`the bot did not register its commands in time (registered: ${[...names].join(', ') || 'none'}${expected ? `; expected ${expected.join(', ')}` : ''})`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private allCommandNames(): string[] {
    const application = this.emulator.bot.application;
    return [...application.globalCommands.values(), ...[...application.guildCommands.values()].flatMap((m) => [...m.values()])].map((c) => c.name);
  }

  public async restartBot(options: { env?: Record<string, string> } = {}): Promise<BotProcess> {
    if (this.current && !this.current.exited) {
      const exit = await this.current.stop();
      if (exit.code !== 0 && exit.signal === null) {
        throw new Error(`the bot exited with ${exit.code} on SIGTERM\n--- bot output ---\n${this.current.transcript()}`);
      }
    }
    return this.startBot(options);
  }

  public async killBot(signal: NodeJS.Signals = 'SIGKILL'): Promise<BotExit> {
    const bot = this.bot;
    bot.signal(signal);
    return bot.waitForExit(15_000);
  }

  public async stop(): Promise<void> {
    if (this.current && !this.current.exited) await this.current.stop();
    await this.cleanup();
  }
}

/** Rejects as soon as the bot exits while we wait for `promise`. */
async function untilExit<T>(bot: BotProcess, promise: Promise<T>, what: string): Promise<T> {
  let onExit: (() => void) | undefined;
  const exited = new Promise<never>((_resolve, reject) => {
    onExit = () => reject(new Error(`the bot exited (code ${bot.child.exitCode}, signal ${bot.child.signalCode}) while waiting for ${what}`));
    bot.child.once('exit', onExit);
  });
  try {
    return await Promise.race([promise, exited]);
  } finally {
    if (onExit) bot.child.off('exit', onExit);
  }
}

/** A Redis database of our own for the life of the harness: leased, flushed, released. */
async function leaseRedisDatabase(preferred?: number): Promise<{ url: string; release(): Promise<void> }> {
  const admin = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  const holder = `${process.pid}:${randomBytes(6).toString('hex')}`;
  const candidates = preferred !== undefined ? [preferred] : HARNESS_REDIS_DATABASES;
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      for (const index of candidates) {
        if ((await admin.set(leaseKey(index), holder, 'PX', 60 * 60 * 1000, 'NX')) === 'OK') {
          const url = `${TEST_REDIS_URL.replace(/\/\d*$/, '')}/${index}`;
          await flush(url);
          return {
            url,
            release: async () => {
              await flush(url);
              const releaser = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
              try {
                if ((await releaser.get(leaseKey(index))) === holder) await releaser.del(leaseKey(index));
              } finally {
                releaser.disconnect();
              }
            },
          };
        }
      }
      if (Date.now() > deadline) throw new Error(`no free Redis database among ${candidates.join(', ')} (leases in database 0: ${leaseKey(0).replace(/0$/, '<n>')})`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    admin.disconnect();
  }
}

function leaseKey(index: number): string {
  return `dmw:test:harness-redis-lease:${index}`;
}

async function flush(url: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export type { GatewaySession };
