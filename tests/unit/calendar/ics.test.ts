/**
 * The .ics of a slot, read back by ical.js — a parser written independently of
 * ical-generator — so "the calendar gets the right instant" is not our own word.
 */
import ICAL from 'ical.js';
import { calendarSlotButtonId, parseCustomId, MAX_CUSTOM_ID_LENGTH } from '../../../src/lib/discord/custom-ids';
import { plannerUrl, renderSlotCalendar, slotCalendarFileName, slotEventUid, type SlotCalendarEntry } from '../../../src/lib/calendar';
import { instantOfSlot } from '../../../src/lib/raids/schedule';

const entry = (overrides: Partial<SlotCalendarEntry> = {}): SlotCalendarEntry => ({
  guildId: '180000000000000000001',
  raidId: 2_147_483_647,
  displayId: 12,
  dungeon: 'Nanos Lair',
  dayOptionId: 41,
  timeOptionId: 43,
  start: instantOfSlot('Sat 2026-12-26', '20:00', 'Europe/Berlin')!,
  plannerUrl: plannerUrl('180000000000000000001', '180000000000000000002', '180000000000000000004'),
  stamp: new Date('2026-12-07T10:00:00Z'),
  ...overrides,
});

function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const vevents = calendar.getAllSubcomponents('vevent');
  expect(vevents).toHaveLength(1);
  const vevent = vevents[0]!;
  return { calendar, vevent, event: new ICAL.Event(vevent) };
}

describe('the .ics of a slot', () => {
  it('reads back through ical.js with the slot’s instant in UTC, its UID, summary, link and a 15-minute alarm', () => {
    const ics = renderSlotCalendar(entry(), 'en-US');
    const { calendar, vevent, event } = parse(ics);
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-12-26T19:00:00.000Z');
    expect(event.startDate.zone.tzid).toBe('UTC');
    expect(ics).toMatch(/\r\nDTSTART:20261226T190000Z\r\n/);
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-12-26T21:00:00.000Z');
    expect(event.uid).toBe(slotEventUid(entry()));
    expect(event.summary).toBe('Raid: Nanos Lair (ID 12)');
    expect(String(vevent.getFirstPropertyValue('url'))).toBe('https://discord.com/channels/180000000000000000001/180000000000000000002/180000000000000000004');
    expect(event.description).toContain('https://discord.com/channels/180000000000000000001/180000000000000000002/180000000000000000004');
    expect((vevent.getFirstPropertyValue('dtstamp') as ICAL.Time).toJSDate().toISOString()).toBe('2026-12-07T10:00:00.000Z');
    const alarm = vevent.getFirstSubcomponent('valarm')!;
    expect(alarm.getFirstPropertyValue('action')).toBe('DISPLAY');
    expect((alarm.getFirstPropertyValue('trigger') as ICAL.Duration).toSeconds()).toBe(-15 * 60);
  });

  it('writes CRLF lines of at most 75 octets (RFC 5545 3.1), even for long and odd dungeon names', () => {
    const ics = renderSlotCalendar(entry({ dungeon: `Ä;,\\ ${'Höhle der Verdammnis '.repeat(8)}` }), 'de');
    expect(ics.split('\r\n').filter((line) => line !== '').at(-1)).toBe('END:VCALENDAR');
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(ics.replace(/\r\n/g, '')).not.toContain('\n');
    expect(parse(ics).event.summary).toBe(`Raid: Ä;,\\ ${'Höhle der Verdammnis '.repeat(8)} (ID 12)`);
  });

  it('keeps the UID for the same raid and slot and tells slots and raids apart', () => {
    expect(slotEventUid(entry())).toBe(slotEventUid(entry({ start: new Date('2027-01-01T00:00:00Z'), stamp: new Date() })));
    const uids = new Set([entry(), entry({ timeOptionId: 44 }), entry({ dayOptionId: 42 }), entry({ raidId: 7 })].map(slotEventUid));
    expect(uids.size).toBe(4);
    expect(slotEventUid(entry())).toMatch(/^[\w.-]+@[\w.-]+$/);
  });

  it('is localized and names the file by raid and UTC start', () => {
    expect(parse(renderSlotCalendar(entry(), 'de')).event.description).toMatch(/^Raid-Planner auf Discord: https:/);
    expect(slotCalendarFileName(entry())).toBe('raid-12-20261226-1900Z.ics');
  });

  it('links the planner channel while the planner has no message', () => {
    expect(plannerUrl('1', '2', null)).toBe('https://discord.com/channels/1/2');
  });
});

describe('the button’s custom id', () => {
  it('round-trips raid and slot options and stays within Discord’s limit', () => {
    const id = calendarSlotButtonId(2_147_483_647, 2_147_483_646, 2_147_483_645);
    expect(id.length).toBeLessThanOrEqual(MAX_CUSTOM_ID_LENGTH);
    expect(parseCustomId(id)).toEqual({ kind: 'calendarSlot', raidId: 2_147_483_647, dayOptionId: 2_147_483_646, timeOptionId: 2_147_483_645 });
  });

  it.each(['calendar:add:1:2', 'calendar:add:1:2:3:4', 'calendar:remove:1:2:3', 'calendar:add:0:2:3', 'calendar:add:1:x:3', 'calendar:add:1:2:2147483648', 'calendar:add:-1:2:3'])(
    'refuses the forged or foreign id %s',
    (id) => expect(parseCustomId(id)).toBeNull(),
  );
});
