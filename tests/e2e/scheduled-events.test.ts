/**
 * Discord scheduled events for qualified slots, end to end on the bot's test clock at
 * 60× speed (a minute passes in a second). The clock starts Thu 2026-12-24 18:30 UTC:
 * the slot 20:00 in Berlin (19:00 UTC) begins 30 s later, 21:00 (20:00 UTC) 90 s later.
 *
 * Alpha switches the events on in /settings (3 hours each): a slot's event follows it
 * through qualify → change (a PATCH, the same event, its interested members kept) →
 * unqualify (deleted); a slot's event starts at its start and completes when the raid
 * is finished; a cancelled raid's event is deleted. Bravo leaves the switch off, Gamma
 * switched it on without giving the bot Manage Events: no events, one clear log line,
 * and the votes are answered as ever.
 */
import { GuildScheduledEventEntityType, GuildScheduledEventStatus, type PermissionFlagsBits } from 'discord-api-types/v10';
import { t } from '../../src/lib/i18n';
import { botClock, type BotClock } from '../support/bot-clock';
import { scheduledEventsOf, type ScheduledEventRecord } from '../support/discord-emulator/scheduled-events';
import type { RestCall } from '../support/discord-emulator/rest/server';
import { clickFinish, createRaidThroughBot, vote, voteSlot, type CreatedRaid } from '../support/member-actions';
import { createRaidGuild, RAID_BOT_PERMISSIONS, type RaidGuild } from '../support/raid-guild';
import { waitUntil } from '../support/wait';
import { createWorld, type World } from '../support/world';

jest.setTimeout(240_000);

const CLOCK = { TEST_CLOCK_START: '2026-12-24T18:30:00Z', TEST_CLOCK_SPEED: '60' };
const DAY = 'Thu 2026-12-24';

const WITH_EVENTS = [...(RAID_BOT_PERMISSIONS as ReadonlyArray<keyof typeof PermissionFlagsBits>), 'ManageEvents'] as const;

let world: World;
let alpha: RaidGuild;
let bravo: RaidGuild;
let gamma: RaidGuild;
let clock: BotClock;
let raidVoiceId: string;

/** Discord refuses starts in the past: the emulator judges them on the bot's clock. */
function followClock(env: typeof CLOCK): void {
  const current = botClock(world.bot, env);
  clock = current;
  scheduledEventsOf(world.emulator.state).setClock(() => current.at(Date.now()).getTime());
}

beforeAll(async () => {
  world = await createWorld({ env: CLOCK });
  alpha = await createRaidGuild(world, 'Alpha', 6, { botPermissions: WITH_EVENTS });
  bravo = await createRaidGuild(world, 'Bravo', 3, { botPermissions: WITH_EVENTS });
  gamma = await createRaidGuild(world, 'Gamma', 3);
  await world.repos.guildPreferences.set(gamma.guild.id, 'scheduledEvents', true);
  raidVoiceId = world.emulator.driver.createChannel(alpha.guild.id, { name: 'raid-voice', type: 'voice' }).id;
  await world.startBot();
  followClock(CLOCK);
});

afterAll(async () => {
  await world?.stop();
});

const events = (raidGuild: RaidGuild): ScheduledEventRecord[] => scheduledEventsOf(world.emulator.state).ofGuild(raidGuild.guild.id);
const eventCalls = (from: number): RestCall[] => world.emulator.rest.calls.slice(from).filter((call) => call.route?.includes('/scheduled-events') === true);
const describeCalls = (calls: readonly RestCall[]) => calls.map((call) => `${call.method} ${call.status}`);

async function qualifiedRaid(raidGuild: RaidGuild, time: string, voters: number[]): Promise<CreatedRaid> {
  const raid = await createRaidThroughBot(world, raidGuild, raidGuild.members[0]!.id, { days: DAY, times: time, minPlayers: '2' });
  for (const index of voters) await voteSlot(world, raidGuild, raid, raidGuild.members[index]!.id, [DAY], [time]);
  return raid;
}

