/**
 * Voice attendance cost benchmark: what one qualified slot's attendance costs in Redis
 * operations and REST calls. The built bot runs against the Discord emulator on its
 * test clock (speed 60). One raid, one qualified slot of BENCH_MEMBERS (10) members;
 * each member joins the raid voice channel before the slot, half of them leave and come
 * back once during the window; then the raid is finished with /raid_finish.
 *
 * Redis: every command the bot sends with an attendance key (MONITOR on its leased
 * database; commands run inside a Lua script counted separately). REST: every call the
 * emulator saw while the voice events were processed, and during the finish.
 */
import Redis from 'ioredis';
import { botClock } from '../../tests/support/bot-clock';
import { createRaidThroughBot, vote } from '../../tests/support/member-actions';
import { createRaidGuild } from '../../tests/support/raid-guild';
import { waitUntil } from '../../tests/support/wait';
import { createWorld } from '../../tests/support/world';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 10);
const SLOT = Date.parse('2026-03-28T19:00:00Z');
const ENV = { TEST_CLOCK_START: new Date(SLOT - 10 * 60_000).toISOString(), TEST_CLOCK_SPEED: '60' };

async function main(): Promise<void> {
  const world = await createWorld({ env: ENV });
  const monitorClient = new Redis(world.redisUrl);
  try {
    const guild = await createRaidGuild(world, 'Bench', MEMBERS);
    const voiceId = world.emulator.driver.createChannel(guild.guild.id, { name: 'raid-voice', type: 'voice' }).id;
    await world.startBot();
    const raid = await createRaidThroughBot(world, guild, guild.members[0]!.id, { days: 'Sa', times: '20:00', minPlayers: '2' });
    for (const member of guild.members) {
      await (await vote(world, guild.plannerChannelId, raid.plannerMessageId, member.id, 'day', ['Sat 2026-03-28'])).reply();
      await (await vote(world, guild.plannerChannelId, raid.plannerMessageId, member.id, 'time', ['20:00'])).reply();
    }
    const prefix = world.redisKeys.attendancePrefix;
    const db = new URL(world.redisUrl).pathname.replace('/', '') || '0';
    const counts = { voice: { commands: 0, inLua: 0 }, finish: { commands: 0, inLua: 0 }, heartbeat: 0 };
    let phase: 'voice' | 'finish' | 'idle' = 'idle';
    // Let the votes' own work (follow-ups, roles, lists) settle before counting.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const monitor = await monitorClient.monitor();
    monitor.on('monitor', (_time: string, args: string[], source: string, database: string) => {
      if (database !== db || !args.slice(1).some((arg) => arg.startsWith(prefix))) return;
      // The bench's own reads of the open hash (the bot reads it only at start-up).
      if (args[0]?.toLowerCase() === 'hgetall' && args[1]?.startsWith(`${prefix}open:`)) return;
      if (args.some((arg) => arg === `${prefix}watched`)) {
        counts.heartbeat += 1;
        return;
      }
      if (phase === 'idle') return;
      if (source === 'lua') counts[phase].inLua += 1;
      else counts[phase].commands += 1;
    });
    const open = () => monitorClient.duplicate();
    const reader = open();
    const openCount = async () => Object.keys(await reader.hgetall(`${prefix}open:${guild.guild.id}`)).length;

    phase = 'voice';
    const restBeforeVoice = world.emulator.rest.calls.length;
    let events = 0;
    for (const member of guild.members) {
      world.emulator.driver.joinVoice(guild.guild.id, member.id, voiceId);
      events += 1;
    }
    await waitUntil('every member is recorded in voice', async () => (await openCount()) === MEMBERS, 30_000, world);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, botClock(world.bot, ENV).realAt(new Date(SLOT + 5 * 60_000)) - Date.now())));
    const leavers = guild.members.slice(0, Math.floor(MEMBERS / 2));
    for (const member of leavers) {
      world.emulator.driver.leaveVoice(guild.guild.id, member.id);
      events += 1;
    }
    await waitUntil('the leavers are recorded', async () => (await openCount()) === MEMBERS - leavers.length, 30_000, world);
    for (const member of leavers) {
      world.emulator.driver.joinVoice(guild.guild.id, member.id, voiceId);
      events += 1;
    }
    await waitUntil('the leavers are back', async () => (await openCount()) === MEMBERS, 30_000, world);
    const voiceCalls = world.emulator.rest.calls.slice(restBeforeVoice);

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, botClock(world.bot, ENV).realAt(new Date(SLOT + 31 * 60_000)) - Date.now())));
    phase = 'finish';
    const restBeforeFinish = world.emulator.rest.calls.length;
    const handle = await world.emulator.driver.slash({ channelId: guild.generalChannelId, userId: guild.members[0]!.id, command: 'raid_finish', options: { raid_id: raid.displayId } });
    const reply = await handle.reply(30_000);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const finishCalls = world.emulator.rest.calls.slice(restBeforeFinish);
    phase = 'idle';
    const rows = await world.db.query<{ status: string; n: string }>('SELECT status, count(*) AS n FROM raid_attendance GROUP BY status');
    reader.disconnect();
    monitor.disconnect();
    console.log(
      JSON.stringify(
        {
          members: MEMBERS,
          voiceEvents: events,
          redisCommandsPerVoiceEvent: Number((counts.voice.commands / events).toFixed(2)),
          redisCommandsInLuaPerVoiceEvent: Number((counts.voice.inLua / events).toFixed(2)),
          restCallsDuringVoiceEvents: voiceCalls.length,
          voicePhaseRoutes: [...new Set(voiceCalls.map((call) => `${call.method} ${call.route}`))],
          redisCommandsAtFinish: counts.finish.commands,
          restCallsOfTheFinish: finishCalls.length,
          finishCallRoutes: [...new Set(finishCalls.map((call) => `${call.method} ${call.route}`))],
          heartbeatCommandsSeen: counts.heartbeat,
          reply: reply.content,
          rows: Object.fromEntries(rows.map((row) => [row.status, Number(row.n)])),
        },
        null,
        2,
      ),
    );
  } finally {
    monitorClient.disconnect();
    await world.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
