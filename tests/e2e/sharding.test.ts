/**
 * Issue 15 end to end: `npm start` (the supervisor) runs the bot as two shard
 * processes (SHARD_COUNT=auto → the emulator recommends 2, SHARDS_PER_CLUSTER=1)
 * against one database and one Redis, with servers on both shards. Each process
 * receives only its shard's servers and does their whole raid flow; the scheduled
 * tasks run once per period across both; a SIGKILL of one process is recovered by the
 * launcher (its shard comes back, its raids keep voting, nothing is posted twice); a
 * second launcher against the same database takes no shard that is owned.
 */
import { Queue } from 'bullmq';
import { redisConnectionOptions } from '../../src/lib/client';
import { t } from '../../src/lib/i18n';
import { BotProcess } from '../support/bot-process';
import { IDENTIFY_WINDOW_MS } from '../support/discord-emulator/sharding';
import { clickFinish, type CreatedRaid, createRaidThroughBot, voteSlot } from '../support/member-actions';
import { createRaidGuild, type RaidGuild } from '../support/raid-guild';
import { botMessages, disagreements, plannerOf, settle } from '../support/read-backs';
import { PINNED_CLOCK } from '../support/test-clock';
import { waitUntil } from '../support/wait';
import { freePort } from '../support/free-port';
import { parsePrometheusText, value, type Sample } from '../support/prometheus-text';
import { createWorld, type World } from '../support/world';

jest.setTimeout(300_000);

let world: World;
let launcher: BotProcess;
/** One server per shard: `byShard[0]` on shard 0 of 2, `byShard[1]` on shard 1. */
const byShard: RaidGuild[] = [];
/** The log channel (on shard 0's server): every process forwards its own log lines there. */
let logChannelId: string;

const METRICS_TOKEN = 'e2e-sharding-metrics-token-7c1d9a2b4e6f80';

