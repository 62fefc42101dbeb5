/**
 * /readyz and /healthz on the dashboard's HTTP server, with readiness probes against
 * the real PostgreSQL and Redis (and a Redis port nobody listens on): each failing
 * check is named with a short reason, a hanging one is cut off, a burst of probes
 * costs one round of queries, and the probes need no token while /metrics does.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import Redis from 'ioredis';
import { Client } from 'pg';
import { startDashboard, type Dashboard } from '../../../src/lib/dashboard';
import { createReadiness, type ReadinessProbes } from '../../../src/lib/health/readiness';
import { TEST_PG_ADMIN_URL } from '../../support/database';

let pg: Client;
let redis: Redis;
let deadRedis: Redis;
const dashboards: Dashboard[] = [];

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  pg = new Client({ connectionString: TEST_PG_ADMIN_URL });
  await pg.connect();
  redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
  deadRedis = new Redis({ host: '127.0.0.1', port: await closedPort(), maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  deadRedis.on('error', () => undefined);
});

afterAll(async () => {
  for (const dashboard of dashboards) await dashboard.close();
  await pg.end();
  redis.disconnect();
  deadRedis.disconnect();
});

function probes(overrides: Partial<ReadinessProbes> = {}): ReadinessProbes {
  return {
    gateway: () => true,
    database: () => pg.query('SELECT 1'),
    redis: () => redis.ping(),
    lock: () => true,
    stopping: () => false,
    ...overrides,
  };
}

describe('createReadiness', () => {
  it('is ready when the gateway is, PostgreSQL and Redis answer and the lock is held', async () => {
    const report = await createReadiness(probes())();
    expect(report).toEqual({ ready: true, stopping: false, checks: { gateway: { ok: true }, database: { ok: true }, redis: { ok: true }, lock: { ok: true } } });
  });

  it('names each failing check with a short reason and nothing else', async () => {
    const report = await createReadiness(probes({ gateway: () => false, lock: () => false, redis: () => deadRedis.ping() }))();
    expect(report.ready).toBe(false);
    expect(report.checks).toEqual({
      gateway: { ok: false, reason: 'not ready' },
      database: { ok: true },
      redis: { ok: false, reason: expect.stringMatching(/^[\w-]+$/) },
      lock: { ok: false, reason: 'not held' },
    });
  });

  it('cuts off a database that does not answer in time', async () => {
    // A connection of its own: the sleeping query would hold up the other tests' queries.
    const sleepy = new Client({ connectionString: TEST_PG_ADMIN_URL });
    await sleepy.connect();
    try {
      const started = Date.now();
      const report = await createReadiness(probes({ database: () => sleepy.query('SELECT pg_sleep(3)') }), { timeoutMs: 300 })();
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(report.checks.database).toEqual({ ok: false, reason: 'timeout' });
      expect(report.ready).toBe(false);
    } finally {
      await sleepy.end();
    }
  });

  it('is not ready while shutting down, even with every check passing', async () => {
    const report = await createReadiness(probes({ stopping: () => true }))();
    expect(report).toMatchObject({ ready: false, stopping: true, checks: { gateway: { ok: true }, database: { ok: true } } });
  });

  it('answers a burst of probes with one round of queries, and asks again once the answer is old', async () => {
    let queries = 0;
    const readiness = createReadiness(probes({ database: () => ((queries += 1), pg.query('SELECT 1')) }), { reuseMs: 200 });
    await Promise.all(Array.from({ length: 20 }, () => readiness()));
    expect(queries).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 250));
    await readiness();
    expect(queries).toBe(2);
  });
});

describe('the probes over HTTP', () => {
  const token = randomBytes(32).toString('base64url');

  async function serve(readinessProbes: ReadinessProbes): Promise<string> {
    const dashboard = await startDashboard({
      host: '127.0.0.1',
      port: 0,
      token,
      queues: [],
      readiness: createReadiness(readinessProbes),
      metrics: async () => ({ contentType: 'text/plain; version=0.0.4; charset=utf-8', body: 'dmw_probe_test 1\n' }),
    });
    dashboards.push(dashboard);
    return dashboard.origin;
  }

  it('/healthz and /readyz need no token, /metrics does; nothing is cacheable', async () => {
    const origin = await serve(probes());
    const health = await fetch(`${origin}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get('cache-control')).toBe('no-store');
    const ready = await fetch(`${origin}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
    expect((await fetch(`${origin}/metrics`)).status).toBe(401);
    const metrics = await fetch(`${origin}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toBe('dmw_probe_test 1\n');
    // No queues: the dashboard itself is not served, with or without the token.
    expect((await fetch(`${origin}/admin/queues`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
  });

  it('/readyz answers 503 with the failing checks, /healthz still 200', async () => {
    const origin = await serve(probes({ redis: () => deadRedis.ping() }));
    const ready = await fetch(`${origin}/readyz`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { status: string; checks: Record<string, { ok: boolean }> };
    expect(body.status).toBe('not ready');
    expect(body.checks.redis!.ok).toBe(false);
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
  });

  it('/readyz says "stopping" during a shutdown', async () => {
    const origin = await serve(probes({ stopping: () => true }));
    const ready = await fetch(`${origin}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'stopping' });
  });
});
