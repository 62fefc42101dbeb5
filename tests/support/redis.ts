/**
 * Redis for tests: a leased database of the shared test server (the usual case), or a
 * redis-server of the test's own that it may stop and start (a Redis outage) without
 * touching anyone else.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { freePort } from './free-port';
import { waitUntil } from './wait';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Redis databases that are leased out. Other suites use 4–13 by fixed number; a lease
 * (a key in database 0) keeps two worlds, of this worktree or another, from sharing one.
 */
export const LEASED_REDIS_DATABASES = [1, 2, 3, 14, 15];

export interface TestRedis {
  /** The bot's REDIS_URL. */
  readonly url: string;
  /** Gives the database back (flushed), or stops the own server and removes its files. */
  close(): Promise<void>;
}

/** A Redis database of our own until `close()`: leased, flushed, released. */
export async function leaseRedisDatabase(preferred?: number): Promise<TestRedis> {
  const admin = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  const holder = `${process.pid}:${randomBytes(6).toString('hex')}`;
  const candidates = preferred !== undefined ? [preferred] : LEASED_REDIS_DATABASES;
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      for (const index of candidates) {
        if ((await admin.set(leaseKey(index), holder, 'PX', 60 * 60 * 1000, 'NX')) === 'OK') {
          const url = `${TEST_REDIS_URL.replace(/\/\d*$/, '')}/${index}`;
          await flush(url);
          return {
            url,
            close: async () => {
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

/** The lease of database `index` (the key other worktrees' runs check too: keep it). */
export function leaseKey(index: number): string {
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

/**
 * A redis-server of the test's own on a free loopback port (append-only file in a
 * temporary directory), so a test may stop and start it (a Redis outage).
 */
export class PrivateRedis implements TestRedis {
  private process: ChildProcess | null = null;

  private constructor(
    public readonly port: number,
    private readonly dir: string,
  ) {}

  public static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort(), mkdtempSync(join(tmpdir(), 'dmw-redis-')));
    await redis.start();
    return redis;
  }

  public get url(): string {
    return `redis://127.0.0.1:${this.port}/0`;
  }

  public async start(): Promise<void> {
    this.process = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes', '--save', ''], { stdio: 'ignore' });
    await waitUntil('redis-server answers', () => this.answers(), 10_000);
  }

  /** SIGTERM: Redis writes its append-only file and exits, like a restart of the service. */
  public async stop(): Promise<void> {
    const child = this.process;
    this.process = null;
    if (child === null || child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  }

  public async close(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async answers(): Promise<boolean> {
    // disconnectTimeout 0: after a refused connection ioredis would otherwise keep a 2 s timer for a socket already closed.
    const client = new Redis({ port: this.port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, disconnectTimeout: 0 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      client.disconnect();
    }
  }
}
