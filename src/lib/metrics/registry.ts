/**
 * Every metric of the bot, in one Prometheus registry served at /metrics (README
 * "Health and metrics" lists them). Defining them costs nothing until they are
 * recorded; Node's default metrics and the collectors that read live state are
 * added by `installMetrics` in the bot process only.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { CLOSED_RAID_REASONS } from '../raids/types';

export const registry = new Registry();

/** Discord gives an interaction 3 s to be acknowledged; the buckets resolve that window. */
export const interactionAckSeconds = new Histogram({
  name: 'dmw_interaction_ack_seconds',
  help: 'Time from receiving an interaction to Discord confirming its acknowledgement (reply, deferral, update, autocomplete answer), by kind',
  labelNames: ['kind'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 5],
  registers: [registry],
});

export const interactionsUnacknowledged = new Counter({
  name: 'dmw_interactions_unacknowledged_total',
  help: 'Interactions with no successful acknowledgement within 15 s of receipt (Discord showed "did not respond"), by kind',
  labelNames: ['kind'] as const,
  registers: [registry],
});

export const votes = new Counter({
  name: 'dmw_votes_total',
  help: 'Planner select interactions, by result: changed (a vote added or removed), unchanged, rate_limited (over VOTE_CHANGES_PER_WINDOW), refused (raid closed, of another server, or not in a server)',
  labelNames: ['result'] as const,
  registers: [registry],
});

export const raidsCreated = new Counter({
  name: 'dmw_raids_created_total',
  help: 'Raids created through /raidplan (planner posted)',
  registers: [registry],
});

export const raidsClosed = new Counter({
  name: 'dmw_raids_closed_total',
  help: 'Raids closed, by reason: finished (with attendance), cancelled, remote-cancelled, stale-cleanup',
  labelNames: ['reason'] as const,
  registers: [registry],
});
for (const reason of CLOSED_RAID_REASONS) raidsClosed.inc({ reason }, 0);

export const restRequests = new Counter({
  name: 'dmw_discord_rest_requests_total',
  help: 'Discord REST answers, by method, route (ids replaced by :id) and HTTP status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});

export const restRateLimited = new Counter({
  name: 'dmw_discord_rest_429_total',
  help: 'Discord REST answers with status 429, by method, route and X-RateLimit-Scope (user, shared, global)',
  labelNames: ['method', 'route', 'scope'] as const,
  registers: [registry],
});

export const restWaits = new Counter({
  name: 'dmw_discord_rest_rate_limit_waits_total',
  help: 'Requests discord.js held back to respect a known rate limit (no request was sent meanwhile), by route and whether the limit was global',
  labelNames: ['route', 'global'] as const,
  registers: [registry],
});

export const taskRuns = new Counter({
  name: 'dmw_scheduled_task_runs_total',
  help: 'Scheduled-task runs, by task and outcome: success, skipped (gateway not ready, restoration pending, running elsewhere), failure',
  labelNames: ['task', 'outcome'] as const,
  registers: [registry],
});

export const taskDuration = new Histogram({
  name: 'dmw_scheduled_task_duration_seconds',
  help: 'Duration of successful scheduled-task runs, by task',
  labelNames: ['task'] as const,
  buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
  registers: [registry],
});

export const restorationRuns = new Counter({
  name: 'dmw_restoration_runs_total',
  help: 'Restorations of the tracked messages, by trigger: startup, outage (after the database came back)',
  labelNames: ['trigger'] as const,
  registers: [registry],
});

export const restorationDuration = new Gauge({
  name: 'dmw_restoration_duration_seconds',
  help: 'Duration of the last restoration, by trigger',
  labelNames: ['trigger'] as const,
  registers: [registry],
});

export const restorationRaids = new Gauge({
  name: 'dmw_restoration_raids',
  help: 'Open raids of the last restoration, by trigger and result: restored, failed, absent_guild (the bot is not in their server)',
  labelNames: ['trigger', 'result'] as const,
  registers: [registry],
});

export const restorationRaidLists = new Gauge({
  name: 'dmw_restoration_raid_lists',
  help: 'Raid lists of the last restoration, by trigger and result: refreshed, failed',
  labelNames: ['trigger', 'result'] as const,
  registers: [registry],
});

export const restorationLeftovers = new Gauge({
  name: 'dmw_restoration_leftovers_deleted',
  help: 'Untracked leftovers of an interrupted run deleted by the last restoration, by trigger',
  labelNames: ['trigger'] as const,
  registers: [registry],
});

export const restorationRestCalls = new Gauge({
  name: 'dmw_restoration_rest_calls',
  help: 'Discord REST calls the last restoration made, by trigger',
  labelNames: ['trigger'] as const,
  registers: [registry],
});

export const taskParts = new Counter({
  name: 'dmw_scheduled_task_parts_total',
  help: "Sharded: this process's parts of per-server scheduled tasks (its own servers' share of a run, whichever process took the job), by task and outcome: done, skipped, failure",
  labelNames: ['task', 'outcome'] as const,
  registers: [registry],
});
