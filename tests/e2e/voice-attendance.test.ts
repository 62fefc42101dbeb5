/**
 * Voice-verified attendance end to end (issue 13.1): members join and leave voice around
 * a qualified slot's start, the bot restarts in the middle of the window, and the finish
 * writes present / absent rows and says how it decided — or that it fell back to
 * "everyone present" for a slot that has not begun.
 *
 * The bot's clock (TEST_CLOCK_START, TEST_CLOCK_SPEED 60: a real second is a minute)
 * starts 20 minutes before the slot (Sat 2026-03-28 20:00 in Berlin); the bot is killed
 * 10 minutes into the slot and comes back at minute 11, and the raid is finished after
 * the 30-minute window. The assertions leave minutes of margin either side.
 */
import Redis from 'ioredis';
import type { APIMessage } from 'discord-api-types/v10';
import type { MemberFixture } from '../support/discord-emulator';
import { createRaidThroughBot, vote, type CreatedRaid } from '../support/member-actions';
import { createRaidGuild, type RaidGuild } from '../support/raid-guild';
import { waitUntil } from '../support/wait';
import { botClock } from '../support/bot-clock';
import { createWorld, type World } from '../support/world';

jest.setTimeout(180_000);

const SLOT = Date.parse('2026-03-28T19:00:00Z');
const clockAt = (minutes: number) => ({ TEST_CLOCK_START: new Date(SLOT + minutes * 60_000).toISOString(), TEST_CLOCK_SPEED: '60' });

/** Waits (really) until the running bot's clock reads `minutes` after the slot's start. */
async function untilBotClock(minutes: number, env: ReturnType<typeof clockAt>): Promise<void> {
  const realAt = botClock(world.bot, env).realAt(new Date(SLOT + minutes * 60_000));
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, realAt - Date.now()) + 500));
}

let world: World;
let guild: RaidGuild;
let admin: MemberFixture;
let voiceChannelId: string;
let lobbyId: string;
let raid: CreatedRaid;
let laterRaid: CreatedRaid;
let redis: Redis;

const [alpha, bravo, charlie, delta] = [0, 1, 2, 3].map((index) => () => guild.members[index]!);

async function slash(userId: string, command: string, options: Record<string, string | number | boolean> = {}, locale?: string): Promise<APIMessage> {
  const handle = await world.emulator.driver.slash({ channelId: guild.generalChannelId, userId, command, options, ...(locale ? { locale } : {}) });
  return handle.reply(30_000);
}

async function openStretches(): Promise<Record<string, string>> {
  return redis.hgetall(`${world.redisKeys.attendancePrefix}open:${guild.guild.id}`);
}

async function attendance(displayId: number): Promise<Record<string, string>> {
  const rows = await world.db.query<{ user_id: string; status: string }>(
    'SELECT user_id::text AS user_id, status FROM raid_attendance WHERE guild_id = $1 AND raid_display_id = $2',
    [guild.guild.id, displayId],
  );
  return Object.fromEntries(rows.map((row) => [row.user_id, row.status]));
}

async function bothVote(created: CreatedRaid, memberIds: readonly string[], day: string): Promise<void> {
  for (const memberId of memberIds) {
    await (await vote(world, guild.plannerChannelId, created.plannerMessageId, memberId, 'day', [day])).reply();
    await (await vote(world, guild.plannerChannelId, created.plannerMessageId, memberId, 'time', ['20:00'])).reply();
  }
}

beforeAll(async () => {
  world = await createWorld({ env: clockAt(-20) });
  guild = await createRaidGuild(world, 'Stimmen', 4);
  admin = world.emulator.driver.createMember(guild.guild.id, { username: 'stimmen-admin', admin: true });
  voiceChannelId = world.emulator.driver.createChannel(guild.guild.id, { name: 'raid-voice', type: 'voice' }).id;
  lobbyId = world.emulator.driver.createChannel(guild.guild.id, { name: 'lobby', type: 'voice' }).id;
  await world.startBot();
  redis = new Redis(world.redisUrl, { maxRetriesPerRequest: 1 });
});

afterAll(async () => {
  redis?.disconnect();
  await world?.stop();
});

