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
import { createWorld, type World } from '../../tests/support/world';
import { restFigures, type RestFigures } from '../support/rest-figures';
import { createRaidGuilds, nonEmptySubset, random, seededCounts, seedRaids } from '../support/seed-raids';

const GUILDS = Number(process.env.BENCH_GUILDS ?? 20);
const RAIDS = Number(process.env.BENCH_RAIDS ?? 500);
const MEMBERS_PER_GUILD = 10;
const VOTERS_PER_RAID = 5;
const DAYS = ['Sat', 'Sun'];
const TIMES = ['20:00', '21:00'];

interface RunFigures extends RestFigures {
  readonly run: string;
  readonly readyToRestoredMs: number;
  /** What the bot logged: its restoration line. */
  readonly restorationLine: string;
}

function figures(run: string, calls: readonly RestCall[], readyToRestoredMs: number, restorationLine: string): RunFigures {
  return { run, readyToRestoredMs, restorationLine: restorationLine.replace(/^.*restoration: /, ''), ...restFigures(calls) };
}

async function startAndMeasure(world: World, run: string): Promise<RunFigures> {
  // Started by hand, not by world.startBot(): the figures run from "Ready as" to the restoration line.
  const bot = BotProcess.start({ env: world.env });
  world.onClose(async () => {
    await bot.stop();
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
    const guilds = await createRaidGuilds(world, GUILDS, (index) => `Bench Guild ${index + 1}`, MEMBERS_PER_GUILD);
    const seedStarted = Date.now();
    const next = random(42);
    await seedRaids(
      world,
      RAIDS,
      (index) => {
        const guild = guilds[index % guilds.length]!;
        const voters = [...guild.members].sort(() => next() - 0.5).slice(0, VOTERS_PER_RAID);
        return { guild, dungeon: 'Berserk Arena', votes: voters.map((member) => ({ member, days: nonEmptySubset(DAYS, next), times: nonEmptySubset(TIMES, next) })) };
      },
      { days: DAYS, times: TIMES },
    );
    const { votes } = await seededCounts(world);
    process.stderr.write(`seeded ${RAIDS} raids with ${votes} votes in ${GUILDS} guilds in ${Date.now() - seedStarted} ms\n`);

    const first = await startAndMeasure(world, 'first start (nothing posted yet)');
    const { trackedMessages: tracked } = await seededCounts(world);

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
