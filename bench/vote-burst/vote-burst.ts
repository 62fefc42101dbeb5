/**
 * Vote burst benchmark: 50 members each choose a day and a time (100 select
 * interactions) on one raid within 2 seconds, against the built bot and the Discord
 * emulator (with Discord's rate limits). Reports acknowledgement latency, REST calls
 * per vote, edits per participant list, 429s, and how long lists and the raid role
 * take to settle; then verifies the database and what Discord shows. Exits 1 when the
 * final state is wrong or any vote went unanswered. See README.md for how to run it.
 */
import { InteractionResponseType } from 'discord-api-types/v10';
import { qualifiedSlots } from '../../src/lib/raids/slots';
import type { InteractionHandle } from '../../tests/support/discord-emulator';
import { createRaidThroughBot, vote } from '../../tests/support/member-actions';
import { createRaidGuild } from '../../tests/support/raid-guild';
import { botMessages } from '../../tests/support/read-backs';
import { waitUntil } from '../../tests/support/wait';
import { createWorld, type World } from '../../tests/support/world';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 50);
const BURST_MS = Number(process.env.BENCH_BURST_MS ?? 2000);
const DAYS = ['Mon', 'Tue'];
const TIMES = ['20:00', '21:00'];
const MIN_PLAYERS = 2;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const world: World = await createWorld();
  const problems: string[] = [];
  try {
    const guild = await createRaidGuild(world, 'Burst', MEMBERS + 1);
    const [creator, ...voters] = guild.members;
    await world.startBot();
    const raid = await createRaidThroughBot(world, guild, creator!.id, {
      dungeon: 'Abyss Dungeon',
      days: DAYS.join(', '),
      times: TIMES.join(', '),
      minPlayers: String(MIN_PLAYERS),
    });
    await world.emulator.driver.settle({ quietMs: 500, timeoutMs: 60_000 });
    const role = world.emulator.driver.roles(guild.guild.id).find((candidate) => candidate.name === 'DMW Raid: Abyss Dungeon');
    if (role === undefined) throw new Error('the raid role was not created');

    const restStart = world.emulator.rest.calls.length;
    const interactions = voters.flatMap((member, index) => [
      { member, kind: 'day' as const, label: DAYS[index % DAYS.length]! },
      { member, kind: 'time' as const, label: TIMES[Math.floor(index / DAYS.length) % TIMES.length]! },
    ]);
    const gap = BURST_MS / interactions.length;
    const burstStart = Date.now();
    const handles: InteractionHandle[] = await Promise.all(
      interactions.map(async ({ member, kind, label }, index) => {
        await sleep(index * gap);
        return vote(world, guild.plannerChannelId, raid.plannerMessageId, member.id, kind, [label]);
      }),
    );
    const burstEnd = Date.now();

    const acks = await Promise.allSettled(handles.map((handle) => handle.acknowledged(10_000)));
    const latencies = handles
      .map((handle) => {
        const callback = handle.events.find((event) => event.kind === 'callback');
        return callback === undefined ? Number.NaN : callback.at - handle.record.createdAt;
      })
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    const unanswered = acks.filter((ack) => ack.status === 'rejected').length;
    const deferred = handles.filter((handle) => handle.responseType === InteractionResponseType.DeferredMessageUpdate).length;
    if (unanswered > 0) problems.push(`${unanswered} vote(s) were not acknowledged in time`);
    await Promise.allSettled(handles.map((handle) => handle.waitForFollowUps(1, 20_000)));

    // Expected final state, computed from the database by the domain's own slot rules.
    const state = (await world.repos.raids.loadRaidState(raid.raidId))!;
    if (state.votes.length !== interactions.length) problems.push(`expected ${interactions.length} vote rows, found ${state.votes.length}`);
    const expectedSlots = qualifiedSlots(state);
    const slotTexts = () => botMessages(world, guild.participantsChannelId).map((message) => message.content);
    const listsRight = () =>
      expectedSlots.every((slot) => {
        const text = slotTexts().find((content) => content.includes(`Day: **${slot.day}** · Time: **${slot.time}**`));
        return text !== undefined && text.includes(`Players: **${slot.userIds.length} / ${MIN_PLAYERS}**`) && slot.userIds.every((id) => text.includes(`<@${id}>`));
      }) && slotTexts().length === expectedSlots.length;
    await waitUntil('the participant lists are final', listsRight, 60_000).catch(() => problems.push('participant lists did not reach the final state'));
    const listsDone = Date.now();
    const holders = new Set(expectedSlots.flatMap((slot) => slot.userIds));
    await waitUntil(
      'every slot member holds the raid role',
      () => [...holders].every((id) => world.emulator.driver.memberRoles(guild.guild.id, id).includes(role.id)),
      180_000,
    ).catch(() => problems.push('not every slot member got the raid role'));
    const rolesDone = Date.now();
    await world.emulator.driver.settle({ quietMs: 1000, timeoutMs: 120_000 });

    const planner = world.emulator.driver.message(guild.plannerChannelId, raid.plannerMessageId)!;
    const fullyVoted = planner.embeds[0]?.fields?.find((field) => field.name.startsWith('Voted day + time'))?.name;
    if (fullyVoted !== `Voted day + time (${voters.length})`) problems.push(`planner shows "${fullyVoted}"`);

    const calls = world.emulator.rest.calls.slice(restStart);
    const byRoute = new Map<string, number>();
    for (const call of calls) byRoute.set(`${call.method} ${call.route}`, (byRoute.get(`${call.method} ${call.route}`) ?? 0) + 1);
    const slotIds = new Set(botMessages(world, guild.participantsChannelId).map((message) => message.id));
    const editsPerList = [...slotIds].map(
      (id) => calls.filter((call) => call.method === 'PATCH' && call.path === `/channels/${guild.participantsChannelId}/messages/${id}`).length,
    );
    const limited = calls.filter((call) => call.status === 429).length;
    const votes = interactions.length;

    const report = {
      members: voters.length,
      votes,
      burstMs: burstEnd - burstStart,
      ackLatencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? Number.NaN },
      answeredByUpdate: votes - deferred - unanswered,
      answeredByDeferredUpdate: deferred,
      unanswered,
      restCalls: calls.length,
      restCallsPerVote: Number((calls.length / votes).toFixed(2)),
      restCallsWithoutInteractionResponses: Number(
        (calls.filter((call) => !call.path.startsWith('/interactions/') && !call.path.startsWith('/webhooks/')).length / votes).toFixed(2),
      ),
      participantLists: slotIds.size,
      editsPerList,
      rateLimited429: limited,
      listsFinalAfterBurstMs: listsDone - burstEnd,
      roleFinalAfterBurstMs: rolesDone - burstEnd,
      callsByRoute: Object.fromEntries([...byRoute].sort((a, b) => b[1] - a[1])),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (limited > 0) problems.push(`${limited} request(s) hit a 429`);
  } finally {
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
