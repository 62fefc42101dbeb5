/**
 * The key test: the bot run the documented way (the supervisor entry that
 * `npm start` runs) against the local Discord emulator. `/restart` from the operator
 * and `restart` typed by an administrator in the log channel both bring the bot back
 * as a new process with a new gateway session, and an open raid's vote select, posted
 * before the restart, still works after it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InteractionResponseType, MessageFlags, type APIMessage } from 'discord-api-types/v10';
import type { Repositories } from '../../src/lib/db/repositories';
import { supervisorEntry } from '../support/bot-process';
import { isProcessAlive } from '../support/child-process';
import type { DiscordEmulator, GatewaySession, GuildFixture, MemberFixture } from '../support/discord-emulator';
import { vote } from '../support/member-actions';
import { createRaidGuild } from '../support/raid-guild';
import { waitUntil } from '../support/wait';
import { createWorld, type World } from '../support/world';

jest.setTimeout(120_000);

let world: World;
let emulator: DiscordEmulator;
let repos: Repositories;
let workDir: string;
let supervisor: ChildProcess;
let supervisorExit: Promise<number | null>;
const output: string[] = [];

let guild: GuildFixture;
let plannerChannel: string;
let logChannel: string;
let operator: MemberFixture;
let admin: MemberFixture;
let voters: MemberFixture[];
let raidId: number;

beforeAll(async () => {
  // The world provides emulator, database, Redis and the bot's environment; the bot
  // itself is started by the supervisor below, not by the world.
  world = await createWorld();
  emulator = world.emulator;
  repos = world.repos;
  workDir = mkdtempSync(join(tmpdir(), 'dmw-restart-e2e-'));

  const raidGuild = await createRaidGuild(world, 'Restart Guild', 2);
  ({ guild, plannerChannelId: plannerChannel, members: voters } = raidGuild);
  const { driver } = emulator;
  logChannel = driver.createChannel(guild.id, { name: 'bot-log' }).id;
  operator = driver.createMember(guild.id, { username: 'operator' });
  admin = driver.createMember(guild.id, { username: 'admin', admin: true });
  // An open raid whose planner the bot posts at start-up (restoration) and must keep serving.
  const raid = await repos.raids.createRaid({
    guildId: guild.id,
    channelId: plannerChannel,
    creatorId: voters[0]!.id,
    dungeon: 'Nanos',
    days: ['Sat', 'Sun'],
    times: ['20:00'],
    minPlayers: 2,
  });
  raidId = raid.raid.id;

  const firstReady = emulator.gateway.waitFor('ready', { timeoutMs: 60_000 });
  supervisor = spawn(process.execPath, [supervisorEntry()], {
    cwd: workDir,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      ...world.env,
      PRIVILEGED_USER_ID: operator.id,
      LOG_GUILD_ID: guild.id,
      LOG_CHANNEL_ID: logChannel,
      BOT_RUNNER_RESTART_DELAY_SECONDS: '1',
      BOT_RUNNER_MIN_UPTIME_SECONDS: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [supervisor.stdout!, supervisor.stderr!]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => output.push(...chunk.split('\n').filter(Boolean)));
  }
  supervisorExit = new Promise((resolveExit) => supervisor.once('exit', (code) => resolveExit(code)));
  await firstReady;
  await waitUntil('the planner is posted', async () => (await repos.raids.loadRaidState(raidId))?.raid.messageId != null, 30_000, supervisorOutput);
});

afterAll(async () => {
  if (supervisor && supervisor.exitCode === null && supervisor.signalCode === null) {
    supervisor.kill('SIGTERM');
    const killer = setTimeout(() => supervisor.kill('SIGKILL'), 30_000);
    await supervisorExit;
    clearTimeout(killer);
  }
  await world?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** What the supervisor and its bots said, for failure messages. */
const supervisorOutput = { transcript: () => output.join('\n') };

/** Pids of the bot processes the supervisor started, in order. */
/** The log channel also receives the bot's forwarded log batches (code blocks); those are not answers. */
function isForwardedLog(content: string): boolean {
  return content.startsWith('```');
}

function botPids(): number[] {
  return output.flatMap((line) => {
    const match = /bot started \(pid (\d+)\)/.exec(line);
    return match ? [Number(match[1])] : [];
  });
}

async function plannerMessage(): Promise<APIMessage> {
  const state = await repos.raids.loadRaidState(raidId);
  const message = emulator.driver.message(plannerChannel, state!.raid.messageId!);
  if (message === null) throw new Error('the planner message is gone');
  return message;
}

/** A member chooses a day on the planner; resolves with the acknowledgement type. */
async function voteForDay(userId: string, label: string): Promise<InteractionResponseType> {
  const handle = await vote(world, plannerChannel, (await plannerMessage()).id, userId, 'day', [label]);
  return (await handle.acknowledged(10_000)).type;
}

async function dayVoters(label: string): Promise<string[]> {
  const state = (await repos.raids.loadRaidState(raidId))!;
  return state.votes.filter((vote) => vote.kind === 'day' && vote.label === label).map((vote) => vote.userId).sort();
}

