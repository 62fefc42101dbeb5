import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { chromium, type Browser } from 'playwright-core';
import { DashboardConfigError, startDashboard, type Dashboard, type DashboardOptions } from '../../../src/lib/dashboard';

/**
 * The dashboard's defences on a real queue and in a real (headless Chromium) browser:
 * cross-site writes are refused, wrong tokens are throttled per address, sessions
 * expire, and short tokens are refused.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const connection = { host: '127.0.0.1', port: 6379 };
const token = randomBytes(32).toString('base64url');
const queueName = `dmw-test-dashboard-hardening-${randomBytes(3).toString('hex')}`;

let queue: Queue;
let dashboard: Dashboard;
let browser: Browser;
let attacker: Server;
const extraDashboards: Dashboard[] = [];

beforeAll(async () => {
  queue = new Queue(queueName, { connection });
  await queue.add('selfTest', null);
  dashboard = await startDashboard({ host: '127.0.0.1', port: 0, token, queues: [queue] });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  attacker = await startAttackerPage();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => attacker?.close(resolve));
  await Promise.all([dashboard, ...extraDashboards].map((d) => d?.close()));
  await queue?.obliterate({ force: true });
  await queue?.close();
});

async function anotherDashboard(options: Partial<DashboardOptions>): Promise<Dashboard> {
  const started = await startDashboard({ host: '127.0.0.1', port: 0, token, queues: [queue], ...options });
  extraDashboards.push(started);
  return started;
}

/** Every job of the queue, straight from Redis. */
async function jobTotal(): Promise<number> {
  const counts = await queue.getJobCounts();
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}

async function login(target: Dashboard): Promise<{ cookie: string; setCookie: string }> {
  const response = await fetch(`${target.url}?token=${encodeURIComponent(token)}`, { redirect: 'manual' });
  expect(response.status).toBe(303);
  const setCookie = response.headers.get('set-cookie')!;
  return { cookie: setCookie.split(';')[0]!, setCookie };
}

const addUrl = (target: Dashboard): string => `${target.url}/api/queues/${encodeURIComponent(queueName)}/add`;
const bearer = { authorization: `Bearer ${token}` };

