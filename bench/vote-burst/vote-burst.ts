/**
 * Vote burst benchmark: on each of BENCH_RAIDS raids (default 1, each in its own
 * server), BENCH_MEMBERS members (default 50) choose a day and a time — all votes spread
 * evenly over BENCH_BURST_MS (default 2 s) — against the built bot and the Discord
 * emulator with Discord's rate limits, at the emulator's round trip
 * (DISCORD_EMULATOR_ROUND_TRIP_MS, default 0). Reports acknowledgement latency,
 * `update` vs deferred answers, how long after its acknowledgement each vote was in
 * the database, how long after the last vote planner and participant lists showed
 * exactly the database, REST calls and 429s; exits 1 when a vote went unanswered, a
 * 429 was hit, or the final messages or database are wrong. See README.md.
 */
import { InteractionResponseType } from 'discord-api-types/v10';
import type { InteractionHandle } from '../../tests/support/discord-emulator';
import { createRaidThroughBot, plannerOptions, vote } from '../../tests/support/member-actions';
import { createRaidGuild } from '../../tests/support/raid-guild';
import { createWorld, type World } from '../../tests/support/world';
import { readFileSync } from 'node:fs';
import { botPid, deployedBotCommand } from '../deployed-bot';
import { cpuMs } from '../support/proc';
import { ackAt, discordMatchesDatabase, percentile, sleep, VoteWatch, type BurstRaid, type BurstVote } from './measures';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 50);
const RAIDS = Number(process.env.BENCH_RAIDS ?? 1);
const BURST_MS = Number(process.env.BENCH_BURST_MS ?? 2000);
const DAYS = ['Mon', 'Tue'];
const TIMES = ['20:00', '21:00'];
const MIN_PLAYERS = 2;

function stats(values: readonly number[]) {
  const sorted = [...values].filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN };
}

/**
 * Polls (every 100 ms) until all votes of the raid are in the database and planner and
 * lists show it; the instants they first did, or null.
 */
async function whenExact(world: World, raid: BurstRaid, watch: VoteWatch, timeoutMs: number): Promise<{ planner: number | null; lists: number | null }> {
  const deadline = Date.now() + timeoutMs;
  const at: { planner: number | null; lists: number | null } = { planner: null, lists: null };
  while (Date.now() < deadline && (at.planner === null || at.lists === null)) {
    const now = Date.now();
    if (watch.seenOf(raid.raid.raidId) >= MEMBERS * 2) {
      const shows = await discordMatchesDatabase(world, raid);
      at.planner = shows.planner ? (at.planner ?? now) : null;
      at.lists = shows.lists ? (at.lists ?? now) : null;
    }
    await sleep(100);
  }
  return at;
}

/** The option label a vote for `label` is stored under: a weekday became a dated option (`Mon` → `Mon 2026-12-14`). */
function storedLabel(world: World, { guild, raid }: BurstRaid, kind: 'day' | 'time', label: string): string {
  return plannerOptions(world, guild.plannerChannelId, raid.plannerMessageId, kind, [label]).options[0]!.label;
}

