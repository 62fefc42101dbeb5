/**
 * Sharding benchmark (issue 15): open raids on many servers restored by the launcher
 * (`npm start`: dist/supervisor.js) against the Discord emulator, one process vs
 * several. Scenarios (BENCH_SCENARIOS, comma-separated, default all, in this order):
 *   base1 — 1 server, SHARD_COUNT=1: one process, nearly empty (memory baseline);
 *   A     — 250 servers, SHARD_COUNT=1: one process;
 *   base4 — 4 servers (one per shard), SHARD_COUNT=4, SHARDS_PER_CLUSTER=2: two processes, nearly empty;
 *   B     — 2,500 servers, SHARD_COUNT=4, SHARDS_PER_CLUSTER=2: two processes of 1,250 servers.
 * Each server has one open raid (2 days × 2 times) with votes, so it has a planner,
 * participant lists and a raid list. Each scenario starts the launcher twice on a fresh
 * world: a first start (posts everything), then a restart with nothing changed, which
 * is measured: each process's RSS after restoration, its restoration's time and REST
 * calls, identifies, 429s, the time until every process restored. Prints a JSON report
 * with the per-server figures (A vs B); exits 1 on a 429 from Discord (the emulator) or
 * a refused identify. See README.md.
 */
import { startRestProxy } from '../../tests/support/rest-proxy';
import { createWorld } from '../../tests/support/world';
import { createRaidGuilds, nonEmptySubset, random, seededCounts, seedRaids } from '../support/seed-raids';
import { METRICS_TOKEN, startAndMeasure, type StartFigures } from './launcher-start';

interface Scenario {
  readonly name: string;
  readonly servers: number;
  readonly shardCount: number;
  readonly shardsPerCluster: number;
}

const SCENARIOS: readonly Scenario[] = [
  { name: 'base1', servers: 1, shardCount: 1, shardsPerCluster: 1 },
  { name: 'A', servers: Number(process.env.BENCH_SERVERS_A ?? 250), shardCount: 1, shardsPerCluster: 1 },
  { name: 'base4', servers: 4, shardCount: 4, shardsPerCluster: 2 },
  { name: 'B', servers: Number(process.env.BENCH_SERVERS_B ?? 2500), shardCount: 4, shardsPerCluster: 2 },
];
const WANTED = (process.env.BENCH_SCENARIOS ?? SCENARIOS.map((scenario) => scenario.name).join(',')).split(',');
const MEMBERS_PER_SERVER = 10;
const VOTERS_PER_RAID = Number(process.env.BENCH_VOTERS ?? 4);
/** BENCH_REST_PROXY=1: every process's REST through one @discordjs/proxy, as README.md "Several bot processes" advises (one global 50/s). */
const REST_PROXY = process.env.BENCH_REST_PROXY === '1';
const DAYS = ['Sat', 'Sun'];
const TIMES = ['20:00', '21:00'];

interface ScenarioReport extends Scenario {
  readonly processes: number;
  readonly seeding: { readonly guildsMs: number; readonly raidsMs: number; readonly openRaids: number; readonly votes: number };
  readonly trackedMessages: number;
  readonly runs: readonly StartFigures[];
  /** 429s the REST proxy answered itself (the bots wait and retry; Discord never sees them), over both starts. */
  readonly proxy429s: number | null;
}

async function runScenario(scenario: Scenario): Promise<ScenarioReport> {
  const processes = Math.ceil(scenario.shardCount / scenario.shardsPerCluster);
  const world = await createWorld({
    env: { DASHBOARD_TOKEN: METRICS_TOKEN, SHARD_COUNT: String(scenario.shardCount), SHARDS_PER_CLUSTER: String(scenario.shardsPerCluster) },
    emulator: { recommendedShards: scenario.shardCount },
  });
  try {
    const guildsStarted = Date.now();
    // Balanced over the shards (server i on shard i mod count), as many servers do naturally.
    const onShard = scenario.shardCount > 1 ? (index: number) => ({ id: index % scenario.shardCount, count: scenario.shardCount }) : undefined;
    const guilds = await createRaidGuilds(world, scenario.servers, (index) => `S${index}`, MEMBERS_PER_SERVER, onShard);
    const raidsStarted = Date.now();
    const next = random(42);
    await seedRaids(
      world,
      scenario.servers,
      (index) => {
        const guild = guilds[index]!;
        const voters = [...guild.members].sort(() => next() - 0.5).slice(0, VOTERS_PER_RAID);
        return { guild, dungeon: 'Berserk Arena', votes: voters.map((member) => ({ member, days: nonEmptySubset(DAYS, next), times: nonEmptySubset(TIMES, next) })) };
      },
      { days: DAYS, times: TIMES, concurrency: 4 },
    );
    const { openRaids, votes } = await seededCounts(world);
    const seeding = { guildsMs: raidsStarted - guildsStarted, raidsMs: Date.now() - raidsStarted, openRaids, votes };
    process.stderr.write(`${scenario.name}: seeded ${JSON.stringify(seeding)}\n`);

    const proxy = REST_PROXY ? await startRestProxy(world.emulator.apiUrl) : null;
    if (proxy !== null) world.onClose(() => proxy.close());
    const env: Record<string, string> = proxy === null ? {} : { DISCORD_API_URL: proxy.apiUrl };
    const runs: StartFigures[] = [];
    for (const run of ['first start (nothing posted yet)', 'restart, nothing changed']) {
      const { figures, launcher } = await startAndMeasure(world, run, processes, env);
      const exit = await launcher.stop(60_000);
      if (exit.code !== 0) process.stderr.write(`${scenario.name}: the launcher exited with ${exit.code ?? exit.signal} after "${run}"\n`);
      process.stderr.write(`${scenario.name}, ${run}: ${JSON.stringify({ ...figures, restorations: figures.restorations.map((restoration) => restoration.line) })}\n`);
      runs.push(figures);
    }
    const { trackedMessages } = await seededCounts(world);
    return { ...scenario, processes, seeding, trackedMessages, runs, proxy429s: proxy === null ? null : proxy.answered.filter((status) => status === 429).length };
  } finally {
    await world.stop();
  }
}

