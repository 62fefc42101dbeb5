import type { Redis } from 'ioredis';
import { EXPECTED_COMMAND_NAMES } from './expected-commands';

export interface SelfTestStatus {
  readonly lastSuccessAt: Date | null;
  readonly lastError: string | null;
}

/** Each check throws (or rejects) with a readable message when its part is not healthy. */
export interface SelfTestChecks {
  /** Names of the slash commands registered with Discord. */
  registeredCommandNames(): Promise<readonly string[]>;
  database(): Promise<void>;
  redis(): Promise<void>;
  gateway(): Promise<void>;
}

export class SelfTestError extends Error {
  public constructor(public readonly problems: readonly string[]) {
    super(problems.join('; '));
    this.name = 'SelfTestError';
  }
}

/** Problems of the registered set against the expected one; empty when they are equal. */
export function compareCommandSets(registered: readonly string[], expected: readonly string[] = EXPECTED_COMMAND_NAMES): string[] {
  const have = new Set(registered);
  const want = new Set(expected);
  const missing = [...want].filter((name) => !have.has(name)).sort();
  const unexpected = [...have].filter((name) => !want.has(name)).sort();
  const problems: string[] = [];
  if (missing.length > 0) problems.push(`Missing commands: ${missing.join(', ')}`);
  if (unexpected.length > 0) problems.push(`Unexpected commands: ${unexpected.join(', ')}`);
  return problems;
}

export interface SelfTestOptions {
  readonly now?: Date;
  /** Where the outcome is kept for `/status` in any process (`RedisKeys.selfTestStatus`). */
  readonly statusKey: string;
  /** A check that does not answer in this time counts as failed. */
  readonly checkTimeoutMs?: number;
}

export interface SelfTestReport {
  readonly checkedAt: string;
  readonly commands: number;
}

/**
 * Runs every check (all of them, so one failure does not hide another), stores the
 * outcome in Redis for `/status` and throws `SelfTestError` when anything failed.
 * Success records the time and clears the last error; failure keeps the last success.
 */
export async function runSelfTest(redis: Redis, checks: SelfTestChecks, options: SelfTestOptions): Promise<SelfTestReport> {
  const now = options.now ?? new Date();
  const timeoutMs = options.checkTimeoutMs ?? 10_000;
  const key = options.statusKey;
  let commands = 0;
  const attempt = async (what: string, check: () => Promise<void>): Promise<string | null> => {
    try {
      await withTimeout(check(), timeoutMs, `${what} did not answer within ${timeoutMs} ms`);
      return null;
    } catch (error) {
      return `${what}: ${error instanceof Error ? error.message : String(error)}`;
    }
  };
  const outcomes = await Promise.all([
    attempt('Gateway', checks.gateway),
    attempt('PostgreSQL', checks.database),
    attempt('Redis', checks.redis),
    attempt('Commands', async () => {
      const registered = await checks.registeredCommandNames();
      commands = registered.length;
      const differences = compareCommandSets(registered);
      if (differences.length > 0) throw new Error(differences.join('; '));
    }),
  ]);
  const problems = outcomes.filter((outcome): outcome is string => outcome !== null);
  if (problems.length > 0) {
    await redis.hset(key, { lastError: problems.join('; '), lastRunAt: now.toISOString() });
    throw new SelfTestError(problems);
  }
  await redis.multi().hset(key, { lastSuccessAt: now.toISOString(), lastRunAt: now.toISOString() }).hdel(key, 'lastError').exec();
  return { checkedAt: now.toISOString(), commands };
}

/** The last stored outcome (`/status`); nulls when the self-test never succeeded / never failed. */
export async function readSelfTestStatus(redis: Redis, statusKey: string): Promise<SelfTestStatus> {
  const stored = await redis.hgetall(statusKey);
  const success = stored.lastSuccessAt ? new Date(stored.lastSuccessAt) : null;
  return {
    lastSuccessAt: success && !Number.isNaN(success.getTime()) ? success : null,
    lastError: stored.lastError && stored.lastError !== '' ? stored.lastError : null,
  };
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