async function main(): Promise<void> {
  // As deployed: the supervisor runs the bot with the build's node flags (plus BENCH_NODE_FLAGS).
  const world: World = await createWorld({ botCommand: deployedBotCommand() });
  const problems: string[] = [];
  try {
    const guilds = await Promise.all(Array.from({ length: RAIDS }, (_, index) => createRaidGuild(world, `Burst${index}`, MEMBERS + 1)));
    await world.startBot();
    const raids: BurstRaid[] = [];
    for (const guild of guilds) {
      const raid = await createRaidThroughBot(world, guild, guild.members[0]!.id, {
        dungeon: 'Abyss Dungeon',
        days: DAYS.join(', '),
        times: TIMES.join(', '),
        minPlayers: String(MIN_PLAYERS),
      });
      raids.push({ guild, raid });
    }
    await world.emulator.driver.settle({ quietMs: 1000, timeoutMs: 60_000 });

    const restStart = world.emulator.rest.calls.length;
    // Member i of every raid votes at about the same moment: day first, then time.
    const votes: BurstVote[] = Array.from({ length: MEMBERS }, (_, index) =>
      raids.flatMap((raid) => {
        const memberId = raid.guild.members[index + 1]!.id;
        return [
          { raid, memberId, kind: 'day' as const, label: DAYS[index % DAYS.length]! },
          { raid, memberId, kind: 'time' as const, label: TIMES[Math.floor(index / DAYS.length) % TIMES.length]! },
        ].map((entry) => ({ ...entry, storedLabel: storedLabel(world, raid, entry.kind, entry.label) }));
      }),
    ).flat();
    const gap = BURST_MS / votes.length;
    const watch = new VoteWatch(world, raids.map((raid) => raid.raid.raidId));
    const bot = botPid(world);
    const botCpuBefore = cpuMs(bot);
    const burstStart = Date.now();
    const handles: InteractionHandle[] = await Promise.all(
      votes.map(async (entry, index) => {
        await sleep(index * gap);
        return vote(world, entry.raid.guild.plannerChannelId, entry.raid.raid.plannerMessageId, entry.memberId, entry.kind, [entry.label]);
      }),
    );
    const lastVoteAt = Math.max(...handles.map((handle) => handle.record.createdAt));
    const exactAt = await Promise.all(raids.map((raid) => whenExact(world, raid, watch, 60_000)));
    const acks = await Promise.allSettled(handles.map((handle) => handle.acknowledged(10_000)));
    await Promise.race([(async () => {
      while (watch.seen < votes.length) await sleep(50);
    })(), sleep(30_000)]);
    await watch.stop();
    // How long after its acknowledgement each vote was in the database (0: it was before).
    const dbAfterAck = votes.map((entry, index) => {
      const acked = ackAt(handles[index]!);
      const seen = watch.seenAt(entry);
      return acked === null || seen === undefined ? Number.POSITIVE_INFINITY : Math.max(0, seen - acked);
    });
    await Promise.allSettled(handles.map((handle) => handle.waitForFollowUps(1, 20_000)));
    await world.emulator.driver.settle({ quietMs: 2000, timeoutMs: 120_000 });
    // The bot's own CPU time for the burst and everything it caused, per vote: a figure the machine's load does not inflate much.
    const botCpuMsPerVote = Number(((cpuMs(bot) - botCpuBefore) / votes.length).toFixed(2));

    const latencies = handles.map((handle) => (ackAt(handle) ?? Number.NaN) - handle.record.createdAt);
    if (process.env.BENCH_SLOWEST) process.stderr.write(`slowest acks (vote index: ms): ${latencies.map((ms, index) => [index, ms] as const).sort((a, b) => b[1] - a[1]).slice(0, 8).map(([index, ms]) => `${index}: ${ms}`).join(', ')}\n`);
    const unanswered = acks.filter((ack) => ack.status === 'rejected').length;
    const deferred = handles.filter((handle) => handle.responseType === InteractionResponseType.DeferredMessageUpdate).length;
    if (unanswered > 0) problems.push(`${unanswered} vote(s) were not acknowledged in time`);
    if (deferred > 0) problems.push(`${deferred} vote(s) were answered by a deferred update`);

    const perRaid = [];
    for (const [index, raid] of raids.entries()) {
      const state = (await world.repos.raids.loadRaidState(raid.raid.raidId))!;
      const expectedRows = MEMBERS * 2;
      if (state.votes.length !== expectedRows) problems.push(`raid ${index}: expected ${expectedRows} vote rows, found ${state.votes.length}`);
      const final = await discordMatchesDatabase(world, raid);
      if (!final.planner) problems.push(`raid ${index}: the final planner does not show the database`);
      if (!final.lists) problems.push(`raid ${index}: the final participant lists do not show the database`);
      const mine = votes.map((entry, voteIndex) => (entry.raid === raid ? voteIndex : -1)).filter((voteIndex) => voteIndex >= 0);
      const { planner, lists } = exactAt[index]!;
      perRaid.push({
        ackLatencyMs: stats(mine.map((voteIndex) => latencies[voteIndex]!)),
        inDatabaseAfterAckMs: stats(mine.map((voteIndex) => dbAfterAck[voteIndex]!)),
        plannerExactAfterLastVoteMs: planner === null ? null : Math.max(0, planner - lastVoteAt),
        listsExactAfterLastVoteMs: lists === null ? null : Math.max(0, lists - lastVoteAt),
      });
    }

    const calls = world.emulator.rest.calls.slice(restStart);
    const byRoute = new Map<string, number>();
    for (const call of calls) byRoute.set(`${call.method} ${call.route}`, (byRoute.get(`${call.method} ${call.route}`) ?? 0) + 1);
    const limited = calls.filter((call) => call.status === 429).length;
    if (limited > 0) problems.push(`${limited} request(s) hit a 429`);
    // When each participants channel was written (ms after the burst's start): a write during the burst spends the channel's 5 per 5 s.
    const listWrites = raids.map((raid) =>
      calls
        .filter((call) => call.method !== 'GET' && call.path.startsWith(`/channels/${raid.guild.participantsChannelId}/messages`))
        .map((call) => `${call.method === 'POST' ? 'post' : call.method === 'PATCH' ? 'edit' : call.method.toLowerCase()}@${call.startedAt - burstStart}${call.status === 200 || call.status === 204 ? '' : `(${call.status})`}`),
    );
    if (process.env.BENCH_TIMELINE) for (const call of calls) if (!call.path.startsWith('/interactions') && !call.path.startsWith('/webhooks')) process.stderr.write(`${call.startedAt - burstStart} ${call.finishedAt === null ? '-' : call.finishedAt - burstStart} ${call.method} ${call.path} ${call.status}\n`);
    const plannerEdits = calls.filter((call) => call.method === 'PATCH' && raids.some((raid) => call.path === `/channels/${raid.guild.plannerChannelId}/messages/${raid.raid.plannerMessageId}`));

    const report = {
      roundTripMs: world.emulator.distance.roundTripMs,
      bot: process.env.BOT_DIST_DIR ?? 'dist',
      raids: RAIDS,
      membersPerRaid: MEMBERS,
      votes: votes.length,
      burstMs: lastVoteAt - burstStart,
      ackLatencyMs: stats(latencies),
      answeredByUpdate: votes.length - deferred - unanswered,
      answeredByDeferredUpdate: deferred,
      unanswered,
      inDatabaseAfterAckMs: stats(dbAfterAck),
      plannerExactAfterLastVoteMs: Math.max(...perRaid.map((raid) => raid.plannerExactAfterLastVoteMs ?? Number.POSITIVE_INFINITY)),
      listsExactAfterLastVoteMs: Math.max(...perRaid.map((raid) => raid.listsExactAfterLastVoteMs ?? Number.POSITIVE_INFINITY)),
      plannerEditsOverRest: plannerEdits.length,
      restCalls: calls.length,
      restCallsPerVote: Number((calls.length / votes.length).toFixed(2)),
      rateLimited429: limited,
      botCpuMsPerVote,
      loadAverage: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
      perRaid,
      listWrites,
      callsByRoute: Object.fromEntries([...byRoute].sort((a, b) => b[1] - a[1])),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    if (process.env.BENCH_TRANSCRIPT) process.stderr.write(world.transcript());
    await world.stop();
  }
  if (problems.length > 0) {
    process.stderr.write(`vote burst: FAILED\n- ${problems.join('\n- ')}\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write('vote burst: final database and messages verified\n');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
