/**
 * Memory benchmark: the built bot, run by its supervisor as deployed, on 100 servers ×
 * 1,000 members with 200 open raids (seeded in the database, restored by the bot at
 * start-up), then a vote burst. Reports
 * the bot process's resident memory (VmRSS and its peak VmHWM from /proc/<pid>/status)
 * and its V8 heap (prom-client's default metrics from /metrics) after ready and after
 * the burst. Exits 1 when a vote went unanswered. See README.md for how to run it.
 */
import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { InteractionHandle } from '../../tests/support/discord-emulator';
import { vote } from '../../tests/support/member-actions';
import { parsePrometheusText } from '../../tests/support/prometheus-text';
import { createWorld, type World } from '../../tests/support/world';
import { BENCH_NODE_FLAGS, botPid, deployedBotCommand } from '../deployed-bot';
import { cpuMs, mb, procStatus } from '../support/proc';
import { createRaidGuilds, seedRaids } from '../support/seed-raids';

const GUILDS = Number(process.env.BENCH_GUILDS ?? 100);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 1000);
const RAIDS = Number(process.env.BENCH_RAIDS ?? 200);
/** Seeded votes per raid (members who voted before the bot started). */
const SEEDED_VOTERS = Number(process.env.BENCH_SEEDED_VOTERS ?? 5);
/** Members per guild sitting in a voice channel (voice XP reads their voice states). */
const IN_VOICE = Number(process.env.BENCH_IN_VOICE ?? 5);
/** The burst: this many raids, each with this many members choosing a day and a time. */
const BURST_RAIDS = Number(process.env.BENCH_BURST_RAIDS ?? 20);
const BURST_VOTERS = Number(process.env.BENCH_BURST_VOTERS ?? 25);
const BURST_MS = Number(process.env.BENCH_BURST_MS ?? 10_000);
const DAYS = ['Sat', 'Sun'];
const TIMES = ['20:00', '21:00'];
const TOKEN = 'memory-bench-metrics-token-7f3a9c1d5e2b8a40';
/** A directory: the bot writes a V8 heap snapshot there after ready and after the burst (it costs memory itself). */
const SNAPSHOT_DIR = process.env.BENCH_HEAP_SNAPSHOT_DIR;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface MemoryFigures {
  /** CPU seconds the bot used since it started. */
  readonly cpuSeconds: number;
  readonly rssMb: number;
  readonly peakRssMb: number;
  readonly heapUsedMb: number | null;
  readonly heapTotalMb: number | null;
  readonly externalMb: number | null;
}

