/**
 * Issue 13 end to end, with the bot's clock pinned (TEST_CLOCK_START): a member clicks
 * "Add to calendar" under a participant list and privately gets an .ics that ical.js — a
 * parser independent of the generator — reads back with the slot's instant (UTC) and UID;
 * forged or outdated clicks get a clear private answer and no file. /raidstats shows a
 * member's participations, no-shows, rate and last raids, and the server's top attendees,
 * from rows the finish flow wrote and rows inserted as an attendance check would.
 */
import ICAL from 'ical.js';
import { ComponentType, type APIButtonComponentWithCustomId, type APIMessage } from 'discord-api-types/v10';
import { slotEventUid } from '../../src/lib/calendar';
import { t } from '../../src/lib/i18n';
import { forgedComponent, type MemberFixture } from '../support/discord-emulator';
import { clickFinish, createRaidThroughBot, voteSlot, type CreatedRaid } from '../support/member-actions';
import { createRaidGuild, type RaidGuild } from '../support/raid-guild';
import { botMessages, componentOf, isEphemeral, settle } from '../support/read-backs';
import { createWorld, type World } from '../support/world';

jest.setTimeout(180_000);

const SAT = 'Sat 2026-12-26';
/** Sat 2026-12-26 20:00 in Berlin. */
const SAT_20_UTC = '2026-12-26T19:00:00.000Z';

let world: World;
let raiders: RaidGuild;
let others: RaidGuild;
let raid: CreatedRaid;
let list: APIMessage;
let creator: MemberFixture;
let voter: MemberFixture;
let bystander: MemberFixture;

function calendarButton(message: APIMessage): APIButtonComponentWithCustomId {
  const button = componentOf(message, (component) => component.type === ComponentType.Button && 'custom_id' in component && component.custom_id.startsWith('calendar:'));
  if (button === undefined) throw new Error(`message ${message.id} has no calendar button`);
  return button as APIButtonComponentWithCustomId;
}

function parseIcs(text: string) {
  const vevent = new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!;
  return { vevent, event: new ICAL.Event(vevent) };
}

beforeAll(async () => {
  world = await createWorld({ env: { TEST_CLOCK_START: '2026-12-24T12:00:00Z' } });
  raiders = await createRaidGuild(world, 'Calendar Raiders', 4);
  others = await createRaidGuild(world, 'Other Raiders', 1);
  [creator, voter, bystander] = raiders.members as [MemberFixture, MemberFixture, MemberFixture];
  await world.startBot();
  raid = await createRaidThroughBot(world, raiders, creator.id, { dungeon: 'Berserk Arena', days: SAT, times: '20:00, 22:00', minPlayers: '1' });
  await voteSlot(world, raiders, raid, voter.id, [SAT], ['20:00']);
  await settle(world);
  list = botMessages(world, raiders.participantsChannelId).find((message) => message.content.includes(`\`${raid.displayId}\``))!;
  expect(list).toBeDefined();
});

afterAll(async () => {
  await world?.stop();
});