/**
 * Waits for the next READY of a session other than `previous`. The wait is marked
 * handled at once: when a test fails before awaiting it, its later timeout must not
 * surface as an unhandled rejection in whichever test file runs next in this worker.
 */
function nextSession(previous: GatewaySession): Promise<GatewaySession> {
  const next = (async () => {
    for (;;) {
      const session = await emulator.gateway.waitFor('ready', { timeoutMs: 60_000 });
      if (session.id !== previous.id) return session;
    }
  })();
  next.catch(() => undefined);
  return next;
}

describe('restart under the supervisor (npm start)', () => {
  let session: GatewaySession;

  it('the vote select works before the restart', async () => {
    session = emulator.gateway.liveSession(emulator.bot.applicationId)!;
    expect(session).toBeDefined();
    expect(await voteForDay(voters[0]!.id, 'Sat')).toBe(InteractionResponseType.UpdateMessage);
    expect(await dayVoters('Sat')).toEqual([voters[0]!.id]);
  });

  it('/restart answers the operator, then the bot comes back as a new process with a new gateway session', async () => {
    const [firstPid] = botPids();
    const ready = nextSession(session);
    const handle = await emulator.driver.slash({ channelId: emulator.world.dmChannel(emulator.bot.userId, operator.id).id, userId: operator.id, command: 'restart' });
    const reply = await handle.reply(10_000);
    expect(reply.content).toBe('Restart initiated.');
    expect((reply.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);

    const newSession = await ready;
    expect(newSession.id).not.toBe(session.id);
    await waitUntil('the old process is gone', () => !isProcessAlive(firstPid!), 20_000, supervisorOutput);
    expect(botPids()).toHaveLength(2);
    expect(botPids()[1]).not.toBe(firstPid);
    // A requested restart, not a failure: the supervisor starts the bot again at once.
    expect(output.join('\n')).toMatch(/restart requested after \d+ ms; starting the bot again/);
    session = newSession;
  });

  it('the planner posted before the restart is reused, and its vote select still works', async () => {
    // The restarted bot must not post a second planner: the same message carries on.
    await waitUntil('restoration ran', () => output.filter((line) => line.includes('restoration:')).length >= 2, 30_000, supervisorOutput);
    const before = await plannerMessage();
    expect(await voteForDay(voters[1]!.id, 'Sun')).toBe(InteractionResponseType.UpdateMessage);
    expect(await dayVoters('Sun')).toEqual([voters[1]!.id]);
    // A second choice of the same day by the first voter removes it (toggle), as before the restart.
    expect(await voteForDay(voters[0]!.id, 'Sat')).toBe(InteractionResponseType.UpdateMessage);
    expect(await dayVoters('Sat')).toEqual([]);
    expect((await plannerMessage()).id).toBe(before.id);
  });

  it('a lone "/" in the log channel changes nothing', async () => {
    emulator.driver.postMessage({ channelId: logChannel, userId: admin.id, content: '/' });
    emulator.driver.postMessage({ channelId: logChannel, userId: voters[0]!.id, content: 'restart' }); // not an administrator
    // The bot is still the same process and answers commands.
    const handle = await emulator.driver.slash({ channelId: plannerChannel, userId: voters[0]!.id, command: 'status' });
    expect((await handle.reply(10_000)).content).toMatch(/^\*\*Bot status for Restart Guild\*\*/);
    // Give a wrongly started restart time to show (an announcement, a closed session).
    await emulator.driver.settle({ quietMs: 1_000 });
    expect(botPids()).toHaveLength(2);
    expect(emulator.gateway.liveSession(emulator.bot.applicationId)?.id).toBe(session.id);
    expect(emulator.driver.messages(logChannel).filter((message) => message.author.id === emulator.bot.userId && !isForwardedLog(message.content))).toEqual([]);
  });

  it('an administrator typing "restart" in the log channel restarts the bot the same way', async () => {
    const ready = nextSession(session);
    emulator.driver.postMessage({ channelId: logChannel, userId: admin.id, content: '//Restart please' });
    const announcement = await emulator.driver.waitForMessage(
      logChannel,
      (message) => message.author.id === emulator.bot.userId && !isForwardedLog(message.content),
      // The announcement shares the channel's 5-per-5-s bucket with the forwarded log batches.
      30_000,
    );
    expect(announcement.content).toBe('♻️ Restart initiated …');
    session = await ready;
    await waitUntil('the third process started', () => botPids().length === 3, 20_000, supervisorOutput);
    expect(await voteForDay(voters[0]!.id, 'Sun')).toBe(InteractionResponseType.UpdateMessage);
    expect(await dayVoters('Sun')).toEqual([voters[0]!.id, voters[1]!.id].sort());
  });

  it('SIGTERM to the supervisor stops the bot and ends with exit code 0', async () => {
    const pid = botPids().at(-1)!;
    supervisor.kill('SIGTERM');
    expect(await supervisorExit).toBe(0);
    expect(isProcessAlive(pid)).toBe(false);
    expect(botPids()).toHaveLength(3);
    // Every bot process ended cleanly: restarts were requested, never crashes.
    expect(output.join('\n')).not.toMatch(/bot failed/);
  });
});
