/**
 * Raids that know when they happen, end to end: days and times typed in German and
 * English become dated labels in the server's zone and Discord timestamps on the
 * planner (right across the daylight-saving change), unreadable or past slots are
 * refused privately and create nothing, and /settings shows the server's local time
 * and moves every open raid to a new zone.
 *
 * The bot's clock is pinned (TEST_CLOCK_START) to Saturday 2026-03-28, 11:00 in
 * Berlin: Berlin moves to summer time the next night, New York already has.
 */
import { DateTime } from 'luxon';
import type { APIMessage } from 'discord-api-types/v10';
import { t } from '../../src/lib/i18n';
import { timeInputErrorText, validateSlotInput } from '../../src/lib/time';
import type { MemberFixture } from '../support/discord-emulator';
import { createRaidThroughBot, vote, type CreatedRaid } from '../support/member-actions';
import { createRaidGuild, type RaidGuild } from '../support/raid-guild';
import { isEphemeral } from '../support/read-backs';
import { waitUntil } from '../support/wait';
import { createWorld, type World } from '../support/world';
import { Queue } from 'bullmq';
import type { ReminderJobData } from '../../src/lib/reminders/plan';
import { redisConnectionOptions } from '../../src/lib/client';

jest.setTimeout(120_000);

const CLOCK_START = '2026-03-28T10:00:00Z';
const unix = (iso: string) => Date.parse(iso) / 1000;
/** Sat 18:00 in Berlin is still winter time (UTC+1), Sun 18:00 already summer time (UTC+2). */
const BERLIN = { sat18: unix('2026-03-28T17:00:00Z'), sun18: unix('2026-03-29T16:00:00Z'), sun2030: unix('2026-03-29T18:30:00Z') };
/** The same labels in New York (UTC-4 since 8 March). */
const NEW_YORK = { sat18: unix('2026-03-28T22:00:00Z'), sun18: unix('2026-03-29T22:00:00Z') };

let world: World;
let guild: RaidGuild;
let admin: MemberFixture;
let raid: CreatedRaid;
let botStartedBefore: number;

beforeAll(async () => {
  world = await createWorld({ env: { TEST_CLOCK_START: CLOCK_START } });
  guild = await createRaidGuild(world, 'Zeitreisende', 3);
  admin = world.emulator.driver.createMember(guild.guild.id, { username: 'zeit-admin', admin: true });
  botStartedBefore = Date.now();
  await world.startBot();
});

afterAll(async () => {
  await world?.stop();
});

function planner(): APIMessage {
  return world.emulator.driver.message(guild.plannerChannelId, raid.plannerMessageId)!;
}

function plannerText(): string {
  return planner().embeds[0]!.description ?? '';
}

/** The raid's planned reminder jobs (BullMQ, on the bot's queue): kind → due instant. */
async function plannedReminders(): Promise<Record<string, string>> {
  const queue = new Queue(world.redisKeys.reminderQueue, { connection: redisConnectionOptions(world.redisUrl) });
  try {
    const jobs = await queue.getJobs(['delayed', 'waiting']);
    const ours = jobs.filter((job) => (job.data as ReminderJobData).raidId === raid.raidId);
    return Object.fromEntries(ours.map((job) => [(job.data as ReminderJobData).kind, (job.data as ReminderJobData).dueAt]));
  } finally {
    await queue.close();
  }
}

const slotLine = (count: number, seconds: number, qualified = false) => `${qualified ? '✅' : '▫️'} **${count}** · <t:${seconds}:F> (<t:${seconds}:R>)`;

async function submit(fields: { days: string; times: string; minPlayers: string }, locale?: string): Promise<APIMessage> {
  const { driver } = world.emulator;
  const command = await driver.slash({ channelId: guild.generalChannelId, userId: guild.members[0]!.id, command: 'raidplan', options: { dungeon: 'Berserk Arena' }, ...(locale ? { locale } : {}) });
  return (await driver.submitModal(command, { fields, ...(locale ? { locale } : {}) })).reply(20_000);
}

async function settings(options: Record<string, string | number> = {}, locale?: string): Promise<APIMessage> {
  const handle = await world.emulator.driver.slash({ channelId: guild.generalChannelId, userId: admin.id, command: 'settings', options, ...(locale ? { locale } : {}) });
  return handle.reply(20_000);
}

