import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { SimpleIdentifyThrottler, type IIdentifyThrottler, type WebSocketManager } from '@discordjs/ws';
import { AsyncQueue } from '@sapphire/async-queue';
import type { Redis } from 'ioredis';
import { createLogger, describeError, type Logger } from '../logging';
import { redisKeys } from '../redis-namespace';
import { tryAcquireLock } from '../tasks/redis-lock';

/**
 * Discord lets a bot start `max_concurrency` gateway sessions per 5 seconds: shard `id`
 * belongs to rate-limit bucket `id % max_concurrency`, and each bucket takes one
 * IDENTIFY per 5 s. @discordjs/ws keeps that rule only inside one process; with several
 * shard processes on one token they would identify together and be refused. Here the
 * bucket is a Redis key every process of the deployment sees
 * (`<namespace>:identify:<bucket>`): an identify takes it with `SET NX PX` and leaves it
 * to expire, so the next shard of that bucket, in whatever process, identifies only
 * after the window. Redis away → the process falls back to @discordjs/ws's in-process
 * throttle, with one warning per outage, so shards still start.
 */

/**
 * Discord's 5 s plus half a second: the window is counted from the grant here, Discord
 * counts from the IDENTIFY's arrival, and two processes' identifies may travel unequally.
 */
export const IDENTIFY_WINDOW_MS = 5_500;

/** The part of @discordjs/ws's manager the throttler needs (its cached GET /gateway/bot). */
export type GatewayInformationSource = Pick<WebSocketManager, 'fetchGatewayInformation'>;

export interface SharedIdentifyThrottleOptions {
  /**
   * The deployment's Redis, fail-fast (no offline queue, short command timeout, as
   * `createGuardRedis` makes it): a command during an outage must fail, not wait.
   * A function so the connection may be made after the client.
   */
  readonly redis: () => Redis | Promise<Redis>;
  /** REDIS_NAMESPACE: processes of one deployment share buckets, other deployments do not. */
  readonly namespace: string;
  /** How long a bucket stays held after an identify (default 5.5 s; tests use less). */
  readonly windowMs?: number;
  /** How long to wait for a connection that is still connecting before falling back (default 2 s). */
  readonly readyTimeoutMs?: number;
  readonly logger?: Pick<Logger, 'info' | 'warn'>;
}

/**
 * The `ws.buildIdentifyThrottler` of discord.js's ClientOptions: reads `max_concurrency`
 * from the manager's gateway information and throttles identifies through Redis.
 */
export function sharedIdentifyThrottler(options: SharedIdentifyThrottleOptions): (manager: GatewayInformationSource) => Promise<IIdentifyThrottler> {
  return async (manager) => {
    const info = await manager.fetchGatewayInformation();
    return new RedisIdentifyThrottler(info.session_start_limit.max_concurrency, options);
  };
}

export class RedisIdentifyThrottler implements IIdentifyThrottler {
  private readonly keyPrefix: string;
  private readonly windowMs: number;
  private readonly readyTimeoutMs: number;
  private readonly logger: Pick<Logger, 'info' | 'warn'>;
  /** Used while Redis is away; one per process, so local shards still keep the rule among themselves. */
  private readonly local: SimpleIdentifyThrottler;
  /** One waiter per bucket asks Redis at a time; the others queue here in order. */
  private readonly queues = new Map<number, AsyncQueue>();
  private fallingBack = false;

  public constructor(
    public readonly maxConcurrency: number,
    private readonly options: SharedIdentifyThrottleOptions,
  ) {
    if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1) throw new RangeError(`max_concurrency must be a positive integer, got ${maxConcurrency}`);
    this.keyPrefix = redisKeys(options.namespace).identifyBucketPrefix;
    this.windowMs = options.windowMs ?? IDENTIFY_WINDOW_MS;
    this.readyTimeoutMs = options.readyTimeoutMs ?? 2_000;
    this.logger = options.logger ?? createLogger('dmw.sharding');
    this.local = new SimpleIdentifyThrottler(maxConcurrency);
  }

  /** The Redis key of a shard's bucket. */
  public bucketKey(shardId: number): string {
    return `${this.keyPrefix}${shardId % this.maxConcurrency}`;
  }

  public async waitForIdentify(shardId: number, signal: AbortSignal): Promise<void> {
    const bucket = shardId % this.maxConcurrency;
    let queue = this.queues.get(bucket);
    if (!queue) this.queues.set(bucket, (queue = new AsyncQueue()));
    // The queue rejects an abort with a plain Error; callers get the signal's reason, as from the other waits.
    await queue.wait({ signal }).catch((error: unknown) => {
      throw signal.reason ?? error;
    });
    try {
      await this.takeBucket(this.bucketKey(shardId), signal);
      if (this.fallingBack) {
        this.fallingBack = false;
        this.logger.info('Redis answers again: gateway identifies are coordinated across shard processes again');
      }
    } catch (error) {
      if (signal.aborted) throw signal.reason ?? error;
      if (!this.fallingBack) {
        this.fallingBack = true;
        this.logger.warn(
          `Redis is unreachable, so gateway identifies are throttled in this process only (${describeError(error)}); ` +
            'other shard processes may identify at the same time and be told to wait by Discord',
        );
      }
      await this.local.waitForIdentify(shardId, signal);
    } finally {
      queue.shift();
    }
  }

  /** Takes the bucket key for one window, waiting as long as another identify holds it. */
  private async takeBucket(key: string, signal: AbortSignal): Promise<void> {
    const redis = await this.connected(signal);
    for (;;) {
      signal.throwIfAborted();
      // Never released: its expiry is the end of the window.
      if (await tryAcquireLock(redis, key, this.windowMs)) return;
      const heldForMs = await redis.pttl(key);
      await sleep(heldForMs > 0 ? heldForMs : 5, undefined, { signal });
    }
  }

  private async connected(signal: AbortSignal): Promise<Redis> {
    const redis = await this.options.redis();
    if (redis.status === 'ready') return redis;
    const timeout = AbortSignal.timeout(this.readyTimeoutMs);
    try {
      await once(redis, 'ready', { signal: AbortSignal.any([signal, timeout]) });
    } catch (error) {
      if (signal.aborted) throw signal.reason ?? error;
      throw new Error(`no connection within ${this.readyTimeoutMs} ms (status ${redis.status})`);
    }
    return redis;
  }
}
