import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSupervisorConfig } from '../../src/config';
import { EXIT_RESTART_REQUESTED } from '../../src/lib/shutdown';
import { supervisorEntry } from '../support/bot-process';
import { isProcessAlive } from '../support/child-process';
import { waitUntil } from '../support/wait';

/**
 * The real supervisor entry (`dist/supervisor.js`, what `npm start` runs) around small
 * fake bots: real processes, real signals, real timers.
 */

/** `BOT_DIST_DIR` points at another build, as for the bot-process helper. */
const SUPERVISOR = supervisorEntry();

/** Fast policy: 1 s first delay, doubling to at most 2 s, runs under 1 s are quick, give up after 2. */
const FAST_POLICY = {
  BOT_RUNNER_RESTART_DELAY_SECONDS: '1',
  BOT_RUNNER_MAX_BACKOFF_SECONDS: '2',
  BOT_RUNNER_MIN_UPTIME_SECONDS: '1',
  BOT_RUNNER_MAX_QUICK_FAILURES: '2',
};

let workDir: string;
const running = new Set<RunningSupervisor>();

beforeAll(() => {
  if (!existsSync(SUPERVISOR)) throw new Error(`${SUPERVISOR} is missing: run "npm run build" first`);
  workDir = mkdtempSync(join(tmpdir(), 'dmw-supervisor-'));
});

