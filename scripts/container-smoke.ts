/**
 * The second half of scripts/container-smoke.sh: the built image runs as the bot
 * (`podman run`, host network) against the Discord emulator, a fresh test database and
 * a leased Redis database, through the same world set-up as the e2e tests. Proves that it
 * runs as a non-root user, registers its commands, answers a slash command, reports
 * healthy (Podman runs the image's HEALTHCHECK), writes a backup to its volume as that
 * user, and exits 0 within 10 s of `podman stop` (SIGTERM). Prints one `figure:` line
 * per measurement. Exit code 0 when every check passed, 1 otherwise.
 *
 * Usage: node -r ./scripts/register-ts.js scripts/container-smoke.ts <image>
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { t } from '../src/lib/i18n';
import { createWorld, type World } from '../tests/support/world';
import { parsePrometheusText, value } from '../tests/support/prometheus-text';

const run = promisify(execFile);
/** What this host needs for every container (see container-smoke.sh). */
const PODMAN_GLOBAL = ['--runtime', 'runc'];
const ULIMITS = ['--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024'];
const BACKUP_MOUNT = '/var/lib/dmw/backups';
const COMMANDS = ['backup_db', 'dungeonlist', 'help', 'raidplan', 'restart', 'settings', 'status'];
const STOP_LIMIT_MS = 10_000;

const image = process.argv[2];
if (!image) {
  process.stderr.write('usage: container-smoke.ts <image>\n');
  process.exit(2);
}
const name = `dmw-smoke-${randomBytes(4).toString('hex')}`;
const volume = `${name}-backups`;
const token = randomBytes(32).toString('base64url');

const say = (line: string) => process.stdout.write(`[container-smoke] ${line}\n`);
const figure = (label: string, text: string) => process.stdout.write(`figure: ${label}: ${text}\n`);

