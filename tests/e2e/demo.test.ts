/**
 * `npm run demo` end to end: the demo script runs as its own process, the way the
 * README tells people to run it, minus the build (`npm run demo` builds `dist/` first;
 * here the suite's build is used — `npm test` built it, `BOT_DIST_DIR` picks another —
 * so the demo never deletes dist/ under other suites). It must exit 0 after the slot
 * filled and the raid was finished, report the attendance the script's votes produce
 * (Alice and Bob share Mon 20:00 with min players 2; Chloe is alone on Tue 21:00, so
 * 2 rows), and leave nothing behind. A start-up failure must exit 1 with a clear line.
 */
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { t } from '../../src/lib/i18n';
import { REPO_ROOT } from '../support/bot-process';
import { runToEnd, type FinishedRun } from '../support/child-process';
import { TEST_PG_ADMIN_URL } from '../support/database';
import { TEST_REDIS_URL } from '../support/redis';

jest.setTimeout(120_000);

type DemoRun = FinishedRun;

function runDemo(args: string[] = [], env: Record<string, string> = {}): Promise<DemoRun> {
  return runToEnd(process.execPath, ['-r', join(REPO_ROOT, 'scripts', 'register-ts.js'), join(REPO_ROOT, 'scripts', 'demo.ts'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
  });
}

async function databaseExists(name: string): Promise<boolean> {
  const client = new Client({ connectionString: TEST_PG_ADMIN_URL });
  await client.connect();
  try {
    return (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  } finally {
    await client.end();
  }
}

/** Redis database leases (keys in database 0, value "<pid>:<random>") still held by a process. */
async function leasesHeldBy(pid: number): Promise<string[]> {
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    const keys = await redis.keys('*harness-redis-lease*');
    const holders = keys.length === 0 ? [] : await redis.mget(...keys);
    return keys.filter((_key, index) => holders[index]?.startsWith(`${pid}:`));
  } finally {
    redis.disconnect();
  }
}

describe('npm run demo', () => {
  let run: DemoRun;

  beforeAll(async () => {
    run = await runDemo();
  });

  it('exits 0 in well under a minute', () => {
    if (run.code !== 0) throw new Error(`the demo exited with ${run.code}\n--- stderr ---\n${run.stderr}\n--- stdout ---\n${run.stdout}`);
    expect(run.stderr).not.toContain('Demo failed');
    expect(run.durationMs).toBeLessThan(60_000);
  });

  it('shows the private answers, the planner with its selects, and the filled slot with its participant list and role', () => {
    expect(run.stdout).toContain('Admin sees (only Admin):');
    expect(run.stdout).toContain('Planner: #planner');
    expect(run.stdout).toContain(t('en-US', 'planner.title', { dungeon: 'Royal Base' }));
    // Days are stored with their date: the next Monday and Tuesday.
    expect(run.stdout).toMatch(/\[▾ Choose or unchoose days…\]  options: Mon \d{4}-\d\d-\d\d \| Tue \d{4}-\d\d-\d\d/);
    expect(run.stdout).toContain(`[ ${t('en-US', 'planner.finishButton')} ]`);
    // Chloe's client is German: her private answer is too.
    expect(run.stdout).toMatch(/Chloe sees \(only Chloe\):\n.*\n\s+│ Deine Auswahl für Raid `1` \(Royal Base\):/);
    expect(run.stdout).toContain(`Everyone sees in #participants (new message):`);
    // The filled slot as Discord timestamps (every reader sees them in their own zone; the demo shows UTC): still ahead.
    expect(run.stdout).toMatch(/When: \d{4}-\d\d-\d\d \d\d:\d\d UTC \(in \d+ (seconds?|minutes?|hours?|days?)\)/);
    expect(run.stdout).toContain(t('en-US', 'slot.count', { count: 2, target: '2' }));
    expect(run.stdout).toContain('Roles of Alice: @DMW Raid: Royal Base');
    expect(run.stdout).toContain('Roles of Bob: @DMW Raid: Royal Base');
    expect(run.stdout).not.toContain('Roles of Chloe');
    expect(run.stdout).toContain('✔ Slot filled: Mon 20:00 with Alice, Bob');
  });

  it('shows the finish: Alice’s answer, the closed planner, the list taken down, the role gone', () => {
    expect(run.stdout).toContain(t('en-US', 'finish.finished', { displayId: 1, count: 2 }));
    expect(run.stdout).toContain(t('en-US', 'closed.title', { reason: t('en-US', 'closed.reasons.finished') }));
    expect(run.stdout).toContain('Gone from #participants');
    expect(run.stdout).toContain('Roles of Alice: (no roles)');
    expect(run.stdout).toContain('✔ Raid finished');
  });

  it('reports the two attendance rows and the participation counts read from the database', () => {
    expect(run.stdout).toContain('raid_attendance: 2 row(s)');
    const rows = run.stdout.split('\n').filter((line) => /^\s+raid \d+ · /.test(line)).map((line) => line.trim().replace(/\s+/g, ' '));
    expect(rows).toEqual(['raid 1 · Royal Base · Alice · present', 'raid 1 · Royal Base · Bob · present']);
    const counts = Object.fromEntries([...run.stdout.matchAll(/^ {4}(Alice|Bob|Chloe)\s+(\d+)$/gm)].map((match) => [match[1], Number(match[2])]));
    expect(counts).toEqual({ Alice: 1, Bob: 1, Chloe: 0 });
  });

  it('drops its database and frees its Redis lease', async () => {
    const name = /database\s+(dmw_demo_\w+)/.exec(run.stdout)?.[1];
    expect(name).toBeDefined();
    expect(await databaseExists(name!)).toBe(false);
    expect(await leasesHeldBy(run.pid)).toEqual([]);
  });
});

describe('a demo that cannot start', () => {
  it('exits 1 with one clear line when PostgreSQL does not answer', async () => {
    const run = await runDemo([], { TEST_PG_ADMIN_URL: 'postgres://postgres@127.0.0.1:1/postgres' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Demo failed during start-up: .*ECONNREFUSED/m);
    expect(run.stdout).not.toContain('Demo complete');
  });

  it('refuses an unknown argument with the usage', async () => {
    const run = await runDemo(['--bogus']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Unknown argument(s): --bogus');
    expect(run.stderr).toContain('npm run demo');
  });
});
