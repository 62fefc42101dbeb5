/**
 * One way to set up a world for end-to-end tests: the Discord emulator, a database of
 * the production schema with the bot's repositories on it (world-base.ts), Redis (a
 * leased database, or a redis-server of the world's own for a test that stops Redis)
 * and the built bot as a process:
 *
 *   const world = await createWorld();
 *   const guild = await createRaidGuild(world, 'Raiders');   // built first: READY lists it
 *   await world.startBot({ env: { PRIVILEGED_USER_ID: operator.id } });
 *   …
 *   await world?.stop();
 *
 * The bot counts as started once its gateway session is READY, its commands are
 * registered, its start-up restoration has run and it has gone quiet.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { redisKeys, type RedisKeys } from '../../src/lib/redis-namespace';
import { BotProcess, type BotExit } from './bot-process';
import type { DiscordDriver } from './discord-emulator';
import { freePort } from './free-port';
import { leaseRedisDatabase, PrivateRedis } from './redis';
import { buildOrClose, openWorldBase, type WorldBase, type WorldBaseOptions } from './world-base';

export interface WorldOptions extends WorldBaseOptions {
  /** Extra or overriding environment for the bot (more at each `startBot`). */
  env?: Record<string, string>;
  /** `own`: a redis-server of the world's own (`world.privateRedis`), for a test that stops Redis. Default: a leased database. */
  redis?: 'leased' | 'own';
  /** Lease exactly this Redis database. */
  redisDb?: number;
  /** Command names that must be registered before the bot counts as started (default: any command). */
  commands?: string[];
  /** How long a start may take (default 90 s). */
  readyTimeoutMs?: number;
  /** Quiet period that ends a start (default 500 ms). */
  quietMs?: number;
  /** How to run the bot with a given environment, instead of `node dist/index.js` (scripts/container-smoke.ts: `podman run …`). */
  botCommand?: (env: Readonly<Record<string, string>>) => { file: string; args: string[] };
}

export interface World extends WorldBase {
  readonly driver: DiscordDriver;
  /** The bot's REDIS_URL. */
  readonly redisUrl: string;
  /** The world's own redis-server (`redis: 'own'`); null with a leased database. */
  readonly privateRedis: PrivateRedis | null;
  /** The running bot process (throws before the first start); replaced by each start. */
  readonly bot: BotProcess;
  /** The environment the bot runs with. */
  readonly env: Readonly<Record<string, string>>;
  /** The bot's Redis keys and queue name (its REDIS_NAMESPACE, by default derived from its DATABASE_URL). */
  readonly redisKeys: RedisKeys;
  /** What the current bot process said so far ('' before the first start), for failure messages. */
  transcript(): string;
  /** Starts the bot (first, or after it stopped or was killed) with the environment plus `env`, and waits until it is ready. */
  startBot(options?: { env?: Record<string, string> }): Promise<BotProcess>;
  /** SIGTERM (a non-zero exit fails), then a new process, ready again. */
  restartBot(options?: { env?: Record<string, string> }): Promise<BotProcess>;
  /** Sends `signal` (default SIGKILL) and waits for the exit. */
  killBot(signal?: NodeJS.Signals): Promise<BotExit>;
  /** Stops the bot, then closes everything else (see `WorldBase.close`). */
  stop(): Promise<void>;
}

export async function createWorld(options: WorldOptions = {}): Promise<World> {
  const base = await openWorldBase(options);
  return buildOrClose(base, async () => {
    const redis = options.redis === 'own' ? await PrivateRedis.start() : await leaseRedisDatabase(options.redisDb);
    base.onClose(() => redis.close());
    const backupDir = mkdtempSync(join(tmpdir(), 'dmw-backups-'));
    base.onClose(() => rmSync(backupDir, { recursive: true, force: true }));
    const env: Record<string, string> = {
      DISCORD_TOKEN: base.emulator.bot.token,
      DISCORD_API_URL: base.emulator.apiUrl,
      DATABASE_URL: base.db.url,
      REDIS_URL: redis.url,
      DASHBOARD_PORT: String(await freePort()),
      BACKUP_DIR: backupDir,
      SELF_TEST_INTERVAL_SECONDS: '3600',
      BACKUP_INTERVAL_SECONDS: '86400',
      ...options.env,
    };
    return new RunningWorld(base, redis instanceof PrivateRedis ? redis : null, env, options);
  });
}

class RunningWorld implements World {
  private current: BotProcess | null = null;
  public readonly emulator: WorldBase['emulator'];
  public readonly db: WorldBase['db'];
  public readonly dataSource: WorldBase['dataSource'];
  public readonly repos: WorldBase['repos'];

  public constructor(
    private readonly base: WorldBase,
    public readonly privateRedis: PrivateRedis | null,
    private baseEnv: Record<string, string>,
    private readonly options: WorldOptions,
  ) {
    this.emulator = base.emulator;
    this.db = base.db;
    this.dataSource = base.dataSource;
    this.repos = base.repos;
  }

  public get driver(): DiscordDriver {
    return this.emulator.driver;
  }

  public get redisUrl(): string {
    return this.baseEnv.REDIS_URL!;
  }

  public get env(): Readonly<Record<string, string>> {
    return this.baseEnv;
  }

  public get redisKeys(): RedisKeys {
    return redisKeys(loadConfig(this.baseEnv).redisNamespace);
  }

  public get bot(): BotProcess {
    if (!this.current) throw new Error('the bot has not been started (world.startBot())');
    return this.current;
  }

  public transcript(): string {
    return this.current?.transcript() ?? '';
  }

  public onClose(cleanup: () => void | Promise<void>): void {
    this.base.onClose(cleanup);
  }

  public close(): Promise<void> {
    return this.stop();
  }

  public async startBot(options: { env?: Record<string, string> } = {}): Promise<BotProcess> {
    if (this.current && !this.current.exited) throw new Error('the bot is already running; use restartBot()');
    this.baseEnv = { ...this.baseEnv, ...options.env };
    const since = Date.now();
    const timeoutMs = this.options.readyTimeoutMs ?? 90_000;
    const ready = this.emulator.gateway.waitFor('ready', { applicationId: this.emulator.bot.applicationId, timeoutMs });
    ready.catch(() => undefined);
    const bot = BotProcess.start({ env: this.baseEnv, command: this.options.botCommand?.(this.baseEnv) });
    this.current = bot;
    // Stops the polling waits when start-up fails, so nothing keeps running after the error.
    const abort = new AbortController();
    try {
      await untilExit(bot, ready, 'the gateway session to become READY');
      await untilExit(bot, this.commandsRegistered(since, timeoutMs, abort.signal), 'its commands to be registered');
      await bot.waitForLine(/restoration: \d+ open raid|start-up restoration failed/, { timeoutMs });
      await untilExit(bot, this.driver.settle({ quietMs: this.options.quietMs ?? 500, timeoutMs, signal: abort.signal }), 'start-up to go quiet');
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- bot output ---\n${bot.transcript()}`);
    } finally {
      abort.abort();
    }
    return bot;
  }

  /** Command sync happened: a command route was called after `since` and the expected commands exist. */
  private async commandsRegistered(since: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    const deadline = Date.now() + timeoutMs;
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
    await this.base.close();
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
