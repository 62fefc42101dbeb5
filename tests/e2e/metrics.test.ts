/**
 * Health and metrics of the running bot, read over HTTP as Prometheus and a container
 * health check would: /healthz and /readyz without credentials, /metrics only with the
 * dashboard token. A raid is played from /raidplan to the finish button and the
 * counters must move by exactly what the members did; the readiness answer follows a
 * Redis outage (the bot's own redis-server, stopped and started again).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { t } from '../../src/lib/i18n';
import { REPO_ROOT } from '../support/bot-process';
import { parsePrometheusText, value, type Sample } from '../support/prometheus-text';
import { createRaidThroughBot, vote } from '../support/member-actions';
import { createRaidGuild, type RaidGuild } from '../support/raid-guild';
import { trackedMessagesOf } from '../support/read-backs';
import { waitUntil } from '../support/wait';
import { createWorld, type World } from '../support/world';

jest.setTimeout(150_000);

const TOKEN = 'e2e-metrics-token-5d0c2e9f4b7a1c3e8f60';
let world: World;
let guild: RaidGuild;
let origin: string;
let logChannelId: string;
let botEnvironment: Record<string, string>;

beforeAll(async () => {
  world = await createWorld({ redis: 'own' });
  guild = await createRaidGuild(world, 'Metrics Guild', 4);
  // The log forwarder runs every 5 s with a log channel: scheduled-task runs to count.
  const operators = world.emulator.driver.createGuild({ name: 'Operators' });
  logChannelId = world.emulator.driver.createChannel(operators.id, { name: 'bot-log' }).id;
  const extra = {
    DASHBOARD_TOKEN: TOKEN,
    LOG_GUILD_ID: operators.id,
    LOG_CHANNEL_ID: logChannelId,
    VOTE_CHANGES_PER_WINDOW: '3',
    VOTE_CHANGE_WINDOW_SECONDS: '120',
  };
  await world.startBot({ env: extra });
  botEnvironment = { ...world.env };
  origin = `http://127.0.0.1:${world.env.DASHBOARD_PORT}`;
});

afterAll(async () => {
  await world.stop();
});

async function scrape(): Promise<Sample[]> {
  const response = await fetch(`${origin}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  return parsePrometheusText(await response.text());
}

async function readiness(): Promise<{ status: number; body: { status: string; checks: Record<string, { ok: boolean; reason?: string }> } }> {
  const response = await fetch(`${origin}/readyz`);
  return { status: response.status, body: (await response.json()) as { status: string; checks: Record<string, { ok: boolean; reason?: string }> } };
}

/** The container's HEALTHCHECK (`node dist/healthcheck.js`) with the bot's environment: exit code and its line. */
async function healthcheck(): Promise<{ code: number; line: string }> {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', ...botEnvironment };
  return promisify(execFile)(process.execPath, [join(REPO_ROOT, 'dist', 'healthcheck.js')], { env }).then(
    ({ stdout }) => ({ code: 0, line: stdout.trim() }),
    (error: { code?: number; stdout?: string }) => ({ code: error.code ?? -1, line: (error.stdout ?? '').trim() }),
  );
}

/** How much each named sample grew between two scrapes. */
function moved(before: readonly Sample[], after: readonly Sample[], name: string, labels: Record<string, string> = {}): number {
  return value(after, name, labels) - value(before, name, labels);
}