const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** The restart's figures per server: RSS above the nearly empty run of the same layout, REST calls, restoration time. */
function perServer(report: ScenarioReport, baseline: ScenarioReport | undefined) {
  const restart = report.runs.at(-1)!;
  const serversPerProcess = report.servers / report.processes;
  const rss = mean(restart.processes.map((process) => process.rssMb));
  const baselineRss = baseline === undefined ? null : mean(baseline.runs.at(-1)!.processes.map((process) => process.rssMb));
  // V8's heap in use: less noisy than RSS (which holds what V8 has not given back yet).
  const heap = mean(restart.processes.map((process) => process.heapUsedMb ?? Number.NaN));
  const baselineHeap = baseline === undefined ? null : mean(baseline.runs.at(-1)!.processes.map((process) => process.heapUsedMb ?? Number.NaN));
  return {
    scenario: report.name,
    servers: report.servers,
    processes: report.processes,
    serversPerProcess,
    rssPerProcessMb: round(rss),
    baselineRssPerProcessMb: baselineRss === null ? null : round(baselineRss),
    rssAboveBaselinePerServerKb: baselineRss === null ? null : round(((rss - baselineRss) * 1024) / serversPerProcess),
    rssPerServerKb: round((rss * 1024) / serversPerProcess),
    heapUsedPerProcessMb: round(heap),
    heapAboveBaselinePerServerKb: baselineHeap === null ? null : round(((heap - baselineHeap) * 1024) / serversPerProcess),
    restCallsPerServer: round(restart.restCalls / report.servers, 2),
    restorationMsPerServer: round(mean(restart.restorations.map((restoration) => restoration.ms)) / serversPerProcess, 2),
    startToAllRestoredMs: restart.startToAllRestoredMs,
    rateLimited: restart.rateLimited,
    identifies: restart.identifies,
    load: restart.loadBefore,
  };
}

async function main(): Promise<void> {
  const reports: ScenarioReport[] = [];
  for (const scenario of SCENARIOS.filter((candidate) => WANTED.includes(candidate.name))) reports.push(await runScenario(scenario));
  const byName = (name: string) => reports.find((report) => report.name === name);
  const summary = ['A', 'B'].flatMap((name) => {
    const report = byName(name);
    return report === undefined ? [] : [perServer(report, byName(report.shardCount === 1 ? 'base1' : 'base4'))];
  });
  const [a, b] = [summary.find((row) => row.scenario === 'A'), summary.find((row) => row.scenario === 'B')];
  const ratio = (pick: (row: NonNullable<typeof a>) => number | null) => {
    const [x, y] = [a === undefined ? null : pick(a), b === undefined ? null : pick(b)];
    return x === null || y === null || x === 0 ? null : round(y / x, 2);
  };
  const flatness =
    a === undefined || b === undefined
      ? null
      : {
          rssAboveBaselinePerServer: ratio((row) => row.rssAboveBaselinePerServerKb),
          heapAboveBaselinePerServer: ratio((row) => row.heapAboveBaselinePerServerKb),
          restCallsPerServer: ratio((row) => row.restCallsPerServer),
          restorationMsPerServer: ratio((row) => row.restorationMsPerServer),
        };
  const roundTripMs = Number(process.env.DISCORD_EMULATOR_ROUND_TRIP_MS ?? 0);
  process.stdout.write(`${JSON.stringify({ roundTripMs, restProxy: REST_PROXY, votersPerRaid: VOTERS_PER_RAID, summary, bOverA: flatness, scenarios: reports }, null, 2)}\n`);
  // Through the proxy the bots' own count includes the proxy's 429s: then only Discord's (the emulator's) count.
  const failed = reports.some((report) =>
    report.runs.some((run) => run.rateLimited > 0 || run.identifies.tooFast > 0 || (!REST_PROXY && run.restorations.some((restoration) => restoration.answered429 > 0))),
  );
  if (failed) process.stderr.write('FAILED: a start met a 429 from Discord or an identify that was too fast\n');
  process.exit(failed ? 1 : 0);
}

void main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
