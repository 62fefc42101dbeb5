/**
 * A scheduled task's per-server part in a sharded deployment. The task's BullMQ job runs
 * once, in whichever process took it; but closing a raid, reading voice states or
 * draining a log buffer is the work of the process that owns the server (its cache,
 * its gateway, its memory). So the process that took the job asks every live process
 * (process-registry.ts) over Redis pub/sub to run its part for its own shards, runs its
 * own meanwhile, and returns one result naming every process's answer — the dashboard
 * shows one job with each shard's part.
 *
 * - Request: a message `{ id, task, from }` on `RedisKeys.fanOutChannel`.
 * - Answers: each process pushes `accepted`, then `done` with its result or error, onto
 *   the list `<fanOutReplyPrefix><id>` and announces it on `<fanOutChannel>:replies`; the
 *   list is what counts (a lost announcement only delays the read until the deadline).
 * - Waiting: a process that has not accepted within `acceptWaitMs` is taken for gone; one
 *   that accepted is waited for up to the task's bound. Either is named in the result as
 *   unanswered: its shards are done at the next period (every part is idempotent).
 * - A part still running from an earlier request is not started twice; it answers
 *   `skipped`.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../logging';
import type { RedisKeys } from '../redis-namespace';
import { ProcessRegistry, type LiveProcess } from './process-registry';

/** A process that does not even accept within this is taken for gone. */
export const ACCEPT_WAIT_MS = 5_000;
/** Reply lists outlive any wait, then go. */
const REPLY_TTL_MS = 15 * 60_000;

export interface PartAnswer {
  readonly process: string;
  readonly shards: readonly number[];
  /** What the part returned; absent when it failed or was skipped. */
  readonly result?: unknown;
  readonly error?: string;
  readonly skipped?: string;
}

export interface FanOutResult {
  /** One answer per process that answered in time, this process's first. */
  readonly parts: readonly PartAnswer[];
  /** Live processes that did not answer in time; their shards are done next period. */
  readonly unanswered: readonly { readonly process: string; readonly shards: readonly number[] }[];
  /** Shards no live process owns right now (starting, or gone): done once their owner is back. */
  readonly shardsWithoutProcess: readonly number[];
}

type Reply = PartAnswer & { readonly kind: 'accepted' | 'done' };
interface Request {
  readonly id: string;
  readonly task: string;
  readonly from: string;
}

export interface TaskFanOutOptions {
  /** The process's command connection (never blocked: pushes, reads, publishes). */
  readonly redis: () => Promise<Redis>;
  /** A new connection of its own for SUBSCRIBE (a subscribed connection takes no other command). */
  readonly subscriber: () => Redis;
  readonly keys: Pick<RedisKeys, 'processRegistry' | 'fanOutChannel' | 'fanOutReplyPrefix'>;
  readonly self: LiveProcess;
  /** This process's part of a task, null when it has none. */
  readonly partOf: (task: string) => (() => Promise<unknown>) | null;
  readonly logger: Logger;
  readonly acceptWaitMs?: number;
  /** The registry's TTL (tests: short, so a process that stopped renewing is gone soon). */
  readonly registryTtlMs?: number;
}

interface Waiter {
  readonly notify: () => void;
  readonly finish: () => void;
}

export class TaskFanOut {
  private readonly registry: ProcessRegistry;
  private subscriber: Redis | null = null;
  private listening: Promise<void> | null = null;
  private readonly waiters = new Map<string, Waiter>();
  /** Parts running in this process, by task. */
  private readonly running = new Set<string>();
  private closed = false;

  public constructor(private readonly options: TaskFanOutOptions) {
    this.registry = new ProcessRegistry(options.redis, options.keys.processRegistry, options.registryTtlMs);
  }

  /** Answers requests from now on and enters the registry (so jobs elsewhere wait for this process's part). */
  public async start(): Promise<void> {
    await this.listen();
    await this.registry.keepAlive(this.options.self, (error) => this.options.logger.warn('task fan-out: renewing this process in the registry failed', error));
  }

  /**
   * Runs `ownPart` here and the task's part in every other live process; resolves with
   * every answer that came within `waitMs` and who did not answer.
   */
  public async run(task: string, ownPart: () => Promise<unknown>, waitMs: number): Promise<FanOutResult> {
    await this.listen();
    const { self, keys } = this.options;
    const live = await this.registry.live();
    const others = live.filter((process) => process.id !== self.id);
    const id = randomUUID();
    const replies = others.length === 0 ? Promise.resolve(new Map<string, Reply>()) : this.collect(id, others, waitMs);
    if (others.length > 0) await (await this.options.redis()).publish(keys.fanOutChannel, JSON.stringify({ id, task, from: self.id } satisfies Request));
    const own = await this.runPart(task, ownPart);
    const answered = await replies;
    const parts = [own, ...others.flatMap((process) => answerOf(answered.get(process.id)))];
    const unanswered = others.filter((process) => answerOf(answered.get(process.id)).length === 0).map(({ id: process, shards }) => ({ process, shards }));
    const owned = new Set([...self.shards, ...others.flatMap((process) => process.shards)]);
    const shardsWithoutProcess = Array.from({ length: self.shardCount }, (_, shard) => shard).filter((shard) => !owned.has(shard));
    if (unanswered.length > 0) this.options.logger.warn(`task ${task}: no answer in time from ${unanswered.map((entry) => `${entry.process} (shards ${entry.shards.join(', ')})`).join(', ')}; their part runs next period`);
    return { parts, unanswered, shardsWithoutProcess };
  }

