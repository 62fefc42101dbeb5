/**
 * One start of the launcher (`npm start`: dist/supervisor.js) against a world, measured
 * until every cluster process has restored its servers and the emulator went quiet:
 * which pid runs which cluster, each process's restoration (its log line and its
 * /metrics), its resident memory, the REST calls and identifies of the whole start, and
 * what the emulator (in this process) cost meanwhile.
 */
import { loadavg } from 'node:os';
import { BotProcess, type CapturedLine } from '../../tests/support/bot-process';
import { parsePrometheusText, type Sample } from '../../tests/support/prometheus-text';
import type { World } from '../../tests/support/world';
import { deployedBotCommand } from '../deployed-bot';
import { cpuMs, mb, procStatus } from '../support/proc';
import { restFigures, type RestFigures } from '../support/rest-figures';

export const METRICS_TOKEN = 'sharding-bench-metrics-token-5b8e2c4f1a7d9036';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const RESTORED = /restoration: (\d+) open raid\(s\) and (\d+) raid list\(s\) in (\d+) ms, .*; (\d+) REST calls .*, (\d+) answered 429/;

export interface ProcessFigures {
  readonly cluster: number;
  readonly pid: number;
  readonly rssMb: number;
  readonly peakRssMb: number;
  readonly heapUsedMb: number | null;
  readonly cpuSeconds: number;
  /** From the process's /metrics: what its last restoration did. */
  readonly restoredRaids: number | null;
  readonly restorationMs: number | null;
  readonly restorationRestCalls: number | null;
}

/** The REST figures count every call of the start until the emulator went quiet (the raid roles' member pass follows the restoration line). */
export interface StartFigures extends RestFigures {
  readonly run: string;
  /** REST calls from launch to the last restoration line. */
  readonly restCallsUntilRestored: number;
  readonly loadBefore: readonly number[];
  readonly loadAfter: readonly number[];
  /** Launcher spawned → the last process logged its restoration line. */
  readonly startToAllRestoredMs: number;
  /** The first READY (identify answered) → the last restoration line. */
  readonly firstReadyToAllRestoredMs: number;
  /** The processes' restoration lines, in the order they came. */
  readonly restorations: ReadonlyArray<{ readonly raids: number; readonly raidLists: number; readonly ms: number; readonly restCalls: number; readonly answered429: number; readonly line: string }>;
  readonly identifies: { readonly ready: number; readonly tooFast: number; readonly other: number };
  readonly processes: readonly ProcessFigures[];
  /** CPU seconds this process (the emulator, mostly) used from launch to restored, and its RSS then. */
  readonly emulator: { readonly cpuSeconds: number; readonly rssMb: number };
  readonly warnings: readonly string[];
}

/** Pid of each cluster's latest process, from the supervisor's "bot started (pid P)" lines. */
function clusterPids(lines: readonly CapturedLine[]): Map<number, number> {
  const pids = new Map<number, number>();
  for (const { text } of lines) {
    const match = /supervisor: (?:cluster (\d+) \([^)]*\): )?bot started \(pid (\d+)\)/.exec(text);
    if (match) pids.set(Number(match[1] ?? 0), Number(match[2]));
  }
  return pids;
}