async function podman(...args: string[]): Promise<string> {
  const { stdout } = await run('podman', [...PODMAN_GLOBAL, ...args], { maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim();
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(what);
  say(`ok: ${what}`);
}

/** `podman run` of the image with the bot's environment; BACKUP_DIR stays the image's volume. */
function containerCommand(env: Readonly<Record<string, string>>): { file: string; args: string[] } {
  const passed = Object.keys(env).filter((key) => key !== 'BACKUP_DIR');
  return {
    file: 'podman',
    args: [
      ...PODMAN_GLOBAL,
      'run',
      '--name', name,
      '--network', 'host',
      '--pull=never',
      ...ULIMITS,
      '--volume', `${volume}:${BACKUP_MOUNT}`,
      // Values come from podman's own environment, which BotProcess sets to exactly `env`.
      ...passed.flatMap((key) => ['--env', key]),
      image!,
    ],
  };
}

async function untilReady(origin: string, since: number, signal: AbortSignal): Promise<number> {
  while (!signal.aborted) {
    const status = await fetch(`${origin}/readyz`).then((response) => response.status, () => 0);
    if (status === 200) return Date.now() - since;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Number.NaN;
}

async function main(): Promise<void> {
  let harness: World | undefined;
  try {
    harness = await createWorld({ commands: COMMANDS, readyTimeoutMs: 120_000, botCommand: containerCommand });
    const guild = harness.driver.createGuild({ name: 'Container Guild' });
    const channelId = harness.driver.createChannel(guild.id, { name: 'general' }).id;
    const member = harness.driver.createMember(guild.id, { username: 'member' });
    const operator = harness.driver.createMember(guild.id, { username: 'operator', admin: true });
    await podman('volume', 'create', volume);

    const origin = `http://127.0.0.1:${harness.env.DASHBOARD_PORT}`;
    const started = Date.now();
    const abort = new AbortController();
    const readyz = untilReady(origin, started, abort.signal);
    await harness.startBot({ env: { DASHBOARD_TOKEN: token, PRIVILEGED_USER_ID: operator.id } });
    const registeredMs = Date.now() - started;
    const readyMs = await Promise.race([readyz, new Promise<number>((resolve) => setTimeout(() => resolve(Number.NaN), 30_000))]);
    abort.abort();
    figure('start to /readyz 200', `${(readyMs / 1000).toFixed(1)} s`);
    figure('start to commands registered and start-up quiet', `${(registeredMs / 1000).toFixed(1)} s`);
    check(Number.isFinite(readyMs), 'the container answers /readyz with 200 (gateway, database, Redis, lock)');

    check((await podman('inspect', name, '--format', '{{.Config.User}}')) === 'node', 'the container runs as user "node"');
    check((await podman('exec', name, 'id', '-u')) === '1000', 'a process started in it has uid 1000');
    const processes = (await podman('top', name, 'user', 'pid', 'args')).split('\n').slice(1);
    check(processes.length >= 2 && processes.every((line) => !/^root\b/.test(line.trim())), `no process runs as root (${processes.map((line) => line.trim().replace(/\s+/g, ' ')).join('; ')})`);

    const names = new Set(harness.driver.commands().map((command) => command.name));
    check(COMMANDS.every((command) => names.has(command)) && names.size === 17, `all 17 commands are registered (${[...names].sort().join(', ')})`);

    const reply = await (await harness.driver.slash({ channelId, userId: member.id, command: 'dungeonlist' })).reply(20_000);
    check(reply.content.includes('Berserk Arena') || JSON.stringify(reply.embeds).includes('Berserk Arena'), '/dungeonlist is answered with the catalogue from PostgreSQL');

    // The emulator shows the reply before the bot has read Discord's answer to it: give the count a moment.
    let acknowledged = 0;
    for (let tries = 0; tries < 20 && acknowledged === 0; tries += 1) {
      if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      const metrics = await fetch(`${origin}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      if (metrics.status === 200) acknowledged = value(parsePrometheusText(await metrics.text()), 'dmw_interaction_ack_seconds_count', { kind: 'command' });
    }
    check(acknowledged === 1, `/metrics (with the token) counted the acknowledged command (${acknowledged})`);

    const health = await run('podman', [...PODMAN_GLOBAL, 'healthcheck', 'run', name]).then(({ stdout }) => ({ code: 0, stdout }), (error: { code?: number; stdout?: string }) => ({ code: error.code ?? 1, stdout: error.stdout ?? '' }));
    const status = await podman('inspect', name, '--format', '{{.State.Health.Status}}');
    check(health.code === 0 && status === 'healthy', `the image's HEALTHCHECK passes and the container is "${status}"`);

    const backup = await (await harness.driver.slash({ channelId, userId: operator.id, command: 'backup_db' })).reply(60_000);
    check(backup.content.includes('db_backup.sql') && backup.content !== t('en-US', 'backup.failed'), `/backup_db answered: ${backup.content}`);
    const file = join(await podman('volume', 'inspect', volume, '--format', '{{.Mountpoint}}'), 'db_backup.sql');
    const stat = statSync(file);
    check(stat.uid === 1000 && (stat.mode & 0o777) === 0o600 && readFileSync(file, 'utf8').includes('INSERT INTO'), `the backup is in the volume, owned by uid 1000 with mode 0600 (${stat.size} bytes)`);

    const stopping = Date.now();
    await podman('stop', '--time', '30', name);
    const exit = await harness.bot.waitForExit(30_000);
    const stopMs = Date.now() - stopping;
    const exitCode = await podman('inspect', name, '--format', '{{.State.ExitCode}}');
    figure('podman stop (SIGTERM) to exit', `${(stopMs / 1000).toFixed(1)} s`);
    check(exitCode === '0' && exit.code === 0 && stopMs < STOP_LIMIT_MS, `SIGTERM stops it with exit code ${exitCode} in ${(stopMs / 1000).toFixed(1)} s (limit ${STOP_LIMIT_MS / 1000} s)`);
    check(harness.bot.stdout.some((line) => line.includes('Shutdown complete, exiting with code 0')), 'the bot itself (not only the supervisor) shut down cleanly');
    say('passed');
  } catch (error) {
    process.stderr.write(`[container-smoke] FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
    try {
      if (harness) process.stderr.write(`--- container output ---\n${harness.bot.transcript().split('\n').slice(-60).join('\n')}\n`);
    } catch {
      // no container was started
    }
    process.exitCode = 1;
  } finally {
    await run('podman', [...PODMAN_GLOBAL, 'rm', '--force', '--time', '0', name]).catch(() => undefined);
    await harness?.stop().catch(() => undefined);
    await run('podman', ['volume', 'rm', '--force', volume]).catch(() => undefined);
  }
}

void main().finally(() => setTimeout(() => process.exit(process.exitCode ?? 0), 2_000).unref());