describe('scheduled events', () => {
  let started: CreatedRaid;
  let followed: CreatedRaid;
  let cancelled: CreatedRaid;
  let eventId: string;

  it('an admin switches them on in /settings, with a duration', async () => {
    const admin = world.emulator.driver.createMember(alpha.guild.id, { username: 'alpha-admin', admin: true });
    const view = await (await world.emulator.driver.slash({ channelId: alpha.generalChannelId, userId: admin.id, command: 'settings', options: { scheduled_events: true, event_hours: 3 } })).reply(20_000);
    expect(view.content).toBe(t('en-US', 'timeSettings.saved'));
    const field = view.embeds[0]!.fields!.find((candidate) => candidate.name === t('en-US', 'scheduledEvents.title'))!;
    expect(field.value).toContain(t('en-US', 'scheduledEvents.on', { hours: 3 }));
    expect(await world.repos.guildPreferences.stored(alpha.guild.id)).toEqual({ scheduledEvents: true, scheduledEventHours: 3 });
  });

  it('a slot that qualifies gets an external event at its start, lasting the duration, located at the planner', async () => {
    // 20:00 Berlin begins 30 s after the clock's start: this one is started later on.
    started = await qualifiedRaid(alpha, '20:00', [0, 1]);
    followed = await qualifiedRaid(alpha, '21:00', [2, 3]);
    await waitUntil('both slots have their event', () => events(alpha).length === 2, 15_000, world);
    const event = events(alpha).find((candidate) => candidate.scheduledStart === '2026-12-24T20:00:00.000Z')!;
    expect(event).toMatchObject({
      entityType: 3,
      status: GuildScheduledEventStatus.Scheduled,
      scheduledEnd: '2026-12-24T23:00:00.000Z',
      location: `https://discord.com/channels/${alpha.guild.id}/${alpha.plannerChannelId}/${followed.plannerMessageId}`,
    });
    expect(event.description).toContain('2 players');
    eventId = event.id;
  });

  it('a change of the slot updates the same event in one PATCH, and its interested members stay', async () => {
    scheduledEventsOf(world.emulator.state).setInterested(alpha.guild.id, eventId, [alpha.members[2]!.id, alpha.members[3]!.id, alpha.members[5]!.id]);
    const from = world.emulator.rest.calls.length;
    await voteSlot(world, alpha, followed, alpha.members[4]!.id, [DAY], ['21:00']);
    await waitUntil('the event shows three players', () => events(alpha).some((event) => event.id === eventId && event.description?.includes('3 players') === true), 15_000, world);
    expect(describeCalls(eventCalls(from))).toEqual(['PATCH 200']);
    const response = await fetch(`${world.emulator.url}/api/v10/guilds/${alpha.guild.id}/scheduled-events/${eventId}?with_user_count=true`, {
      headers: { Authorization: `Bot ${world.emulator.bot.token}` },
    });
    expect(await response.json()).toMatchObject({ id: eventId, user_count: 3 });
  });

  it('a slot that stops qualifying loses its event', async () => {
    const from = world.emulator.rest.calls.length;
    const unvote = async (index: number) => (await vote(world, alpha.plannerChannelId, followed.plannerMessageId, alpha.members[index]!.id, 'time', ['21:00'])).reply();
    await unvote(2);
    await waitUntil('the event shows two players', () => events(alpha).some((event) => event.id === eventId && event.description?.includes('2 players') === true), 15_000, world);
    await unvote(3);
    await waitUntil('the event is deleted', () => !events(alpha).some((event) => event.id === eventId), 15_000, world);
    // Two players left after the first vote (still qualified, one PATCH), none after the second (one DELETE).
    expect(describeCalls(eventCalls(from))).toEqual(['PATCH 200', 'DELETE 204']);
  });

  it('an event starts at its slot and completes when the raid is finished', async () => {
    await waitUntil('the 20:00 event started', () => events(alpha).some((event) => event.status === GuildScheduledEventStatus.Active), 60_000, world);
    const event = events(alpha).find((candidate) => candidate.status === GuildScheduledEventStatus.Active)!;
    await clickFinish(world, alpha, started, alpha.members[0]!.id);
    await waitUntil('the event is completed', () => event.status === GuildScheduledEventStatus.Completed, 15_000, world);
    expect(event.history).toEqual(['created', 'status 2', 'status 3']);
  });

  it('a cancelled raid loses its event', async () => {
    cancelled = await qualifiedRaid(alpha, '21:00', [4, 5]);
    await waitUntil('the slot has its event', () => events(alpha).some((event) => event.status === GuildScheduledEventStatus.Scheduled), 15_000, world);
    const admin = world.emulator.driver.createMember(alpha.guild.id, { username: 'alpha-admin2', admin: true });
    await (await world.emulator.driver.slash({ channelId: alpha.generalChannelId, userId: admin.id, command: 'cancel_all_raids' })).reply(30_000);
    await waitUntil('the event is deleted', () => !events(alpha).some((event) => event.status === GuildScheduledEventStatus.Scheduled), 15_000, world);
    expect(await world.repos.raids.loadRaidState(cancelled.raidId)).toBeNull();
    expect(events(alpha).map((event) => event.status)).toEqual([GuildScheduledEventStatus.Completed]);
  });

  it('a server with the switch off gets none; one without Manage Events gets none, a clear log line and its votes answered', async () => {
    await qualifiedRaid(bravo, '21:00', [0, 1]);
    await qualifiedRaid(gamma, '21:00', [0, 1]);
    await waitUntil('the missing permission is logged', () => world.bot.lines.some((line) => line.text.includes(`guild ${gamma.guild.id}: no Discord scheduled events for raids, the bot lacks Manage Events`)), 15_000, world);
    await qualifiedRaid(gamma, '21:00', [1, 2]);
    expect(events(bravo)).toEqual([]);
    expect(events(gamma)).toEqual([]);
    expect(world.bot.lines.filter((line) => line.text.includes('lacks Manage Events'))).toHaveLength(1);
    expect(world.emulator.rest.calls.filter((call) => call.route?.includes('/scheduled-events') && call.params.guild_id !== alpha.guild.id)).toEqual([]);
  });

  it('a restart plans from the database: no second event, and the next change still updates the same one', async () => {
    const raid = await qualifiedRaid(alpha, '21:00', [0, 1]);
    await waitUntil('the slot has its event', () => events(alpha).some((event) => event.status === GuildScheduledEventStatus.Scheduled), 15_000, world);
    const event = events(alpha).find((candidate) => candidate.status === GuildScheduledEventStatus.Scheduled)!;
    const env = { ...CLOCK, TEST_CLOCK_START: clock.at(Date.now()).toISOString() };
    const from = world.emulator.rest.calls.length;
    await world.restartBot({ env });
    followClock(env);
    await waitUntil('the servers are planned at start-up', () => world.bot.lines.some((line) => /scheduled events: \d+ servers planned/.test(line.text)), 30_000, world);
    expect(describeCalls(eventCalls(from))).toEqual([]);
    await voteSlot(world, alpha, raid, alpha.members[2]!.id, [DAY], ['21:00']);
    await waitUntil('the event shows three players', () => event.description?.includes('3 players') === true, 15_000, world);
    expect(describeCalls(eventCalls(from))).toEqual(['PATCH 200']);
    expect(events(alpha).filter((candidate) => candidate.status === GuildScheduledEventStatus.Scheduled)).toEqual([event]);
  });

  it('a raid voice channel set in /settings moves the scheduled events into it as voice events, one PATCH each, interested members kept', async () => {
    const event = events(alpha).find((candidate) => candidate.status === GuildScheduledEventStatus.Scheduled)!;
    scheduledEventsOf(world.emulator.state).setInterested(alpha.guild.id, event.id, [alpha.members[4]!.id]);
    const admin = world.emulator.driver.createMember(alpha.guild.id, { username: 'alpha-voice-admin', admin: true });
    const from = world.emulator.rest.calls.length;
    await (await world.emulator.driver.slash({ channelId: alpha.generalChannelId, userId: admin.id, command: 'settings', options: { raid_voice_channel: raidVoiceId } })).reply(20_000);
    await waitUntil('the event is a voice event in the raid voice channel', () => event.entityType === GuildScheduledEventEntityType.Voice, 15_000, world);
    expect(event).toMatchObject({ entityType: GuildScheduledEventEntityType.Voice, channelId: raidVoiceId, status: GuildScheduledEventStatus.Scheduled });
    expect(describeCalls(eventCalls(from))).toEqual(['PATCH 200']);
    expect([...event.interested]).toEqual([alpha.members[4]!.id]);
  });
});