// A failed assertion must not leave a supervisor (and its bot) behind.
afterEach(async () => {
  for (const supervisor of running) {
    if (supervisor.process.exitCode === null && supervisor.process.signalCode === null) supervisor.process.kill('SIGTERM');
    await supervisor.exited;
  }
  running.clear();
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

/**
 * Writes a fake bot. Every start appends `start <pid> <ms>` to the journal; the body
 * decides what the run does.
 */
function fakeBot(name: string, body: string): { script: string; journal: string } {
  const script = join(workDir, `${name}.js`);
  const journal = join(workDir, `${name}.log`);
  writeFileSync(
    script,
    `const fs = require('node:fs');
const journal = ${JSON.stringify(journal)};
const note = (line) => fs.appendFileSync(journal, line + '\\n');
note('start ' + process.pid + ' ' + Date.now());
${body}
`,
  );
  return { script, journal };
}

function journalLines(journal: string): string[] {
  return existsSync(journal) ? readFileSync(journal, 'utf8').trim().split('\n').filter(Boolean) : [];
}

function starts(journal: string): Array<{ pid: number; at: number }> {
  return journalLines(journal)
    .filter((line) => line.startsWith('start '))
    .map((line) => {
      const [, pid, at] = line.split(' ');
      return { pid: Number(pid), at: Number(at) };
    });
}

interface RunningSupervisor {
  readonly process: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startSupervisor(script: string, env: Record<string, string> = FAST_POLICY): RunningSupervisor {
  const child = spawn(process.execPath, [SUPERVISOR, script], {
    env: { PATH: process.env.PATH ?? '', ...env },
    cwd: workDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const supervisor = { process: child, output: () => output, exited };
  running.add(supervisor);
  return supervisor;
}

describe('supervisor (npm start)', () => {
  it('gives the bot its memory environment (two malloc arenas) unless the operator set one', async () => {
    const bot = fakeBot('arenas', "note('arenas ' + process.env.MALLOC_ARENA_MAX); process.exit(0);");
    const defaults = startSupervisor(bot.script, { ...FAST_POLICY, BOT_RUNNER_MAX_QUICK_FAILURES: '0' });
    await defaults.exited;
    const chosen = startSupervisor(bot.script, { ...FAST_POLICY, BOT_RUNNER_MAX_QUICK_FAILURES: '0', MALLOC_ARENA_MAX: '4' });
    await chosen.exited;
    expect(journalLines(bot.journal).filter((line) => line.startsWith('arenas '))).toEqual(['arenas 2', 'arenas 4']);
  });

  it('restarts a crashing bot with a doubling delay and gives up after too many quick failures', async () => {
    const bot = fakeBot('crashing', 'process.exit(7);');
    const supervisor = startSupervisor(bot.script);
    const { code } = await supervisor.exited;

    const runs = starts(bot.journal);
    // maxQuickFailures 2: the third quick failure in a row ends it.
    expect(runs).toHaveLength(3);
    const gaps = [runs[1]!.at - runs[0]!.at, runs[2]!.at - runs[1]!.at];
    expect(gaps[0]).toBeGreaterThanOrEqual(1_000);
    expect(gaps[1]).toBeGreaterThanOrEqual(2_000);
    expect(gaps[1]).toBeLessThan(4_000);
    // The supervisor ends with the bot's own exit code, so the operator sees the failure.
    expect(code).toBe(7);
    expect(supervisor.output()).toMatch(/giving up/);
  });

  it('starts the bot again after a clean exit and stops it on SIGTERM', async () => {
    // First run: exits 0 after the minimum uptime. Later runs stay up
    // until SIGTERM, which they acknowledge before exiting.
    const bot = fakeBot(
      'restarting',
      `const runs = fs.readFileSync(journal, 'utf8').split('\\n').filter((l) => l.startsWith('start ')).length;
if (runs === 1) {
  setTimeout(() => process.exit(0), 1_100);
} else {
  setInterval(() => undefined, 1_000);
  process.on('SIGTERM', () => { note('sigterm ' + process.pid); setTimeout(() => process.exit(0), 200); });
}`,
    );
    const supervisor = startSupervisor(bot.script);
    await waitUntil('the second start', () => starts(bot.journal).length === 2);
    const secondPid = starts(bot.journal)[1]!.pid;
    expect(isProcessAlive(secondPid)).toBe(true);

    supervisor.process.kill('SIGTERM');
    const { code } = await supervisor.exited;

    expect(code).toBe(0);
    expect(journalLines(bot.journal)).toContain(`sigterm ${secondPid}`);
    expect(isProcessAlive(secondPid)).toBe(false);
    // Stopped on request: not started a third time.
    expect(starts(bot.journal)).toHaveLength(2);
  });

  it('never counts requested restarts (exit code 4) as failures: seven within seconds of each start do not make it give up', async () => {
    // Every run asks for a restart 100 ms after its start (far below the minimum uptime),
    // like an operator sending /restart seven times; the eighth run stays up until SIGTERM.
    const bot = fakeBot(
      'restart-requested',
      `const runs = fs.readFileSync(journal, 'utf8').split('\\n').filter((l) => l.startsWith('start ')).length;
if (runs <= 7) {
  setTimeout(() => process.exit(${EXIT_RESTART_REQUESTED}), 100);
} else {
  setInterval(() => undefined, 1_000);
  process.on('SIGTERM', () => process.exit(0));
}`,
    );
    const supervisor = startSupervisor(bot.script);
    await waitUntil('the eighth start', () => starts(bot.journal).length === 8);
    supervisor.process.kill('SIGTERM');
    const { code } = await supervisor.exited;
    expect(code).toBe(0);
    expect(supervisor.output()).not.toMatch(/giving up/);
    expect(supervisor.output().match(/restart requested after \d+ ms; starting the bot again/g)).toHaveLength(7);
  });

  it('SIGTERM during the restart delay ends the supervisor without starting the bot again', async () => {
    const bot = fakeBot('crash-once', 'process.exit(1);');
    const supervisor = startSupervisor(bot.script, { ...FAST_POLICY, BOT_RUNNER_RESTART_DELAY_SECONDS: '30' });
    await waitUntil('the restart delay', () => supervisor.output().includes('restarting in'));
    supervisor.process.kill('SIGTERM');
    const { code } = await supervisor.exited;
    expect(code).toBe(0);
    expect(starts(bot.journal)).toHaveLength(1);
  });

  it('does not restart a bot that found another instance running (exit code 3)', async () => {
    const bot = fakeBot('second-instance', 'process.exit(3);');
    const supervisor = startSupervisor(bot.script);
    const { code } = await supervisor.exited;
    expect(code).toBe(3);
    expect(starts(bot.journal)).toHaveLength(1);
  });

  it('refuses a non-integer setting with one config error line and exit code 1', async () => {
    const bot = fakeBot('never-started', 'process.exit(0);');
    const supervisor = startSupervisor(bot.script, { BOT_RUNNER_RESTART_DELAY_SECONDS: 'soon' });
    const { code } = await supervisor.exited;
    expect(code).toBe(1);
    expect(supervisor.output().trim()).toMatch(/^Config error: Invalid integer env BOT_RUNNER_RESTART_DELAY_SECONDS='soon'/);
    expect(starts(bot.journal)).toHaveLength(0);
  });
});

describe('supervisor settings', () => {
  it('uses upstream defaults when nothing is set', () => {
    expect(loadSupervisorConfig({})).toEqual({
      restartDelaySeconds: 5,
      maxBackoffSeconds: 120,
      minUptimeSeconds: 20,
      maxQuickFailures: 6,
      logLevel: 'INFO',
      sharding: { shardCount: 'auto', shardsPerCluster: 2 },
      discordToken: null,
      discordApiUrl: null,
    });
  });

  it('clamps values below the minimum instead of refusing them', () => {
    expect(
      loadSupervisorConfig({
        BOT_RUNNER_RESTART_DELAY_SECONDS: '0',
        BOT_RUNNER_MAX_BACKOFF_SECONDS: '-5',
        BOT_RUNNER_MIN_UPTIME_SECONDS: '0',
        BOT_RUNNER_MAX_QUICK_FAILURES: '-1',
        BOT_RUNNER_LOG_LEVEL: 'debug',
      }),
    ).toMatchObject({ restartDelaySeconds: 1, maxBackoffSeconds: 1, minUptimeSeconds: 1, maxQuickFailures: 0, logLevel: 'DEBUG' });
  });

  it('keeps delays within what a timer can wait and treats blanks as unset', () => {
    const config = loadSupervisorConfig({ BOT_RUNNER_MAX_BACKOFF_SECONDS: '99999999999', BOT_RUNNER_RESTART_DELAY_SECONDS: '  ' });
    expect(config.maxBackoffSeconds).toBe(2_147_483);
    expect(config.restartDelaySeconds).toBe(5);
  });
});