function timeField(view: APIMessage): string {
  return view.embeds[0]!.fields!.find((field) => field.name === 'Time' || field.name === 'Zeit')!.value;
}

describe('creating a raid with weekday names and dates', () => {
  it('stores dated labels in date order and shows each slot at its instant in the server zone', async () => {
    raid = await createRaidThroughBot(world, guild, guild.members[0]!.id, { days: 'Sonntag, Sa, 31.03.2026', times: '20.30, 18 Uhr', minPlayers: '2' });
    const state = (await world.repos.raids.loadRaidState(raid.raidId))!;
    expect(state.days.map((option) => option.label)).toEqual(['Sat 2026-03-28', 'Sun 2026-03-29', 'Tue 2026-03-31']);
    expect(state.times.map((option) => option.label)).toEqual(['18:00', '20:30']);
    // Before anyone voted, the earliest slots are the candidates, each with its timestamp.
    expect(plannerText()).toContain(`${slotLine(0, BERLIN.sat18)}\n`);
    expect(plannerText()).toContain(`${slotLine(0, BERLIN.sun18)}\n`);
    expect(plannerText()).toContain('**By day** (Europe/Berlin)\n**Sat 2026-03-28**: -\n**Sun 2026-03-29**: -\n**Tue 2026-03-31**: -');
  });

  it('puts the slot members share first, marked once enough players share it', async () => {
    for (const member of guild.members.slice(0, 2)) {
      await (await vote(world, guild.plannerChannelId, raid.plannerMessageId, member.id, 'day', ['Sun 2026-03-29'])).reply();
      await (await vote(world, guild.plannerChannelId, raid.plannerMessageId, member.id, 'time', ['20:30'])).reply();
    }
    await waitUntil('the planner shows the shared slot first', () => plannerText().includes(`**Best slots** (✅ = enough players)\n${slotLine(2, BERLIN.sun2030, true)}\n`), 15_000, world);
    expect(plannerText()).toContain('**Sun 2026-03-29**: 20:30 ✅**2**');
    // The qualified slot is reminded 15 minutes before it (the default lead) and announced at its start.
    await waitUntil('the reminders of the qualified slot are planned', async () => Object.keys(await plannedReminders()).length === 2, 15_000, world);
    expect(await plannedReminders()).toEqual({ reminder: new Date((BERLIN.sun2030 - 15 * 60) * 1000).toISOString(), start: new Date(BERLIN.sun2030 * 1000).toISOString() });
  });
});

describe('days and times that cannot be a raid are refused privately and create nothing', () => {
  const now = new Date(CLOCK_START);

  it.each([
    ['a slot already past today', { days: 'heute', times: '9' }, 'en-US'],
    ['a day nobody can read', { days: 'Sa, Blursday', times: '20:00' }, 'en-US'],
    ['a time nobody can read', { days: 'morgen', times: '25:00' }, 'de'],
    ['a date not in the calendar', { days: '30.02.', times: '20:00' }, 'de'],
  ])('%s', async (_name, fields, locale) => {
    const before = await world.repos.raids.openRaidsOfGuild(guild.guild.id);
    const reply = await submit({ ...fields, minPlayers: '1' }, locale);
    const read = validateSlotInput(fields.days.split(', '), [fields.times], { now, zone: 'Europe/Berlin' });
    expect(read.ok).toBe(false);
    expect(reply.content).toBe(timeInputErrorText((read as { error: Parameters<typeof timeInputErrorText>[0] }).error, locale));
    expect(isEphemeral(reply)).toBe(true);
    expect(await world.repos.raids.openRaidsOfGuild(guild.guild.id)).toEqual(before);
  });

  it('names the piece and shows examples, in German for German members', async () => {
    const reply = await submit({ days: 'heute', times: '9', minPlayers: '1' }, 'de');
    expect(reply.content).toContain('Der Termin „heute“ um „9“ (Sat 2026-03-28 09:00');
    expect(reply.content).toContain('z. B. morgen oder Sa');
  });
});