async function metricsOf(world: World, cluster: number): Promise<Sample[]> {
  try {
    const response = await fetch(`http://127.0.0.1:${Number(world.env.DASHBOARD_PORT) + cluster}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    return response.ok ? parsePrometheusText(await response.text()) : [];
  } catch {
    return [];
  }
}

async function processFigures(world: World, cluster: number, pid: number): Promise<ProcessFigures> {
  const samples = await metricsOf(world, cluster);
  const metric = (name: string, labels: Record<string, string> = {}): number | null =>
    samples.find((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value))?.value ?? null;
  const seconds = metric('dmw_restoration_duration_seconds', { trigger: 'startup' });
  const heapUsed = metric('nodejs_heap_size_used_bytes');
  return {
    cluster,
    pid,
    rssMb: mb(procStatus(pid, 'VmRSS')),
    peakRssMb: mb(procStatus(pid, 'VmHWM')),
    heapUsedMb: heapUsed === null ? null : mb(heapUsed),
    cpuSeconds: cpuMs(pid) / 1000,
    restoredRaids: metric('dmw_restoration_raids', { trigger: 'startup', result: 'restored' }),
    restorationMs: seconds === null ? null : Math.round(seconds * 1000),
    restorationRestCalls: metric('dmw_restoration_rest_calls', { trigger: 'startup' }),
  };
}

/**
 * Starts the launcher, waits for `processes` restoration lines and a quiet emulator,
 * waits `calmMs` more, measures, and leaves the launcher running (returned) for the
 * caller to stop.
 */
export async function startAndMeasure(world: World, run: string, processes: number, env: Record<string, string> = {}, calmMs = 5_000): Promise<{ figures: StartFigures; launcher: BotProcess }> {
  const loadBefore = loadavg().map((load) => Math.round(load * 100) / 100);
  const firstCall = world.emulator.rest.calls.length;
  const firstIdentify = world.emulator.sessionStarts.identifies.length;
  const cpuBefore = process.cpuUsage();
  const launchedAt = Date.now();
  const launcher = BotProcess.start({ env: { ...world.env, ...env }, supervised: true, command: deployedBotCommand()() });
  world.onClose(async () => {
    await launcher.stop(60_000);
  });
  const restorationLines = (): CapturedLine[] => launcher.lines.filter((line) => RESTORED.test(line.text));
  while (restorationLines().length < processes) {
    if (launcher.exited) throw new Error(`the launcher exited before ${processes} process(es) restored:\n${launcher.transcript().split('\n').slice(-40).join('\n')}`);
    await sleep(250);
  }
  const restoredAt = Math.max(...restorationLines().map((line) => line.receivedAt));
  // This process runs the emulator (and the REST proxy, if any) and little else meanwhile.
  const cpu = process.cpuUsage(cpuBefore);
  const identifies = world.emulator.sessionStarts.identifies.slice(firstIdentify);
  const firstReady = Math.min(...identifies.filter((identify) => identify.outcome === 'ready').map((identify) => identify.at));
  // Role grants and the like follow the restoration line: let them finish before memory is read
  // (REST only: with several sessions the gateway's heartbeats never leave it quiet for long).
  const { rest } = world.emulator;
  while (rest.inFlight > 0 || Date.now() - rest.lastActivityAt < 3_000) await sleep(250);
  const calls = world.emulator.rest.calls.slice(firstCall);
  await sleep(calmMs);
  const pids = clusterPids(launcher.lines);
  const figures: StartFigures = {
    run,
    loadBefore,
    loadAfter: loadavg().map((load) => Math.round(load * 100) / 100),
    restCallsUntilRestored: restFigures(calls.filter((call) => call.startedAt <= restoredAt)).restCalls,
    startToAllRestoredMs: restoredAt - launchedAt,
    firstReadyToAllRestoredMs: restoredAt - firstReady,
    restorations: restorationLines().map(({ text }) => {
      const [, raids, raidLists, ms, restCalls, answered429] = RESTORED.exec(text)!.map(Number);
      return { raids: raids!, raidLists: raidLists!, ms: ms!, restCalls: restCalls!, answered429: answered429!, line: text.replace(/^.*restoration: /, '') };
    }),
    identifies: {
      ready: identifies.filter((identify) => identify.outcome === 'ready').length,
      tooFast: identifies.filter((identify) => identify.outcome === 'too-fast').length,
      other: identifies.filter((identify) => identify.outcome !== 'ready' && identify.outcome !== 'too-fast').length,
    },
    processes: await Promise.all([...pids].sort(([a], [b]) => a - b).map(([cluster, pid]) => processFigures(world, cluster, pid))),
    emulator: { cpuSeconds: Math.round((cpu.user + cpu.system) / 10_000) / 100, rssMb: mb(process.memoryUsage().rss) },
    warnings: launcher.lines.filter((line) => / (WARNING|ERROR|CRITICAL) /.test(line.text)).map((line) => line.text).slice(0, 20),
    ...restFigures(calls),
  };
  return { figures, launcher };
}