/** /metrics of cluster process `cluster` (DASHBOARD_PORT + cluster). */
async function metricsOf(cluster: number): Promise<Sample[]> {
  const response = await fetch(`http://127.0.0.1:${Number(world.env.DASHBOARD_PORT) + cluster}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(response.status).toBe(200);
  return parsePrometheusText(await response.text());
}

const restorations = (bot: BotProcess): number => bot.lines.filter((line) => /restoration: \d+ open raid/.test(line.text)).length;
const botPid = (bot: BotProcess, shard: number): number[] =>
  bot.lines.flatMap((line) => {
    const match = new RegExp(`supervisor: cluster ${shard} \\(shard ${shard} of 2\\): bot started \\(pid (\\d+)\\)`).exec(line.text);
    return match ? [Number(match[1])] : [];
  });

async function startLauncher(env: Record<string, string> = {}): Promise<BotProcess> {
  return BotProcess.start({
    env: { ...world.env, SHARDS_PER_CLUSTER: '1', BOT_RUNNER_RESTART_DELAY_SECONDS: '1', ...env },
    supervised: true,
  });
}

beforeAll(async () => {
  world = await createWorld({ env: { ...PINNED_CLOCK }, emulator: { recommendedShards: 2 } });
  for (const shard of [0, 1]) byShard.push(await createRaidGuild(world, `Shard${shard}`, 4, { onShard: { id: shard, count: 2 } }));
  logChannelId = world.emulator.driver.createChannel(byShard[0]!.guild.id, { name: 'bot-log' }).id;
  launcher = await startLauncher({ LOG_GUILD_ID: byShard[0]!.guild.id, LOG_CHANNEL_ID: logChannelId, DASHBOARD_TOKEN: METRICS_TOKEN });
  await waitUntil('both shard processes restored their servers', () => restorations(launcher) >= 2, 120_000, launcher);
  await settle(world);
});

afterAll(async () => {
  if (launcher && !launcher.exited) await launcher.stop();
  await world?.stop();
});

describe('two shard processes on one database and one Redis', () => {
  it('each owns one shard and has a gateway session with only its servers; identifies kept max_concurrency', async () => {
    expect(launcher.transcript()).toContain('SHARD_COUNT=auto: Discord recommends 2 shard(s)');
    expect(launcher.lines.filter((line) => /Shard locks acquired: this process owns shard \d of 2/.test(line.text))).toHaveLength(2);
    expect(botPid(launcher, 0)).toHaveLength(1);
    expect(botPid(launcher, 1)).toHaveLength(1);
    const app = world.emulator.bot.applicationId;
    for (const shard of [0, 1]) {
      const session = world.emulator.gateway.liveSession(app, shard);
      expect(session).toBeDefined();
    }
    const starts = world.emulator.sessionStarts.identifies.filter((record) => record.outcome === 'ready');
    expect(starts.map((record) => record.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    // One bucket (max_concurrency 1): the two processes identified at least 5 s apart, none refused.
    expect(world.emulator.sessionStarts.refused).toEqual([]);
    expect(Math.abs(starts[1]!.at - starts[0]!.at)).toBeGreaterThanOrEqual(IDENTIFY_WINDOW_MS - 50);
  });

  describe('the whole raid flow, on each shard', () => {
    const raids: CreatedRaid[] = [];

    it.each([0, 1])('shard %i: plan, vote, participant list, finish with attendance', async (shard) => {
      const guild = byShard[shard]!;
      const raid = await createRaidThroughBot(world, guild, guild.members[0]!.id, { dungeon: 'Shopping Mall', days: 'Sat', times: '20:00', minPlayers: '2' });
      raids[shard] = raid;
      for (const member of guild.members.slice(1, 3)) await voteSlot(world, guild, raid, member.id, ['Sat'], ['20:00']);
      await settle(world);
      const list = botMessages(world, guild.participantsChannelId).filter((message) => message.content.includes(`Raid \`${raid.displayId}\``));
      expect(list).toHaveLength(1);
      expect(list[0]!.content).toContain(`<@${guild.members[1]!.id}>`);
      expect(await disagreements(world, guild, raid.raidId)).toEqual([]);

      const reply = await clickFinish(world, guild, raid, guild.members[0]!.id);
      // The slot has not begun (pinned clock): attendance falls back to everyone present.
      expect(reply.content).toBe(`${t('en-US', 'finish.finished', { displayId: raid.displayId, count: 2 })}\n${t('en-US', 'voiceAttendance.fallback')}`);
      const attendance = await world.db.query<{ user_id: string; status: string }>('SELECT user_id, status FROM raid_attendance WHERE guild_id = $1 ORDER BY user_id', [guild.guild.id]);
      expect(attendance).toEqual(guild.members.slice(1, 3).map((member) => ({ user_id: member.id, status: 'present' })).sort((a, b) => a.user_id.localeCompare(b.user_id)));
      // Answered by the process owning the shard, which alone receives the server's interactions.
      const sessions = world.emulator.gateway.liveSessions(world.emulator.bot.applicationId);
      expect(sessions).toHaveLength(2);
    });
  });

  it('a SIGKILL of one shard process is recovered: its shard comes back, its raids keep voting, nothing is posted twice', async () => {
    const guild = byShard[1]!;
    const raid = await createRaidThroughBot(world, guild, guild.members[0]!.id, { dungeon: 'Berserk Arena', days: 'Sun', times: '21:00', minPlayers: '2' });
    await voteSlot(world, guild, raid, guild.members[1]!.id, ['Sun'], ['21:00']);
    await settle(world);
    const [pid] = botPid(launcher, 1);
    const restored = restorations(launcher);
    process.kill(pid!, 'SIGKILL');
    await waitUntil('the launcher started shard 1 again', () => botPid(launcher, 1).length === 2, 30_000, launcher);
    await waitUntil('the new process restored shard 1', () => restorations(launcher) > restored, 120_000, launcher);
    await settle(world);

    await voteSlot(world, guild, raid, guild.members[2]!.id, ['Sun'], ['21:00']);
    await settle(world);
    expect(plannerOf(world, guild, raid).id).toBe(raid.plannerMessageId);
    expect(await disagreements(world, guild, raid.raidId)).toEqual([]);
    const planners = botMessages(world, guild.plannerChannelId).filter((message) => message.id === raid.plannerMessageId || (message.embeds[0]?.title ?? '').includes('Berserk Arena'));
    expect(planners).toHaveLength(1);
    const lists = botMessages(world, guild.participantsChannelId).filter((message) => message.content.includes(`Raid \`${raid.displayId}\``));
    expect(lists).toHaveLength(1);
    // Shard 0 kept running throughout.
    expect(botPid(launcher, 0)).toHaveLength(1);
    const votes = await world.db.query<{ n: string }>(`SELECT count(*) AS n FROM raid_votes WHERE raid_id = $1`, [raid.raidId]);
    expect(Number(votes[0]!.n)).toBe(4);
  });

  it('each scheduled task runs once per period across both processes, with each shard\'s part done by its owner', async () => {
    const queue = new Queue(world.redisKeys.taskQueue, { connection: redisConnectionOptions(world.redisUrl) });
    try {
      // Completed, or still waiting for the other process's answer.
      const completed = async (task: string) => (await queue.getJobs(['completed', 'active'])).filter((job) => job.name === task);
      const partsDone = async (cluster: number, task: string) => value(await metricsOf(cluster), 'dmw_scheduled_task_parts_total', { task, outcome: 'done' });
      // Voice XP runs every minute: wait for a run after both processes are up, each doing its own servers' part.
      await waitUntil('both shard processes did a voice XP part', async () => (await partsDone(0, 'voiceXp')) >= 1 && (await partsDone(1, 'voiceXp')) >= 1, 90_000, launcher);
      // Once per period across both: the repeat made one job per period, each taken by one process only.
      const runs = (await completed('voiceXp')).map((job) => job.processedOn!).sort((a, b) => a - b);
      for (let index = 1; index < runs.length; index++) expect(runs[index]! - runs[index - 1]!).toBeGreaterThan(50_000);
      // Each job fanned out once: the shard-0 process (up all along) did at most one voice XP part per job.
      expect(await partsDone(0, 'voiceXp')).toBeLessThanOrEqual((await completed('voiceXp')).length);
      const forwarded = (await completed('logForwarder')).map((job) => job.processedOn!).sort((a, b) => a - b);
      expect(forwarded.length).toBeGreaterThan(1);
      for (let index = 1; index < forwarded.length; index++) expect(forwarded[index]! - forwarded[index - 1]!).toBeGreaterThan(4_000);
      // The log forwarder's part: each process sent its own buffer to the log channel, shard 1's process included.
      await waitUntil('both processes forwarded their log lines', () => {
        const text = botMessages(world, logChannelId).map((message) => message.content).join('\n');
        return text.includes('this process owns shard 0 of 2') && text.includes('this process owns shard 1 of 2');
      }, 30_000, launcher);
    } finally {
      await queue.close();
    }
  });

  it('a second launcher against the same database takes no shard that is owned', async () => {
    const identifies = world.emulator.sessionStarts.identifies.length;
    const second = await startLauncher({ DASHBOARD_PORT: String(await freePort()) });
    try {
      await second.waitForLine(/Not taking shard 0 of 2: shard 0 of 2 is owned by session pid \d+ 'dmw-raid-bot:shards 0\/2'/, { timeoutMs: 60_000 });
      await second.waitForLine(/Not taking shard 1 of 2: shard 1 of 2 is owned by session pid \d+ 'dmw-raid-bot:shards 1\/2'/, { timeoutMs: 60_000 });
      // Waiting, never connecting: no new IDENTIFY, the two sessions are still the first launcher's.
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      expect(world.emulator.sessionStarts.identifies.length).toBe(identifies);
      expect(second.transcript()).not.toContain('Logging in to Discord');
    } finally {
      const exit = await second.stop();
      expect(exit.code).toBe(0);
    }
  });
});
