/**
 * Restoration benchmark: 500 open raids with votes across 20 guilds, restored by the
 * built bot against the Discord emulator (with Discord's rate limits). Three starts:
 *   1. first start: nothing posted yet (every planner, list and raid list is posted);
 *   2. restart with nothing changed (target: ≤ 150 REST calls, no post, no edit);
 *   3. restart after all planner messages were deleted behind the bot's back (target:
 *      exactly those posted again, no 429).
 * For each: time from READY to restored, REST calls by method, channel pages and single
 * message reads, 429s, posts and edits per tracked message. Prints a JSON report; exits
 * 1 when run 2 or 3 misses its target. DISCORD_EMULATOR_ROUND_TRIP_MS puts Discord's
 * distance between bot and emulator. See README.md.
 */
import type { RestCall } from '../../tests/support/discord-emulator';
import { RESTORATION_CONCURRENCY } from '../../src/lib/restore/restoration';
import { BotProcess } from '../../tests/support/bot-process';
import { createRaidGuild, type RaidGuild } from '../../tests/support/raid-guild';
import { createWorld, type World } from '../../tests/support/world';

const GUILDS = Number(process.env.BENCH_GUILDS ?? 20);
const RAIDS = Number(process.env.BENCH_RAIDS ?? 500);
const MEMBERS_PER_GUILD = 10;
const VOTERS_PER_RAID = 5;
const DAYS = ['Sat', 'Sun'];
const TIMES = ['20:00', '21:00'];

/** Small deterministic PRNG (mulberry32), so every run seeds the same votes. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function nonEmptySubset<T>(items: readonly T[], next: () => number): T[] {
  const chosen = items.filter(() => next() < 0.6);
  return chosen.length > 0 ? chosen : [items[Math.floor(next() * items.length)]!];
}

async function seed(world: World, guilds: RaidGuild[]): Promise<void> {
  const next = random(42);
  for (let index = 0; index < RAIDS; index++) {
    const guild = guilds[index % guilds.length]!;
    let state = await world.repos.raids.createRaid({
      guildId: guild.guild.id,
      channelId: guild.plannerChannelId,
      creatorId: guild.members[0]!.id,
      dungeon: 'Berserk Arena',
      days: DAYS,
      times: TIMES,
      minPlayers: 2,
    });
    const voters = [...guild.members].sort(() => next() - 0.5).slice(0, VOTERS_PER_RAID);
    for (const voter of voters) {
      state = (await world.repos.raids.toggleVotes(state.raid.id, voter.id, 'day', nonEmptySubset(DAYS, next)))!.state;
      state = (await world.repos.raids.toggleVotes(state.raid.id, voter.id, 'time', nonEmptySubset(TIMES, next)))!.state;
    }
  }
}

interface RunFigures {
  readonly run: string;
  readonly readyToRestoredMs: number;
  /** What the bot logged: its restoration line. */
  readonly restorationLine: string;
  readonly restCalls: number;
  readonly byMethod: Record<string, number>;
  readonly rateLimited: number;
  readonly messagesPosted: number;
  readonly messageEdits: number;
  readonly maxEditsPerMessage: number;
  readonly messageReads: number;
  readonly channelPages: number;
}

function figures(run: string, calls: readonly RestCall[], readyToRestoredMs: number, restorationLine: string): RunFigures {
  const own = calls.filter((call) => !call.path.startsWith('/interactions/') && !call.path.startsWith('/webhooks/'));
  const byMethod: Record<string, number> = {};
  for (const call of own) byMethod[call.method] = (byMethod[call.method] ?? 0) + 1;
  const edits = own.filter((call) => call.method === 'PATCH' && call.route === '/channels/:channel_id/messages/:message_id' && call.status === 200);
  const editsPerMessage = new Map<string, number>();
  for (const edit of edits) editsPerMessage.set(edit.path, (editsPerMessage.get(edit.path) ?? 0) + 1);
  return {
    run,
    readyToRestoredMs,
    restorationLine: restorationLine.replace(/^.*restoration: /, ''),
    restCalls: own.length,
    byMethod,
    rateLimited: own.filter((call) => call.status === 429).length,
    messagesPosted: own.filter((call) => call.method === 'POST' && call.route === '/channels/:channel_id/messages' && call.status === 200).length,
    messageEdits: edits.length,
    maxEditsPerMessage: Math.max(0, ...editsPerMessage.values()),
    messageReads: own.filter((call) => call.method === 'GET' && call.route === '/channels/:channel_id/messages/:message_id').length,
    channelPages: own.filter((call) => call.method === 'GET' && call.route === '/channels/:channel_id/messages').length,
  };
}