describe('Add to calendar', () => {
  it('answers any member privately with the slot’s .ics, read back by ical.js with the right instant and UID', async () => {
    const button = calendarButton(list);
    expect(button.label).toBe(t('en-US', 'calendar.button'));
    const handle = await world.emulator.driver.clickButton({ channelId: raiders.participantsChannelId, messageId: list.id, userId: bystander.id, customId: button.custom_id });
    const reply = await handle.reply();
    expect(isEphemeral(reply)).toBe(true);
    expect(reply.content).toContain(`(ID \`${raid.displayId}\`)`);
    expect(reply.attachments).toHaveLength(1);
    const attachment = reply.attachments[0]!;
    expect(attachment.filename).toBe(`raid-${raid.displayId}-20261226-1900Z.ics`);
    expect(attachment.ephemeral).toBe(true);
    const file = world.emulator.driver.attachment(attachment)!;
    expect(file.contentType).toMatch(/^text\/calendar/);

    const state = (await world.repos.raids.loadRaidState(raid.raidId))!;
    const day = state.days.find((option) => option.label === SAT)!;
    const time = state.times.find((option) => option.label === '20:00')!;
    const { vevent, event } = parseIcs(file.data.toString('utf8'));
    expect(event.startDate.toJSDate().toISOString()).toBe(SAT_20_UTC);
    expect(event.startDate.zone.tzid).toBe('UTC');
    expect(event.uid).toBe(slotEventUid({ guildId: raiders.guild.id, raidId: raid.raidId, dayOptionId: day.id, timeOptionId: time.id }));
    expect(event.summary).toBe(`Raid: Berserk Arena (ID ${raid.displayId})`);
    expect(String(vevent.getFirstPropertyValue('url'))).toBe(`https://discord.com/channels/${raiders.guild.id}/${raiders.plannerChannelId}/${raid.plannerMessageId}`);
    expect((vevent.getFirstSubcomponent('valarm')!.getFirstPropertyValue('trigger') as ICAL.Duration).toSeconds()).toBe(-900);
    // Nobody else sees the answer or its file.
    expect(world.emulator.driver.messages(raiders.participantsChannelId, { visibleTo: voter.id }).map((message) => message.id)).not.toContain(reply.id);
  });

  it('gives the same UID on a second click and German texts to a German member', async () => {
    const customId = calendarButton(list).custom_id;
    const click = async (locale?: string) => {
      const handle = await world.emulator.driver.clickButton({ channelId: raiders.participantsChannelId, messageId: list.id, userId: voter.id, customId, ...(locale ? { locale } : {}) });
      const reply = await handle.reply();
      return { reply, ...parseIcs(world.emulator.driver.attachment(reply.attachments[0]!)!.data.toString('utf8')) };
    };
    const english = await click();
    const german = await click('de');
    expect(german.event.uid).toBe(english.event.uid);
    expect(german.event.startDate.toJSDate().toISOString()).toBe(SAT_20_UTC);
    expect(german.event.description).toMatch(/^Raid-Planner auf Discord: /);
    expect(german.reply.content).toMatch(/^Hier ist \*\*Berserk Arena\*\*/);
  });

  it('keeps working across a restart, which edits no list (the button is part of what the list shows)', async () => {
    const since = Date.now();
    await world.restartBot();
    await settle(world);
    const edits = world.emulator.driver.restCalls({ method: 'PATCH', path: new RegExp(`/channels/${raiders.participantsChannelId}/messages/`) }).filter((call) => call.startedAt >= since);
    expect(edits).toEqual([]);
    const handle = await world.emulator.driver.clickButton({ channelId: raiders.participantsChannelId, messageId: list.id, userId: bystander.id, customId: calendarButton(list).custom_id });
    const reply = await handle.reply();
    const { event } = parseIcs(world.emulator.driver.attachment(reply.attachments[0]!)!.data.toString('utf8'));
    expect(event.startDate.toJSDate().toISOString()).toBe(SAT_20_UTC);
  });

  describe('refuses privately, with no file', () => {
    const refusalOf = async (customId: string, locale = 'en-US') => {
      const handle = forgedComponent(world.emulator, { channelId: raiders.participantsChannelId, messageId: list.id, userId: bystander.id, customId, locale });
      const reply = await handle.reply();
      expect(isEphemeral(reply)).toBe(true);
      expect(reply.attachments).toEqual([]);
      return reply.content;
    };

    it('a raid that does not exist', async () => {
      expect(await refusalOf('calendar:add:2147483647:1:2')).toBe(t('en-US', 'calendar.raidGone'));
    });

    it('a slot the raid does not have, or one without enough players', async () => {
      const state = (await world.repos.raids.loadRaidState(raid.raidId))!;
      const [day] = state.days;
      const at22 = state.times.find((option) => option.label === '22:00')!;
      expect(await refusalOf(`calendar:add:${raid.raidId}:${day!.id}:${at22.id}`, 'de')).toBe(t('de', 'calendar.slotGone'));
      // The day option id where a time option belongs.
      expect(await refusalOf(`calendar:add:${raid.raidId}:${day!.id}:${day!.id}`)).toBe(t('en-US', 'calendar.slotGone'));
    });

    it('another server’s raid', async () => {
      const foreign = await world.repos.raids.createRaid({ guildId: others.guild.id, channelId: others.plannerChannelId, creatorId: others.members[0]!.id, dungeon: 'Shopping Mall', days: [SAT], times: ['20:00'], minPlayers: 0 });
      const ids = `${foreign.raid.id}:${foreign.days[0]!.id}:${foreign.times[0]!.id}`;
      expect(await refusalOf(`calendar:add:${ids}`)).toBe(t('en-US', 'common.raidOfOtherServer'));
      await world.repos.raids.deleteRaid(foreign.raid.id);
    });

    it('a slot of the old bot, whose labels name no date', async () => {
      const old = await world.repos.raids.createRaid({ guildId: raiders.guild.id, channelId: raiders.plannerChannelId, creatorId: creator.id, dungeon: 'Shopping Mall', days: ['Samstag'], times: ['abends'], minPlayers: 0 });
      await world.repos.raids.toggleVotes(old.raid.id, voter.id, 'day', ['Samstag']);
      await world.repos.raids.toggleVotes(old.raid.id, voter.id, 'time', ['abends']);
      expect(await refusalOf(`calendar:add:${old.raid.id}:${old.days[0]!.id}:${old.times[0]!.id}`)).toBe(t('en-US', 'calendar.noDate'));
      await world.repos.raids.deleteRaid(old.raid.id);
    });
  });
});