  /** Shutdown: leaves the registry, ends the waits in progress with what has arrived, stops answering. */
  public async close(): Promise<void> {
    this.closed = true;
    for (const waiter of [...this.waiters.values()]) waiter.finish();
    await this.registry.leave(this.options.self.id).catch(() => undefined);
    const subscriber = this.subscriber;
    this.subscriber = null;
    if (subscriber !== null) await subscriber.quit().catch(() => subscriber.disconnect());
  }

  private listen(): Promise<void> {
    this.listening ??= (async () => {
      const { keys } = this.options;
      const subscriber = this.options.subscriber();
      this.subscriber = subscriber;
      subscriber.on('error', (error: Error) => this.options.logger.debug(`task fan-out subscriber: ${error.message}`));
      subscriber.on('message', (channel: string, message: string) => {
        if (channel === this.repliesChannel()) this.waiters.get(message)?.notify();
        else if (channel === keys.fanOutChannel) void this.answer(message);
      });
      await subscriber.subscribe(keys.fanOutChannel, this.repliesChannel());
    })();
    return this.listening;
  }

  private async answer(message: string): Promise<void> {
    let request: Request;
    try {
      request = JSON.parse(message) as Request;
    } catch {
      return;
    }
    if (this.closed || request.from === this.options.self.id) return;
    try {
      await this.reply(request.id, { kind: 'accepted' });
      const part = this.options.partOf(request.task);
      const answer = part === null ? { skipped: `no part of ${request.task} here` } : await this.runPart(request.task, part);
      await this.reply(request.id, { ...answer, kind: 'done' });
    } catch (error) {
      this.options.logger.warn(`task fan-out: answering ${request.task} (request ${request.id}) failed`, error);
    }
  }

  /** The part, at most once at a time per task in this process; a failure is the answer, not a throw. */
  private async runPart(task: string, part: () => Promise<unknown>): Promise<PartAnswer> {
    const { id: process, shards } = this.options.self;
    if (this.running.has(task)) return { process, shards, skipped: 'its previous part is still running here' };
    this.running.add(task);
    try {
      return { process, shards, result: (await part()) ?? null };
    } catch (error) {
      this.options.logger.error(`task ${task}: this process's part failed`, error);
      return { process, shards, error: error instanceof Error ? error.message : String(error) };
    } finally {
      this.running.delete(task);
    }
  }

  private async reply(id: string, body: Omit<Reply, 'process' | 'shards'> & Partial<PartAnswer>): Promise<void> {
    const { self, keys } = this.options;
    const key = `${keys.fanOutReplyPrefix}${id}`;
    const reply: Reply = { ...body, process: self.id, shards: self.shards };
    await (await this.options.redis()).multi().rpush(key, JSON.stringify(reply)).pexpire(key, REPLY_TTL_MS).publish(this.repliesChannel(), id).exec();
  }

  /** The answers to request `id` of the `expected` processes, once all are in, or when the waits run out. */
  private collect(id: string, expected: readonly LiveProcess[], waitMs: number): Promise<Map<string, Reply>> {
    const key = `${this.options.keys.fanOutReplyPrefix}${id}`;
    const acceptWaitMs = Math.min(this.options.acceptWaitMs ?? ACCEPT_WAIT_MS, waitMs);
    return new Promise((resolve) => {
      const accepted = new Set<string>();
      const done = new Map<string, Reply>();
      let acceptTimeUp = false;
      let finished = false;
      const read = async () => {
        for (const text of await (await this.options.redis()).lrange(key, 0, -1)) {
          const reply = JSON.parse(text) as Reply;
          if (reply.kind === 'done') done.set(reply.process, reply);
          accepted.add(reply.process);
        }
      };
      const complete = () => expected.every((process) => done.has(process.id) || (acceptTimeUp && !accepted.has(process.id)));
      const finish = () => {
        if (finished) return;
        finished = true;
        clearTimeout(acceptTimer);
        clearTimeout(endTimer);
        this.waiters.delete(id);
        void read()
          .catch(() => undefined)
          .then(() => resolve(done));
      };
      const check = () =>
        void read()
          .then(() => (complete() ? finish() : undefined))
          .catch((error: unknown) => this.options.logger.debug(`task fan-out: reading the answers of ${id} failed: ${String(error)}`));
      const acceptTimer = setTimeout(() => {
        acceptTimeUp = true;
        check();
      }, acceptWaitMs);
      const endTimer = setTimeout(finish, waitMs);
      this.waiters.set(id, { notify: check, finish });
    });
  }

  private repliesChannel(): string {
    return `${this.options.keys.fanOutChannel}:replies`;
  }
}

function answerOf(reply: Reply | undefined): PartAnswer[] {
  if (reply === undefined) return [];
  const { kind: _kind, ...answer } = reply;
  return [answer];
}