describe('attendance by voice presence', () => {
  it('an admin sets the minimum and the raid voice channel in /settings', async () => {
    const view = await slash(admin.id, 'settings', { attendance_minutes: 20, raid_voice_channel: voiceChannelId });
    const field = view.embeds[0]!.fields!.find((candidate) => candidate.name === 'Attendance (voice)')!.value;
    expect(field).toContain('at least **20 minutes**');
    expect(field).toContain(`only <#${voiceChannelId}>`);
    expect(await world.repos.guildPreferences.stored(guild.guild.id)).toEqual({ attendanceMinimumMinutes: 20, raidVoiceChannelId: voiceChannelId });
  });

  it('records who is in the raid voice channel before the slot, across a restart in its window', async () => {
    raid = await createRaidThroughBot(world, guild, alpha().id, { days: 'Sa', times: '20:00', minPlayers: '2' });
    await bothVote(raid, [alpha().id, bravo().id, charlie().id, delta().id], 'Sat 2026-03-28');
    laterRaid = await createRaidThroughBot(world, guild, alpha().id, { days: 'So', times: '20:00', minPlayers: '2' });
    await bothVote(laterRaid, [alpha().id, bravo().id], 'Sun 2026-03-29');

    // Before the slot: alpha and bravo join the raid voice channel, delta another voice channel.
    world.emulator.driver.joinVoice(guild.guild.id, alpha().id, voiceChannelId);
    world.emulator.driver.joinVoice(guild.guild.id, bravo().id, voiceChannelId);
    world.emulator.driver.joinVoice(guild.guild.id, delta().id, lobbyId);
    await waitUntil('the three stretches are recorded', async () => Object.keys(await openStretches()).length === 3, 15_000, world);

    // Ten minutes into the slot the bot is killed; charlie joins meanwhile. It comes back at minute 11.
    await untilBotClock(10, clockAt(-20));
    await world.killBot('SIGKILL');
    world.emulator.driver.joinVoice(guild.guild.id, charlie().id, voiceChannelId);
    await world.startBot({ env: clockAt(11) });
    await world.bot.waitForLine('voice attendance: voice log reconciled', { timeoutMs: 30_000 });
    const open = await openStretches();
    // alpha's stretch still starts before the slot: the restart lost nothing; charlie counts from the restart.
    expect(Number(open[alpha().id]!.split(':')[0])).toBeLessThan(SLOT);
    expect(Number(open[charlie().id]!.split(':')[0])).toBeGreaterThanOrEqual(SLOT + 11 * 60_000);

    // bravo leaves after the restart, after some 11 to 20 minutes of the window.
    world.emulator.driver.leaveVoice(guild.guild.id, bravo().id);
    await waitUntil('bravo\'s stretch is closed', async () => (await openStretches())[bravo().id] === undefined, 15_000, world);
  });

  it('the finish writes present for 20 minutes in the raid voice channel and absent for the others, and says so', async () => {
    // After the window: alpha (30 of 30 minutes), charlie (under 19, counted from the restart) and delta (in the wrong channel) are still in voice.
    await untilBotClock(32, clockAt(11));
    const reply = await slash(alpha().id, 'raid_finish', { raid_id: raid.displayId });
    expect(reply.content).toContain('Checked by voice presence: 1 present, 3 absent.');
    expect(await attendance(raid.displayId)).toEqual({ [alpha().id]: 'present', [bravo().id]: 'absent', [charlie().id]: 'absent', [delta().id]: 'absent' });
    const planner = world.emulator.driver.message(guild.plannerChannelId, raid.plannerMessageId);
    expect(planner?.embeds[0]?.description).toContain('Checked by voice presence: 1 present, 3 absent.');
  });

  it('a raid finished before its slot began falls back to everyone present and says so, in German too', async () => {
    const reply = await slash(alpha().id, 'raid_finish', { raid_id: laterRaid.displayId }, 'de');
    expect(reply.content).toContain('Keine Sprachdaten für diesen Raid');
    expect(await attendance(laterRaid.displayId)).toEqual({ [alpha().id]: 'present', [bravo().id]: 'present' });
  });
});
