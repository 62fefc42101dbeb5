/**
 * Prometheus metrics of the bot process (served at /metrics, see README "Health and
 * metrics"). The measured code calls one of the `record*` functions below at its
 * boundary; traffic, tasks and live state are observed from events and read at
 * scrape time, so the domain code knows nothing of prom-client.
 */
import { ScheduledTaskEvents, type ScheduledTask } from '@sapphire/plugin-scheduled-tasks';
import type { Client } from 'discord.js';
import { collectDefaultMetrics, Gauge } from 'prom-client';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { RestorationReport } from '../restore/restoration';
import { observeDiscord } from './discord';
import {
  registry,
  restorationDuration,
  restorationLeftovers,
  restorationRaidLists,
  restorationRaids,
  restorationRestCalls,
  restorationRuns,
  taskDuration,
  taskRuns,
} from './registry';

export { registry } from './registry';
export { recordRaidCreated, recordRaidsClosed, recordVote, type VoteResult } from './raids';
export { interactionKind, routeLabel } from './discord';

export type RestorationTrigger = 'startup' | 'outage';




export function recordRestoration(trigger: RestorationTrigger, report: RestorationReport | null): void {
  restorationRuns.inc({ trigger });
  if (report === null) return;
  restorationDuration.set({ trigger }, report.durationMs / 1000);
  restorationRaids.set({ trigger, result: 'restored' }, report.raids - report.raidsFailed);
  restorationRaids.set({ trigger, result: 'failed' }, report.raidsFailed);
  restorationRaids.set({ trigger, result: 'absent_guild' }, report.raidsOfAbsentGuilds);
  restorationRaidLists.set({ trigger, result: 'refreshed' }, report.raidLists - report.raidListsFailed);
  restorationRaidLists.set({ trigger, result: 'failed' }, report.raidListsFailed);
  restorationLeftovers.set({ trigger }, report.leftoversDeleted);
  restorationRestCalls.set({ trigger }, report.rest.total);
}

export interface MetricsSources {
  readonly client: Client;
  readonly dataSource: DataSource;
  /** True while this process holds the singleton lock. */
  readonly lockHeld: () => boolean;
}

let installed = false;

/**
 * Starts measuring in this process: Node's default metrics, Discord traffic,
 * scheduled-task outcomes, and gauges read at scrape time (database pool, gateway,
 * singleton lock). Call once, before login.
 */
export function installMetrics(sources: MetricsSources): void {
  if (installed) throw new Error('metrics are already installed in this process');
  installed = true;
  collectDefaultMetrics({ register: registry });
  observeDiscord(sources.client);
  observeScheduledTasks(sources.client);

  const pool = (): Pool | undefined => (sources.dataSource.isInitialized ? (sources.dataSource.driver as unknown as { master?: Pool }).master : undefined);
  new Gauge({
    name: 'dmw_db_pool_connections',
    help: 'Connections of the database pool, by state: total (open), idle, waiting (queries queued for a connection)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const current = pool();
      this.set({ state: 'total' }, current?.totalCount ?? 0);
      this.set({ state: 'idle' }, current?.idleCount ?? 0);
      this.set({ state: 'waiting' }, current?.waitingCount ?? 0);
    },
  });
  new Gauge({
    name: 'dmw_gateway_ready',
    help: '1 while the Discord gateway session is ready',
    registers: [registry],
    collect() {
      this.set(sources.client.isReady() ? 1 : 0);
    },
  });
  new Gauge({
    name: 'dmw_singleton_lock_held',
    help: '1 while this process holds the singleton lock (advisory lock 92837465)',
    registers: [registry],
    collect() {
      this.set(sources.lockHeld() ? 1 : 0);
    },
  });
}

/** A BotTask returns `{ skipped: reason }` for a run it did not do. */
function wasSkipped(result: unknown): boolean {
  return typeof result === 'object' && result !== null && 'skipped' in result;
}

function observeScheduledTasks(client: Client): void {
  client.on(ScheduledTaskEvents.ScheduledTaskSuccess, (task: ScheduledTask, _payload: unknown, result: unknown, durationMs: number) => {
    taskRuns.inc({ task: task.name, outcome: wasSkipped(result) ? 'skipped' : 'success' });
    if (!wasSkipped(result)) taskDuration.observe({ task: task.name }, durationMs / 1000);
  });
  client.on(ScheduledTaskEvents.ScheduledTaskError, (_error: unknown, task: ScheduledTask) => {
    taskRuns.inc({ task: task.name, outcome: 'failure' });
  });
}

/** The text exposition of every metric, and its content type. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}