it('answers /healthz and /readyz without a token, and /metrics only with it', async () => {
  const health = await fetch(`${origin}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ status: 'alive' });
  await waitUntil('the bot is ready', async () => (await readiness()).status === 200, 20_000, world);
  expect((await readiness()).body).toEqual({
    status: 'ready',
    checks: { gateway: { ok: true }, database: { ok: true }, redis: { ok: true }, lock: { ok: true } },
  });

  expect((await fetch(`${origin}/metrics`)).status).toBe(401);
  expect((await fetch(`${origin}/metrics`, { headers: { authorization: 'Bearer not-the-token-but-long-enough-0000' } })).status).toBe(401);
  const response = await fetch(`${origin}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const samples = parsePrometheusText(await response.text());
  expect(value(samples, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  expect(value(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
  expect(value(samples, 'dmw_gateway_ready')).toBe(1);
  expect(value(samples, 'dmw_singleton_lock_held')).toBe(1);
  expect(value(samples, 'dmw_db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
  expect(value(samples, 'dmw_restoration_runs_total', { trigger: 'startup' })).toBe(1);
  expect(value(samples, 'dmw_restoration_raid_lists', { trigger: 'startup', result: 'failed' })).toBe(0);
  // Command sync and restoration talked to Discord: every answer counted under its route, ids left out.
  expect(value(samples, 'dmw_discord_rest_requests_total', { method: 'PUT', route: '/applications/:id/commands', status: '200' })).toBeGreaterThanOrEqual(1);
  expect(samples.filter((sample) => sample.name === 'dmw_discord_rest_requests_total' && /\d{5,}/.test(sample.labels.route!))).toEqual([]);
});

it('the counters move by what the members did: one raid created, votes, a rate-limited vote, a 429, a finish', async () => {
  const [creator, bob, chloe] = guild.members as [(typeof guild.members)[0], (typeof guild.members)[0], (typeof guild.members)[0]];
  const before = await scrape();

  const raid = await createRaidThroughBot(world, guild, creator.id, { days: 'Sat, Sun', times: '20:00', minPlayers: '2' });
  // A counted vote updates the planner and sends the member's choices as a follow-up.
  const select = async (userId: string, kind: 'day' | 'time', labels: string[]) =>
    (await vote(world, guild.plannerChannelId, raid.plannerMessageId, userId, kind, labels)).waitForFollowUps(1, 20_000);
  await select(bob.id, 'day', ['Sat']);
  await select(bob.id, 'time', ['20:00']);
  // The next edit of a tracked message is answered 429 once; discord.js waits and retries it.
  const limited = world.emulator.faults.failNext({ method: 'PATCH', route: /^\/channels\/\d+\/messages\/\d+$/, status: 429, retryAfter: 0.2, times: 1 });
  await select(chloe.id, 'day', ['Sat']);
  await select(chloe.id, 'time', ['20:00']); // Sat 20:00 has two players now: a participant list is posted
  // Lists follow the votes once they pause (off the vote path): wait for it before the finish takes it down.
  await waitUntil('the participant list is posted', async () => (await trackedMessagesOf(world, raid.raidId)).slots.size === 1, 15_000, world);
  await select(chloe.id, 'day', ['Sun']);
  // Chloe's fourth change within the window: answered "slow down", nothing changes.
  const refused = await (await vote(world, guild.plannerChannelId, raid.plannerMessageId, chloe.id, 'day', ['Sun'])).reply(20_000);
  expect(refused.content).toBe(t('en-US', 'vote.tooFast', { seconds: 120 }));
  const finish = await world.emulator.driver.clickButton({ channelId: guild.plannerChannelId, messageId: raid.plannerMessageId, userId: creator.id, label: 'Finish raid' });
  await finish.reply(30_000);
  // Closing the planner is the first edit of a tracked message since the fault was set.
  await waitUntil('the 429 was answered', () => limited.hits === 1, 15_000, world);
  await world.emulator.driver.settle({ quietMs: 300, timeoutMs: 30_000 });

  const after = await scrape();
  expect(moved(before, after, 'dmw_raids_created_total')).toBe(1);
  expect(moved(before, after, 'dmw_votes_total', { result: 'changed' })).toBe(5);
  expect(moved(before, after, 'dmw_votes_total', { result: 'rate_limited' })).toBe(1);
  expect(moved(before, after, 'dmw_votes_total', { result: 'unchanged' })).toBe(0);
  expect(moved(before, after, 'dmw_raids_closed_total', { reason: 'finished' })).toBe(1);
  expect(moved(before, after, 'dmw_raids_closed_total', { reason: 'cancelled' })).toBe(0);
  // One acknowledgement per interaction: /raidplan, its form, six selects, the finish button.
  expect(moved(before, after, 'dmw_interaction_ack_seconds_count', { kind: 'command' })).toBe(1);
  expect(moved(before, after, 'dmw_interaction_ack_seconds_count', { kind: 'modal' })).toBe(1);
  expect(moved(before, after, 'dmw_interaction_ack_seconds_count', { kind: 'select' })).toBe(6);
  expect(moved(before, after, 'dmw_interaction_ack_seconds_count', { kind: 'button' })).toBe(1);
  expect(moved(before, after, 'dmw_interaction_ack_seconds_bucket', { kind: 'select', le: '+Inf' })).toBe(6);
  expect(value(after, 'dmw_interactions_unacknowledged_total')).toBe(0);
  // The planner and the participant list were posted; the 429 is counted under the edit's route.
  expect(moved(before, after, 'dmw_discord_rest_requests_total', { method: 'POST', route: '/channels/:id/messages', status: '200' })).toBeGreaterThanOrEqual(2);
  expect(moved(before, after, 'dmw_discord_rest_429_total', { method: 'PATCH', route: '/channels/:id/messages/:id' })).toBe(1);
  expect(moved(before, after, 'dmw_discord_rest_requests_total', { method: 'PATCH', route: '/channels/:id/messages/:id', status: '429' })).toBe(1);
});

it('counts scheduled-task runs, a failed run, and raids closed by /cancel_all_raids', async () => {
  await waitUntil('the log forwarder ran', async () => value(await scrape(), 'dmw_scheduled_task_runs_total', { task: 'logForwarder', outcome: 'success' }) >= 1, 30_000, world);
  await createRaidThroughBot(world, guild, guild.members[0]!.id, { days: 'Mon', times: '18:00', minPlayers: '3' });
  await world.emulator.driver.settle({ quietMs: 300, timeoutMs: 30_000 });
  const before = await scrape();
  // The next batch to the log channel is refused, so that run fails (the batch is dropped);
  // the cancel-all below logs a line, so there is a batch to send.
  const refused = world.emulator.faults.failNext({ method: 'POST', route: `/channels/${logChannelId}/messages`, status: 403, times: 1 });
  const admin = world.emulator.driver.createMember(guild.guild.id, { username: 'metrics-admin', admin: true });
  const cancelled = await (await world.emulator.driver.slash({ channelId: guild.generalChannelId, userId: admin.id, command: 'cancel_all_raids' })).reply(30_000);
  expect(cancelled.content).toBe(t('en-US', 'cancelAll.done', { count: 1 }));
  await waitUntil('a log-forwarder run failed', async () => value(await scrape(), 'dmw_scheduled_task_runs_total', { task: 'logForwarder', outcome: 'failure' }) >= 1, 30_000, world);

  const after = await scrape();
  expect(refused.hits).toBe(1);
  expect(value(before, 'dmw_scheduled_task_runs_total', { task: 'logForwarder', outcome: 'failure' })).toBe(0);
  expect(moved(before, after, 'dmw_scheduled_task_runs_total', { task: 'logForwarder', outcome: 'failure' })).toBe(1);
  expect(value(after, 'dmw_scheduled_task_duration_seconds_count', { task: 'logForwarder' })).toBeGreaterThanOrEqual(1);
  expect(moved(before, after, 'dmw_raids_closed_total', { reason: 'cancelled' })).toBe(1);
  expect(moved(before, after, 'dmw_raids_closed_total', { reason: 'finished' })).toBe(0);
});

it('/readyz answers 503 naming Redis while Redis is down, and 200 again once it is back; so does the container health check', async () => {
  const healthy = await healthcheck();
  expect(healthy).toEqual({ code: 0, line: expect.stringMatching(/^healthy: http:\/\/127\.0\.0\.1:\d+\/readyz answered 200 /) });
  await world.privateRedis!.stop();
  await waitUntil('readiness reports Redis', async () => (await readiness()).status === 503, 20_000, world);
  const down = await readiness();
  expect(down.body.status).toBe('not ready');
  expect(down.body.checks.redis!.ok).toBe(false);
  expect(down.body.checks).toMatchObject({ gateway: { ok: true }, database: { ok: true }, lock: { ok: true } });
  expect((await fetch(`${origin}/healthz`)).status).toBe(200);
  const unhealthy = await healthcheck();
  expect(unhealthy.code).toBe(1);
  expect(unhealthy.line).toMatch(/^unhealthy: .* answered 503 .*"redis":\{"ok":false/);

  await world.privateRedis!.start();
  await waitUntil('readiness recovers', async () => (await readiness()).status === 200, 30_000, world);
});