async function measure(world: World): Promise<MemoryFigures> {
  const pid = botPid(world);
  let metric = (_name: string): number | null => null;
  try {
    const response = await fetch(`http://127.0.0.1:${world.env.DASHBOARD_PORT}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    if (response.ok) {
      const samples = parsePrometheusText(await response.text());
      metric = (name) => samples.find((sample) => sample.name === name)?.value ?? null;
    }
  } catch {
    // An older build without /metrics: /proc alone.
  }
  const heapUsed = metric('nodejs_heap_size_used_bytes');
  const heapTotal = metric('nodejs_heap_size_total_bytes');
  const external = metric('nodejs_external_memory_bytes');
  return {
    cpuSeconds: cpuMs(pid) / 1000,
    rssMb: mb(procStatus(pid, 'VmRSS')),
    peakRssMb: mb(procStatus(pid, 'VmHWM')),
    heapUsedMb: heapUsed === null ? null : mb(heapUsed),
    heapTotalMb: heapTotal === null ? null : mb(heapTotal),
    externalMb: external === null ? null : mb(external),
  };
}

/** Settles, waits a moment more for the process to calm down, and measures (then takes a heap snapshot when asked). */
async function settledFigures(world: World, label: string): Promise<MemoryFigures> {
  await world.emulator.driver.settle({ quietMs: 2000, timeoutMs: 600_000 });
  await sleep(5000);
  const figures = await measure(world);
  if (SNAPSHOT_DIR !== undefined) await heapSnapshot(world, label);
  return figures;
}

/** SIGUSR2 makes the bot (started with --heapsnapshot-signal) write a snapshot into its working directory. */
async function heapSnapshot(world: World, label: string): Promise<void> {
  const snapshots = () => readdirSync(world.bot.cwd).filter((name) => name.endsWith('.heapsnapshot'));
  const before = snapshots().length;
  process.kill(botPid(world), 'SIGUSR2');
  while (snapshots().length === before) await sleep(200);
  await measure(world); // answers only once the (blocking) snapshot is written
  mkdirSync(SNAPSHOT_DIR!, { recursive: true });
  const file = snapshots().at(-1)!;
  renameSync(join(world.bot.cwd, file), join(resolve(SNAPSHOT_DIR!), `${label}.heapsnapshot`));
}

async function main(): Promise<void> {
  const world = await createWorld({
    env: { DASHBOARD_TOKEN: TOKEN },
    readyTimeoutMs: 900_000,
    quietMs: 2000,
    // As deployed (Dockerfile, npm start): the supervisor runs the bot with the build's own node flags.
    botCommand: deployedBotCommand([...BENCH_NODE_FLAGS, ...(SNAPSHOT_DIR === undefined ? [] : ['--heapsnapshot-signal=SIGUSR2'])]),
  });
  const problems: string[] = [];
  try {
    const setupStarted = Date.now();
    const guilds = await createRaidGuilds(world, GUILDS, (index) => `Mem${index}`, MEMBERS);
    const { driver } = world.emulator;
    for (const guild of guilds) {
      const voice = driver.createChannel(guild.guild.id, { name: 'voice', type: 'voice' });
      for (let index = 0; index < IN_VOICE; index++) driver.joinVoice(guild.guild.id, guild.members[MEMBERS - 1 - index]!.id, voice.id);
    }
    // Seeded voters come from the end of the member list; the burst uses the start.
    await seedRaids(
      world,
      RAIDS,
      (index) => {
        const guild = guilds[index % guilds.length]!;
        const votes = Array.from({ length: SEEDED_VOTERS }, (_, voter) => ({
          member: guild.members[guild.members.length - 1 - voter - Math.floor(index / guilds.length) * SEEDED_VOTERS]!,
          days: [DAYS[voter % 2]!],
          times: [TIMES[voter % 2]!],
        }));
        return { guild, dungeon: `Dungeon ${index % 3}`, votes };
      },
      { days: DAYS, times: TIMES },
    );
    process.stderr.write(`seeded ${GUILDS} guilds × ${MEMBERS} members and ${RAIDS} raids in ${Date.now() - setupStarted} ms\n`);

    const startedAt = Date.now();
    await world.startBot();
    const startMs = Date.now() - startedAt;
    const afterReady = await settledFigures(world, 'after-ready');
    process.stderr.write(`after ready: ${JSON.stringify(afterReady)}\n`);

    // The burst: BURST_VOTERS members of each of BURST_RAIDS raids (in different guilds) pick a day and a time.
    const planners = await world.db.query<{ id: number; guild_id: string; channel_id: string; message_id: string }>(
      'SELECT id, guild_id, channel_id, message_id FROM raids WHERE message_id IS NOT NULL ORDER BY id LIMIT $1',
      [BURST_RAIDS],
    );
    const interactions = planners.flatMap((planner) => {
      const guild = guilds.find((candidate) => candidate.guild.id === planner.guild_id)!;
      return guild.members.slice(1, BURST_VOTERS + 1).flatMap((member, index) => [
        { planner, member, kind: 'day' as const, label: DAYS[index % 2]! },
        { planner, member, kind: 'time' as const, label: TIMES[Math.floor(index / 2) % 2]! },
      ]);
    });
    const gap = BURST_MS / Math.max(1, interactions.length);
    const burstStart = Date.now();
    const handles: InteractionHandle[] = await Promise.all(
      interactions.map(async ({ planner, member, kind, label }, index) => {
        await sleep(index * gap);
        return vote(world, planner.channel_id, planner.message_id, member.id, kind, [label]);
      }),
    );
    const acks = await Promise.allSettled(handles.map((handle) => handle.acknowledged(30_000)));
    const unanswered = acks.filter((ack) => ack.status === 'rejected').length;
    if (unanswered > 0) {
      problems.push(`${unanswered} vote(s) were not acknowledged in time; first: ${String((acks.find((ack) => ack.status === 'rejected') as PromiseRejectedResult).reason)}`);
      process.stderr.write(`--- bot output (last 40 lines) ---\n${world.transcript().split('\n').slice(-40).join('\n')}\n`);
    }
    const burstMs = Date.now() - burstStart;
    const latencies = handles
      .map((handle) => (handle.events.find((event) => event.kind === 'callback')?.at ?? Number.NaN) - handle.record.createdAt)
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? null;
    const afterBurst = await settledFigures(world, 'after-burst');

    const byRoute = new Map<string, number>();
    for (const call of world.emulator.rest.calls) byRoute.set(`${call.method} ${call.route}`, (byRoute.get(`${call.method} ${call.route}`) ?? 0) + 1);
    const report = {
      bot: process.env.BOT_DIST_DIR ?? 'dist',
      guilds: GUILDS,
      membersPerGuild: MEMBERS,
      openRaids: RAIDS,
      seededVotersPerRaid: SEEDED_VOTERS,
      inVoicePerGuild: IN_VOICE,
      burst: { raids: planners.length, votes: interactions.length, distinctMembers: planners.length * BURST_VOTERS, tookMs: burstMs, unanswered, ackMs: { p50: percentile(50), p99: percentile(99) } },
      startToRestoredMs: startMs,
      afterReady,
      afterBurst,
      restCallsByRoute: Object.fromEntries([...byRoute].sort((a, b) => b[1] - a[1]).slice(0, 12)),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (process.env.BENCH_TRANSCRIPT !== undefined) writeFileSync(process.env.BENCH_TRANSCRIPT, world.transcript());
  } finally {
    await world.stop();
  }
  if (problems.length > 0) {
    process.stderr.write(`memory bench: FAILED\n- ${problems.join('\n- ')}\n`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