describe('/settings and the server time zone', () => {
  it('shows the local time in the server zone, to check it', async () => {
    const view = await settings();
    const latest = DateTime.fromISO(CLOCK_START).plus({ milliseconds: Date.now() - botStartedBefore + 1000 });
    const candidates: string[] = [];
    for (let at = DateTime.fromISO(CLOCK_START); at <= latest; at = at.plus({ minutes: 1 })) {
      candidates.push(`Local time there: **${at.setZone('Europe/Berlin').setLocale('en-US').toFormat('ccc yyyy-MM-dd HH:mm')}** (UTC+01:00)`);
    }
    const localTime = timeField(view).split('\n')[1]!;
    expect(candidates).toContain(localTime);
    expect(timeField(view)).toContain('Time zone: **Europe/Berlin**');
    expect(timeField(view)).toContain('Reminders: **15 min** before a slot');
    expect(isEphemeral(view)).toBe(true);
  });

  it('offers IANA zones with their local time while the admin types', async () => {
    const handle = await world.emulator.driver.autocomplete({ channelId: guild.generalChannelId, userId: admin.id, command: 'settings', focused: 'timezone', value: 'new york' });
    const [choice] = await handle.choices();
    expect(choice).toEqual({ name: expect.stringMatching(/^America\/New_York · now Sat 2026-03-28 0\d:\d\d \(UTC-04:00\)$/), value: 'America/New_York' });
  });

  it('refuses a zone it does not know and changes nothing', async () => {
    const handle = await world.emulator.driver.slash({ channelId: guild.generalChannelId, userId: admin.id, command: 'settings', options: { timezone: 'Mars/Olympus' } });
    const reply = await handle.reply();
    expect(reply.content).toBe(t('en-US', 'timeSettings.zoneUnknown', { zone: 'Mars/Olympus' }));
    expect(isEphemeral(reply)).toBe(true);
    expect(await world.repos.guildPreferences.stored(guild.guild.id)).toEqual({});
  });

  it('a new zone is saved and every open planner shows the slots at their new instants', async () => {
    const view = await settings({ timezone: 'america/new_york' });
    expect(view.content).toBe(`${t('en-US', 'timeSettings.saved')} ${t('en-US', 'timeSettings.zoneChanged', { zone: 'America/New_York' })}`);
    expect(timeField(view)).toContain('Time zone: **America/New_York**');
    expect(timeField(view)).toMatch(/Local time there: \*\*Sat 2026-03-28 0\d:\d\d\*\* \(UTC-04:00\)/);
    expect(await world.repos.guildPreferences.stored(guild.guild.id)).toEqual({ timeZone: 'America/New_York' });
    await waitUntil('the planner shows New York instants', () => plannerText().includes('**By day** (America/New_York)'), 15_000, world);
    expect(plannerText()).toContain(slotLine(0, NEW_YORK.sat18));
    expect(plannerText()).toContain(slotLine(0, NEW_YORK.sun18));
    expect(plannerText()).not.toContain(`<t:${BERLIN.sat18}:`);
    // The reminders move with the instants (Sun 20:30 in New York).
    const sun2030NewYork = unix('2026-03-30T00:30:00Z');
    await waitUntil('the reminders follow the new zone', async () => (await plannedReminders()).start === new Date(sun2030NewYork * 1000).toISOString(), 15_000, world);
    expect((await plannedReminders()).reminder).toBe(new Date((sun2030NewYork - 15 * 60) * 1000).toISOString());
  });

  it('reminders can be switched off and the grace set, in German', async () => {
    const view = await settings({ reminder_minutes: 0, autoclose_hours: 6 }, 'de');
    expect(view.content).toBe(t('de', 'timeSettings.saved'));
    expect(timeField(view)).toContain('Erinnerungen: **aus**');
    expect(timeField(view)).toContain('Automatisch schließen: **6 Std.** nach dem letzten Slot');
    expect(await world.repos.guildPreferences.stored(guild.guild.id)).toEqual({ timeZone: 'America/New_York', reminderMinutesBefore: null, autoCloseGraceHours: 6 });
    await waitUntil('the planned reminders are dropped', async () => Object.keys(await plannedReminders()).length === 0, 15_000, world);
    const again = await settings({ autoclose_hours: 6 });
    expect(again.content).toBe(t('en-US', 'timeSettings.unchanged'));
  });
});
