import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { chromium, type Browser } from 'playwright-core';
import { DashboardConfigError, startDashboard, type Dashboard } from '../../../src/lib/dashboard';

/**
 * The bull-board dashboard on a real queue, in a real (headless Chromium) browser:
 * with the token the page shows the queue and its jobs; without it nothing is served.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT_DIR = join(__dirname, '..', '..', '..', 'tmp');
const connection = { host: '127.0.0.1', port: 6379 };
const token = randomBytes(32).toString('base64url');
const queueName = `dmw-test-dashboard-${randomBytes(3).toString('hex')}`;

let queue: Queue;
let dashboard: Dashboard;
let browser: Browser;

beforeAll(async () => {
  queue = new Queue(queueName, { connection });
  await queue.add('backup', { note: 'waiting backup' });
  await queue.add('selfTest', null);
  await queue.add('voiceXp', null, { delay: 3_600_000 });
  dashboard = await startDashboard({ host: '127.0.0.1', port: 0, token, queues: [queue] });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
  await queue?.obliterate({ force: true });
  await queue?.close();
});

const origin = (): string => new URL(dashboard.url).origin;

describe('over HTTP', () => {
  it.each(['/admin/queues', '/admin/queues/api/queues', '/admin/queues/static/js/main.js', '/', '/admin/queues/queue/x'])(
    'refuses %s without the token',
    async (path) => {
      const response = await fetch(`${origin()}${path}`, { redirect: 'manual' });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="dmw-dashboard"');
      expect(await response.text()).not.toContain(queueName);
    },
  );

  it('refuses a wrong token, in the header, the query and the cookie', async () => {
    const wrong = `${token.slice(0, -1)}x`;
    expect((await fetch(`${dashboard.url}/api/queues`, { headers: { authorization: `Bearer ${wrong}` } })).status).toBe(401);
    expect((await fetch(`${dashboard.url}?token=${wrong}`, { redirect: 'manual' })).status).toBe(401);
    expect((await fetch(`${dashboard.url}/api/queues`, { headers: { cookie: `dmw_dashboard=${wrong}` } })).status).toBe(401);
    // The raw token is not the session value either.
    expect((await fetch(`${dashboard.url}/api/queues`, { headers: { cookie: `dmw_dashboard=${token}` } })).status).toBe(401);
  });

  it('answers the API with a bearer token', async () => {
    const response = await fetch(`${dashboard.url}/api/queues`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { queues: Array<{ name: string; counts: Record<string, number> }> };
    const ours = body.queues.find((entry) => entry.name === queueName);
    expect(ours?.counts).toMatchObject({ waiting: 2, delayed: 1 });
  });

  it('turns a ?token= visit into an HttpOnly session cookie and drops the token from the URL', async () => {
    const login = await fetch(`${dashboard.url}?token=${encodeURIComponent(token)}&x=1`, { redirect: 'manual' });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/admin/queues?x=1');
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^dmw_dashboard=\d+\.[\w-]+; Max-Age=43200; Path=\/admin\/queues; Expires=[^;]+; HttpOnly; SameSite=Strict$/);
    expect(cookie).not.toContain(token);
    const session = cookie.split(';')[0]!;
    expect((await fetch(`${dashboard.url}/api/queues`, { headers: { cookie: session } })).status).toBe(200);
  });
});

describe('in a browser', () => {
  it('shows the queue and its jobs after opening the dashboard with the token', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      const response = await page.goto(`${dashboard.url}?token=${encodeURIComponent(token)}`);
      expect(response?.status()).toBe(200);
      expect(new URL(page.url()).search).toBe('');
      await page.getByText(queueName).first().waitFor({ timeout: 20_000 });

      await page.goto(`${dashboard.url}/queue/${encodeURIComponent(queueName)}?status=waiting`);
      await page.getByText('selfTest').first().waitFor({ timeout: 20_000 });
      await page.getByText('backup').first().waitFor({ timeout: 20_000 });
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'dashboard-queue.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('gets nothing but 401 without the token', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const response = await page.goto(dashboard.url);
      expect(response?.status()).toBe(401);
      expect(await page.textContent('body')).toContain('Unauthorized');
      expect(await page.content()).not.toContain(queueName);
    } finally {
      await context.close();
    }
  });
});

describe('start-up rules', () => {
  it('refuses to serve without a token on a host other machines can reach', async () => {
    await expect(startDashboard({ host: '0.0.0.0', port: 0, token: null, queues: [queue] })).rejects.toThrow(DashboardConfigError);
  });

  it('serves without a token on a loopback host', async () => {
    const open = await startDashboard({ host: '127.0.0.1', port: 0, token: null, queues: [queue] });
    try {
      expect((await fetch(`${open.url}/api/queues`)).status).toBe(200);
    } finally {
      await open.close();
    }
  });

  it('reports a port that is taken', async () => {
    await expect(startDashboard({ host: '127.0.0.1', port: dashboard.port, token, queues: [queue] })).rejects.toThrow(/EADDRINUSE/);
  });
});