/** A page on another port of the same host (same site, other origin) that posts a text/plain form to the dashboard. */
function startAttackerPage(): Promise<Server> {
  const server = createServer((request, response) => {
    const target = new URL(request.url ?? '/', 'http://x').searchParams.get('target') ?? '';
    response.setHeader('content-type', 'text/html');
    response.end(
      `<form id="f" method="POST" enctype="text/plain" action="${target}">` +
        `<input name='{"name":"evil","data":{"x":"' value='"}}'></form><script>document.getElementById('f').submit()</script>`,
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('cross-site writes', () => {
  it('a form on another port of the same host posts text/plain to …/add with the session cookie: 403, no job added', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${dashboard.url}?token=${encodeURIComponent(token)}`);
      expect((await context.cookies()).map((cookie) => cookie.name)).toContain('dmw_dashboard');
      const before = await jobTotal();

      const attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/?target=${encodeURIComponent(addUrl(dashboard))}`;
      const posted = page.waitForResponse((response) => response.url() === addUrl(dashboard));
      await page.goto(attackerUrl);
      const response = await posted;
      expect(response.request().method()).toBe('POST');
      expect(await response.request().headerValue('cookie')).toMatch(/dmw_dashboard=/);
      expect(response.status()).toBe(403);
      expect(await jobTotal()).toBe(before);
    } finally {
      await context.close();
    }
  });

  it("the dashboard page's own POST still adds a job", async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${dashboard.url}?token=${encodeURIComponent(token)}`);
      const before = await jobTotal();
      const status = await page.evaluate(async (url) => {
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'byHand', data: {} }) });
        return response.status;
      }, addUrl(dashboard));
      expect(status).toBe(200);
      expect(await jobTotal()).toBe(before + 1);
    } finally {
      await context.close();
    }
  });

  it.each([
    ['another port', { origin: 'http://127.0.0.1:1' }],
    ['an opaque origin', { origin: 'null' }],
    ['Sec-Fetch-Site same-site', { 'sec-fetch-site': 'same-site' }],
    ['Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site' }],
  ])('refuses a POST from %s with 403, even with the right token, and adds nothing', async (_label, headers) => {
    const { cookie } = await login(dashboard);
    const before = await jobTotal();
    for (const credentials of [{ cookie }, bearer]) {
      const response = await fetch(addUrl(dashboard), {
        method: 'POST',
        headers: { ...credentials, ...headers, 'content-type': 'text/plain' },
        body: '{"name":"evil","data":{}}',
      });
      expect(response.status).toBe(403);
    }
    const put = await fetch(`${dashboard.url}/api/queues/${encodeURIComponent(queueName)}/pause`, { method: 'PUT', headers: { ...bearer, ...headers } });
    expect(put.status).toBe(403);
    expect(await queue.isPaused()).toBe(false);
    expect(await jobTotal()).toBe(before);
  });

  it('lets a script with the bearer token and no browser headers, or a request from its own origin, add a job', async () => {
    const before = await jobTotal();
    const body = JSON.stringify({ name: 'script', data: {} });
    const json = { ...bearer, 'content-type': 'application/json' };
    expect((await fetch(addUrl(dashboard), { method: 'POST', headers: json, body })).status).toBe(200);
    const own = new URL(dashboard.url).origin;
    expect((await fetch(addUrl(dashboard), { method: 'POST', headers: { ...json, origin: own }, body })).status).toBe(200);
    expect(await jobTotal()).toBe(before + 2);
  });

  it('refuses cross-site writes on a loopback dashboard without a token too', async () => {
    const open = await anotherDashboard({ token: null });
    const before = await jobTotal();
    const response = await fetch(addUrl(open), { method: 'POST', headers: { origin: 'http://127.0.0.1:1', 'content-type': 'text/plain' }, body: '{}' });
    expect(response.status).toBe(403);
    expect(await jobTotal()).toBe(before);
  });
});

describe('failed logins', () => {
  it('after 5 wrong tokens from one address: 429 with Retry-After for the rest of the minute, a valid session still works', async () => {
    const target = await anotherDashboard({});
    const { cookie } = await login(target);
    const wrong = `${token.slice(0, -1)}${token.endsWith('x') ? 'y' : 'x'}`;
    for (let attempt = 0; attempt < 5; attempt++) {
      const response = await fetch(`${target.url}/api/queues`, { headers: { authorization: `Bearer ${wrong}` } });
      expect(response.status).toBe(401);
    }
    const throttled = await fetch(`${target.url}/api/queues`, { headers: bearer });
    expect(throttled.status).toBe(429);
    const retryAfter = Number(throttled.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(55);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await fetch(`${target.url}?token=${encodeURIComponent(token)}`, { redirect: 'manual' })).status).toBe(429);
    expect((await fetch(`${target.url}/api/queues`, { headers: { cookie } })).status).toBe(200);
  });

  it('counts wrong ?token= visits too, and lets the address in again once the window has passed', async () => {
    const target = await anotherDashboard({ loginThrottle: { maxFailures: 3, windowMs: 1_000 } });
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await fetch(`${target.url}?token=wrong-${attempt}`, { redirect: 'manual' })).status).toBe(401);
    }
    const throttled = await fetch(`${target.url}/api/queues`, { headers: bearer });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('1');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await fetch(`${target.url}/api/queues`, { headers: bearer })).status).toBe(200);
  });

  it('does not count requests that carry no token (an expired page polling)', async () => {
    const target = await anotherDashboard({ loginThrottle: { maxFailures: 2, windowMs: 60_000 } });
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await fetch(`${target.url}/api/queues`, { headers: { cookie: 'dmw_dashboard=1.stale' } })).status).toBe(401);
    }
    expect((await fetch(`${target.url}/api/queues`, { headers: bearer })).status).toBe(200);
  });
});

describe('sessions', () => {
  it('the cookie lasts 12 hours by default', async () => {
    const { setCookie } = await login(dashboard);
    expect(setCookie).toMatch(/; Max-Age=43200; /);
  });

  it('the server refuses a session cookie after its lifetime, and one whose expiry was altered', async () => {
    const target = await anotherDashboard({ sessionTtlMs: 1_500 });
    const { cookie, setCookie } = await login(target);
    expect(setCookie).toMatch(/; Max-Age=1; /);
    const [name, value] = cookie.split('=') as [string, string];
    const [expiresAt, mac] = value.split('.') as [string, string];
    expect((await fetch(`${target.url}/api/queues`, { headers: { cookie } })).status).toBe(200);

    const extended = `${name}=${Number(expiresAt) + 3_600_000}.${mac}`;
    expect((await fetch(`${target.url}/api/queues`, { headers: { cookie: extended } })).status).toBe(401);

    await new Promise((resolve) => setTimeout(resolve, Number(expiresAt) - Date.now() + 50));
    expect((await fetch(`${target.url}/api/queues`, { headers: { cookie } })).status).toBe(401);
  });
});

describe('token length', () => {
  it('refuses to start with a token shorter than 32 characters', async () => {
    await expect(startDashboard({ host: '127.0.0.1', port: 0, token: 'x'.repeat(31), queues: [queue] })).rejects.toThrow(DashboardConfigError);
    const shortest = await anotherDashboard({ token: 'y'.repeat(32) });
    expect((await fetch(`${shortest.url}/api/queues`, { headers: { authorization: `Bearer ${'y'.repeat(32)}` } })).status).toBe(200);
  });
});
