/**
 * Readiness of the bot process for /readyz (container health checks, orchestrators):
 * the gateway session is ready, PostgreSQL and Redis answer, and this process holds
 * the singleton lock. The answer is public (no token), so it names only which check
 * failed and a short reason, never an address or a message text.
 */

export const READINESS_CHECKS = ['gateway', 'database', 'redis', 'lock'] as const;
export type ReadinessCheckName = (typeof READINESS_CHECKS)[number];

export interface ReadinessProbes {
  /** The gateway session is READY. */
  readonly gateway: () => boolean;
  /** Resolves when the database answers a query. */
  readonly database: () => Promise<unknown>;
  /** Resolves when Redis answers. */
  readonly redis: () => Promise<unknown>;
  /** This process holds the singleton lock. */
  readonly lock: () => boolean;
  /** A shutdown is under way: not ready whatever the checks say. */
  readonly stopping: () => boolean;
}

export interface CheckResult {
  readonly ok: boolean;
  /** Why not, in a few words: `timeout`, an error code (`ECONNREFUSED`), `not ready`, `not held`. */
  readonly reason?: string;
}

export interface ReadinessReport {
  readonly ready: boolean;
  readonly stopping: boolean;
  readonly checks: Readonly<Record<ReadinessCheckName, CheckResult>>;
}

export interface ReadinessOptions {
  /** How long the database and Redis may take to answer (default 2 s). */
  readonly timeoutMs?: number;
  /** A report younger than this is reused, so a flood of probes costs one query (default 1 s). */
  readonly reuseMs?: number;
}

/** A short, address-free reason: the error's code or name. */
function reasonOf(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && /^[\w-]{1,40}$/.test(code) ? code : error.name;
  }
  return 'error';
}

async function answers(probe: () => Promise<unknown>, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: 'timeout' }), timeoutMs);
  });
  try {
    return await Promise.race([
      Promise.resolve()
        .then(probe)
        .then(
          (): CheckResult => ({ ok: true }),
          (error: unknown): CheckResult => ({ ok: false, reason: reasonOf(error) }),
        ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function flag(ok: boolean, reason: string): CheckResult {
  return ok ? { ok } : { ok, reason };
}

/** Returns the function that answers /readyz. */
export function createReadiness(probes: ReadinessProbes, options: ReadinessOptions = {}): () => Promise<ReadinessReport> {
  const timeoutMs = options.timeoutMs ?? 2_000;
  const reuseMs = options.reuseMs ?? 1_000;
  let last: { at: number; report: Promise<ReadinessReport> } | null = null;

  const check = async (): Promise<ReadinessReport> => {
    const [database, redis] = await Promise.all([answers(probes.database, timeoutMs), answers(probes.redis, timeoutMs)]);
    const checks = { gateway: flag(probes.gateway(), 'not ready'), database, redis, lock: flag(probes.lock(), 'not held') };
    const stopping = probes.stopping();
    return { ready: !stopping && READINESS_CHECKS.every((name) => checks[name].ok), stopping, checks };
  };

  return () => {
    const now = Date.now();
    if (last === null || now - last.at >= reuseMs) last = { at: now, report: check() };
    return last.report;
  };
}