describe('/raidstats', () => {
  const stats = async (userId: string, member?: string, locale?: string) => {
    const handle = await world.emulator.driver.slash({ channelId: raiders.generalChannelId, userId, command: 'raidstats', options: member ? { member } : {}, ...(locale ? { locale } : {}) });
    const reply = await handle.reply();
    expect(isEphemeral(reply)).toBe(true);
    return reply.content;
  };

  beforeAll(async () => {
    // The finish flow writes `present` for the slot's member; older raids as a voice check would have decided them.
    await clickFinish(world, raiders, raid, creator.id);
    await settle(world);
    const insert = (displayId: number, userId: string, status: string, at: string) =>
      world.db.query(`INSERT INTO raid_attendance (guild_id, raid_display_id, dungeon, user_id, status, created_at) VALUES ($1, $2, 'Shopping Mall', $3, $4, $5)`, [raiders.guild.id, displayId, userId, status, at]);
    await insert(901, voter.id, 'absent', '2026-12-01T20:00:00Z');
    await insert(902, voter.id, 'present', '2026-12-02T20:00:00Z');
    await insert(901, creator.id, 'present', '2026-12-01T20:00:00Z');
    await insert(903, creator.id, 'pending', '2026-12-03T20:00:00Z');
    // Another server's rows count nowhere here.
    await world.db.query(`INSERT INTO raid_attendance (guild_id, raid_display_id, dungeon, user_id, status) VALUES ($1, 1, 'x', $2, 'present')`, [others.guild.id, voter.id]);
  });

  it('shows a member’s participations, no-shows, rate and last raids, newest first', async () => {
    const lines = (await stats(bystander.id, voter.id)).split('\n');
    expect(lines.slice(0, 5)).toEqual([
      `**Raid stats of <@${voter.id}>** on this server`,
      'Took part: **2**',
      'No-shows: **1**',
      'Attendance rate: **67%**',
      'Last raids:',
    ]);
    expect(lines.slice(5)).toEqual([
      expect.stringMatching(new RegExp(`^- \\*\\*Berserk Arena\\*\\* · ID \`${raid.displayId}\` · <t:\\d+:d> · present$`)),
      expect.stringMatching(/^- \*\*Shopping Mall\*\* · ID `902` · <t:\d+:d> · present$/),
      expect.stringMatching(/^- \*\*Shopping Mall\*\* · ID `901` · <t:\d+:d> · no-show$/),
    ]);
  });

  it('ranks the server’s top attendees without a member, in German for a German member', async () => {
    const lines = (await stats(bystander.id, undefined, 'de')).split('\n');
    expect(lines).toEqual([
      '**Fleißigste Teilnehmer auf Calendar Raiders** (3 Raids mit Anwesenheit)',
      `1. <@${voter.id}> · teilgenommen **2** · nicht erschienen 1 · 67\u00a0%`,
      `2. <@${creator.id}> · teilgenommen **1** · nicht erschienen 0 · 100\u00a0%`,
    ]);
  });

  it('says so for a member without recorded raids, and counts each server apart', async () => {
    expect(await stats(voter.id, bystander.id)).toBe(t('en-US', 'raidstats.memberNone', { member: `<@${bystander.id}>` }));
    const handle = await world.emulator.driver.slash({ channelId: others.generalChannelId, userId: others.members[0]!.id, command: 'raidstats' });
    // The other server has one row, for a member: it is listed there, not here.
    expect((await handle.reply()).content).toContain(`<@${voter.id}> · took part **1**`);
  });

  it('answers an outdated calendar button of the finished raid with "raid gone"', async () => {
    const handle = forgedComponent(world.emulator, { channelId: raiders.plannerChannelId, messageId: raid.plannerMessageId, userId: voter.id, customId: calendarButton(list).custom_id });
    expect((await handle.reply()).content).toBe(t('en-US', 'calendar.raidGone'));
  });
});
