import { Client } from 'pg';
import { shardLockApplication, tryShardLocks, type ShardSet } from './shard-locks';

import { SINGLETON_LOCK_KEY } from './lock-keys';

export { SINGLETON_LOCK_KEY } from './lock-keys';

export interface SingletonLock {
  /** Unlocks by closing the lock's own connection; safe to call more than once. */
  release(): Promise<void>;
  /** True until `release()` or until the lock's connection is lost. */
  readonly held: boolean;
}

export interface SingletonLockOptions {
  /**
   * Called once if the lock's connection dies while the lock is held (database
   * restart, pg_terminate_backend, network loss). The process must then stop:
   * another instance may already have taken the lock.
   */
  onLost?: (error: Error) => void;
  /** How often the held connection is checked with a trivial query, in ms (default 30 s). */
  heartbeatMs?: number;
  /** Connect timeout, in ms (default 10 s), so an unreachable host fails instead of hanging. */
  connectTimeoutMs?: number;
  /**
   * Sharded: take these shards' locks instead of the whole database (shard-locks.ts);
   * null when one of them, or the database as a whole, is taken.
   */
  shards?: ShardSet;
}

/**
 * Takes the singleton lock on a dedicated connection (never a pooled one: a pool
 * recycling the connection would silently drop the lock). Resolves null when another
 * session holds it; connection errors are thrown to the caller.
 */
export async function acquireSingletonLock(databaseUrl: string, options: SingletonLockOptions = {}): Promise<SingletonLock | null> {
  const client = new Client({
    connectionString: databaseUrl,
    application_name: options.shards === undefined ? 'dmw-raid-bot:singleton-lock' : shardLockApplication(options.shards),
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    keepAlive: true,
  });
  // Until the lock is ours, errors surface through connect()/query(); this keeps an
  // early 'error' event from becoming an uncaught exception.
  const earlyErrorGuard = (): void => undefined;
  client.on('error', earlyErrorGuard);
  try {
    await client.connect();
    const locked = options.shards === undefined ? await tryWholeDatabase(client) : await tryShardLocks(client, options.shards);
    if (!locked) {
      await client.end().catch(() => undefined);
      return null;
    }
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  client.off('error', earlyErrorGuard);
  return new HeldLock(client, options);
}

async function tryWholeDatabase(client: Client): Promise<boolean> {
  const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [SINGLETON_LOCK_KEY]);
  return rows[0]?.locked === true;
}

class HeldLock implements SingletonLock {
  #held = true;
  #released = false;
  readonly #heartbeat: NodeJS.Timeout;

  public constructor(
    private readonly client: Client,
    private readonly options: SingletonLockOptions,
  ) {
    client.on('error', (error) => this.lost(error));
    client.on('end', () => this.lost(new Error('the lock connection was closed')));
    this.#heartbeat = setInterval(() => {
      client.query('SELECT 1').catch((error: Error) => this.lost(error));
    }, options.heartbeatMs ?? 30_000);
    this.#heartbeat.unref();
  }

  public get held(): boolean {
    return this.#held;
  }

  public async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    this.#held = false;
    clearInterval(this.#heartbeat);
    // Closing the session drops its session-level advisory locks.
    await this.client.end().catch(() => undefined);
  }

  private lost(error: Error): void {
    if (this.#released || !this.#held) return;
    this.#held = false;
    clearInterval(this.#heartbeat);
    this.client.end().catch(() => undefined);
    this.options.onLost?.(error);
  }
}

/** A session holding the singleton lock, as far as the asking role may see it. */
export interface SingletonLockHolder {
  readonly pid: number;
  readonly role: string | null;
  readonly application: string | null;
  /** Client address; null for a Unix socket or when the role may not see it. */
  readonly client: string | null;
  /** When the session connected; null when the role may not see it. */
  readonly connectedAt: Date | null;
}

/**
 * The sessions holding lock 92837465 on this database (the old Python bot takes the same
 * key with `pg_try_advisory_lock`), read from pg_locks and pg_stat_activity; [] when
 * nobody does any more. Only for telling the operator who is in the way.
 */
export async function singletonLockHolders(databaseUrl: string, connectTimeoutMs = 5_000): Promise<SingletonLockHolder[]> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'dmw-raid-bot:lock-holders', connectionTimeoutMillis: connectTimeoutMs });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number; role: string | null; application: string | null; client: string | null; connected_at: Date | null }>(
      `SELECT l.pid, a.usename AS role, a.application_name AS application, host(a.client_addr) AS client, a.backend_start AS connected_at
         FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.classid = 0 AND l.objid = $1
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        ORDER BY l.pid`,
      [SINGLETON_LOCK_KEY],
    );
    return rows.map((row) => ({ pid: row.pid, role: row.role, application: row.application || null, client: row.client, connectedAt: row.connected_at }));
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** `session pid 4242 (role dmw, application 'x', client 10.0.0.5, connected 2026-…Z)`, with what is known. */
export function describeLockHolder(holder: SingletonLockHolder): string {
  const facts = [
    holder.role === null ? null : `role ${holder.role}`,
    holder.application === null ? null : `application '${holder.application}'`,
    holder.client === null ? null : `client ${holder.client}`,
    holder.connectedAt === null ? null : `connected ${holder.connectedAt.toISOString()}`,
  ].filter((fact) => fact !== null);
  return `session pid ${holder.pid}${facts.length === 0 ? '' : ` (${facts.join(', ')})`}`;
}