async function startAndMeasure(world: World, run: string): Promise<RunFigures> {
  // Started by hand, not by world.startBot(): the figures run from "Ready as" to the restoration line.
  const bot = BotProcess.start({ env: world.env });
  world.onClose(async () => {
  });
  await bot.waitForLine(/Ready as /, { timeoutMs: 120_000 });
  const readyAt = Date.now();
  const firstCall = world.emulator.rest.calls.length;
  const line = await bot.waitForLine('restoration:', { timeoutMs: 30 * 60_000 });
  const restoredAt = Date.now();
  const calls = world.emulator.rest.calls.slice(firstCall).filter((call) => call.startedAt <= restoredAt);
  await bot.stop();
  return figures(run, calls, restoredAt - readyAt, line);
}

async function main(): Promise<void> {
  const world = await createWorld();
  let failed = false;
  try {
    const guilds: RaidGuild[] = [];
    for (let index = 0; index < GUILDS; index++) guilds.push(await createRaidGuild(world, `Bench Guild ${index + 1}`, MEMBERS_PER_GUILD));
    const seedStarted = Date.now();
    await seed(world, guilds);
    const [{ votes }] = (await world.db.query<{ votes: number }>('SELECT count(*)::int AS votes FROM raid_votes')) as [{ votes: number }];
    process.stderr.write(`seeded ${RAIDS} raids with ${votes} votes in ${GUILDS} guilds in ${Date.now() - seedStarted} ms\n`);

    const first = await startAndMeasure(world, 'first start (nothing posted yet)');
    const [{ tracked }] = (await world.db.query<{ tracked: number }>(
      `SELECT ((SELECT count(*) FROM raids WHERE message_id IS NOT NULL) + (SELECT count(*) FROM raid_posted_slots) +
               (SELECT count(*) FROM guild_settings WHERE raidlist_message_id IS NOT NULL))::int AS tracked`,
    )) as [{ tracked: number }];

    const unchanged = await startAndMeasure(world, 'restart, nothing changed');

    const planners = await world.db.query<{ channel_id: string; message_id: string }>('SELECT channel_id, message_id FROM raids WHERE message_id IS NOT NULL');
    for (const planner of planners) world.emulator.deleteMessageBehindBotsBack(planner.channel_id, planner.message_id);
    const deleted = await startAndMeasure(world, `restart after deleting all ${planners.length} planner messages`);

    const roundTripMs = Number(process.env.DISCORD_EMULATOR_ROUND_TRIP_MS ?? 0);
    const report = { raids: RAIDS, guilds: GUILDS, votes, trackedMessages: tracked, roundTripMs, concurrency: RESTORATION_CONCURRENCY, runs: [first, unchanged, deleted] };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (unchanged.messagesPosted !== 0 || unchanged.messageEdits !== 0 || unchanged.restCalls > 150) {
      process.stderr.write('FAILED: a restart with nothing changed posted or edited messages, or made more than 150 REST calls\n');
      failed = true;
    }
    if (deleted.messagesPosted !== planners.length || deleted.rateLimited !== 0) {
      process.stderr.write(`FAILED: ${deleted.messagesPosted} messages posted after deleting ${planners.length} planners, ${deleted.rateLimited} answered 429\n`);
      failed = true;
    }
  } finally {
    await world.stop();
  }
  process.exit(failed ? 1 : 0);
}

void main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
