/**
 * Reminder benchmark: how late reminders and "starting now" posts go out, and what one
 * costs in REST calls. The built bot runs against the Discord emulator (with Discord's
 * rate limits) on its test clock at BENCH_SPEED (default 20×). Seeded before the start:
 * BENCH_GUILDS (10) servers with BENCH_RAIDS_PER_GUILD (10) raids each, every raid with
 * one qualified slot of two members; within a server the slots lie a minute apart
 * (25–34 minutes after the clock's start), so each participants channel gets one post
 * per clock minute, all servers at the same moment. The bot plans them at start-up.
 *
 * Lateness is real time: when the emulator stored the post minus the real moment the
 * bot's clock reached the due time (from the moment the bot's "Test clock" line was
 * read, so the figure may be short by that line's way through the pipe, a few ms).
 * Prints a JSON report; exits 1 if a post is missing, came twice, or came early.
 */
import type { APIMessage } from 'discord-api-types/v10';
import { reminderClaimKey, reminderNonce } from '../../src/lib/reminders/plan';
import { botClock } from '../../tests/support/bot-clock';
import { createRaidGuild, type RaidGuild } from '../../tests/support/raid-guild';
import { waitUntil } from '../../tests/support/wait';
import { createWorld, type World } from '../../tests/support/world';

const GUILDS = Number(process.env.BENCH_GUILDS ?? 10);
const RAIDS_PER_GUILD = Number(process.env.BENCH_RAIDS_PER_GUILD ?? 10);
const SPEED = Number(process.env.BENCH_SPEED ?? 20);
/** 2026-12-24 18:00 UTC = 19:00 in Berlin; slots from 19:25 Berlin on, reminders 15 minutes before. */
const CLOCK_START = new Date('2026-12-24T18:00:00Z');
const DAY = 'Thu 2026-12-24';
const FIRST_SLOT_MINUTE = 25;
const LEAD_MINUTES = 15;

interface Post {
  readonly kind: 'reminder' | 'start';
  readonly raidId: number;
  readonly due: Date;
  readonly nonce: string;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function seed(world: World, guilds: readonly RaidGuild[]): Promise<Post[]> {
  const posts: Post[] = [];
  for (const guild of guilds) {
    for (let index = 0; index < RAIDS_PER_GUILD; index++) {
      const slotAt = new Date(CLOCK_START.getTime() + (FIRST_SLOT_MINUTE + index) * 60_000);
      // Berlin wall time of the slot (UTC+1 in December).
      const time = `${String(slotAt.getUTCHours() + 1).padStart(2, '0')}:${String(slotAt.getUTCMinutes()).padStart(2, '0')}`;
      let state = await world.repos.raids.createRaid({
        guildId: guild.guild.id,
        channelId: guild.plannerChannelId,
        creatorId: guild.members[0]!.id,
        dungeon: 'Berserk Arena',
        days: [DAY],
        times: [time],
        minPlayers: 2,
      });
      for (const member of guild.members.slice(0, 2)) {
        state = (await world.repos.raids.toggleVotes(state.raid.id, member.id, 'day', [DAY]))!.state;
        state = (await world.repos.raids.toggleVotes(state.raid.id, member.id, 'time', [time]))!.state;
      }
      for (const kind of ['reminder', 'start'] as const) {
        const due = kind === 'start' ? slotAt : new Date(slotAt.getTime() - LEAD_MINUTES * 60_000);
        posts.push({ kind, raidId: state.raid.id, due, nonce: reminderNonce(reminderClaimKey(state.raid.id, DAY, time, kind)) });
      }
    }
  }
  return posts;
}

async function main(): Promise<void> {
  const env = { TEST_CLOCK_START: CLOCK_START.toISOString(), TEST_CLOCK_SPEED: String(SPEED) };
  const world = await createWorld({ env });
  let failed = false;
  try {
    const guilds: RaidGuild[] = [];
    for (let index = 0; index < GUILDS; index++) guilds.push(await createRaidGuild(world, `Bench Guild ${index + 1}`, 3));
    const posts = await seed(world, guilds);
    await world.startBot();
    const clock = botClock(world.bot, env);
    const readyClock = clock.at(Date.now());
    const messagesByNonce = (): Map<string, APIMessage[]> => {
      const found = new Map<string, APIMessage[]>();
      for (const guild of guilds) {
        for (const message of world.driver.messages(guild.participantsChannelId)) {
          const nonce = typeof message.nonce === 'string' ? message.nonce : undefined;
          if (nonce !== undefined) found.set(nonce, [...(found.get(nonce) ?? []), message]);
        }
      }
      return found;
    };
    const lastDue = Math.max(...posts.map((post) => post.due.getTime()));
    const waitMs = clock.realAt(new Date(lastDue)) - Date.now() + 30_000;
    await waitUntil('every post', () => messagesByNonce().size >= posts.length, Math.max(waitMs, 30_000), world);
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // a duplicate would come now

    const byNonce = messagesByNonce();
    const lateness = { reminder: [] as number[], start: [] as number[] };
    let missing = 0;
    let duplicates = 0;
    for (const post of posts) {
      const messages = byNonce.get(post.nonce) ?? [];
      if (messages.length === 0) missing += 1;
      if (messages.length > 1) duplicates += messages.length - 1;
      if (messages.length > 0) lateness[post.kind].push(Date.parse(messages[0]!.timestamp) - clock.realAt(post.due));
    }
    const firstDueReal = clock.realAt(new Date(Math.min(...posts.map((post) => post.due.getTime()))));
    const calls = world.emulator.rest.calls.filter((call) => call.startedAt >= firstDueReal - 1_000);
    const postCalls = calls.filter((call) => call.method === 'POST' && call.route === '/channels/:channel_id/messages');
    const summary = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return { count: sorted.length, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), maxMs: sorted.at(-1)!, minMs: sorted[0]! };
    };
    const report = {
      guilds: GUILDS,
      raids: GUILDS * RAIDS_PER_GUILD,
      speed: SPEED,
      botReadyAtClock: readyClock.toISOString(),
      reminderLateness: summary(lateness.reminder),
      startLateness: summary(lateness.start),
      missing,
      duplicates,
      restCallsWhileFiring: calls.length,
      restCallsPerPost: Number((calls.length / posts.length).toFixed(2)),
      messagePostCalls: postCalls.length,
      rateLimited: calls.filter((call) => call.status === 429).length,
      otherCalls: [...new Set(calls.filter((call) => !postCalls.includes(call)).map((call) => `${call.method} ${call.route}`))],
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    const early = [...lateness.reminder, ...lateness.start].filter((late) => late < -50).length;
    if (missing > 0 || duplicates > 0 || early > 0) {
      process.stderr.write(`FAILED: ${missing} missing, ${duplicates} duplicates, ${early} early\n`);
      failed = true;
    }
  } finally {
    await world.stop();
  }
  process.exit(failed ? 1 : 0);
}

void main();
