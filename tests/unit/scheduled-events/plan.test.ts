import { GuildScheduledEventEntityType, GuildScheduledEventStatus } from 'discord.js';
import { eventKey, planEventActions, wantedEvents, type StoredEvent, type WantedEvent } from '../../../src/lib/scheduled-events/plan';
import { eventPayloadHash, renderSlotEvent, SCHEDULED_EVENT_LIMITS } from '../../../src/lib/scheduled-events/render';
import { everyoneVotesEverything, makeRaid, makeState, snowflake } from '../render/fixtures';

const DAY = 'Thu 2026-12-24';
/** 20:00 in Berlin on that day is 19:00 UTC. */
const SLOT_AT = new Date('2026-12-24T19:00:00Z');
const raid = makeRaid({ minPlayers: 2 });
const members = [snowflake(10), snowflake(11)];
const prefs = { timeZone: 'Europe/Berlin', scheduledEvents: true, scheduledEventHours: 2 };
const qualified = makeState([DAY], ['20:00', '21:00'], everyoneVotesEverything([DAY], ['20:00'], members), raid);
const before = new Date('2026-12-24T12:00:00Z');

function stored(wanted: WantedEvent, overrides: Partial<StoredEvent> = {}): StoredEvent {
  return { key: wanted.key, raidId: wanted.raidId, eventId: snowflake(99), status: GuildScheduledEventStatus.Scheduled, hash: wanted.hash, ...overrides };
}

describe('renderSlotEvent', () => {
  const input = { raid, day: DAY, time: '20:00', slotAt: SLOT_AT, hours: 2, memberCount: 2, locale: 'en-US', place: { kind: 'external' } as const };

  it('renders an external event at the slot, ending the duration later, located at the planner', () => {
    const payload = renderSlotEvent(input);
    expect(payload).toMatchObject({
      entity_type: GuildScheduledEventEntityType.External,
      privacy_level: 2,
      channel_id: null,
      scheduled_start_time: '2026-12-24T19:00:00.000Z',
      scheduled_end_time: '2026-12-24T21:00:00.000Z',
      entity_metadata: { location: `https://discord.com/channels/${raid.guildId}/${raid.channelId}/${raid.messageId}` },
      name: 'Nanos Lair · Raid 12',
    });
    expect(payload.description).toContain('2 players');
    expect(renderSlotEvent({ ...input, locale: 'de' }).description).toContain('2 Spieler');
  });

  it('keeps within Discord limits for a long dungeon name, and has a voice variant without an end', () => {
    const long = renderSlotEvent({ ...input, raid: { ...raid, dungeon: 'x'.repeat(300) } });
    expect(long.name.length).toBeLessThanOrEqual(SCHEDULED_EVENT_LIMITS.name);
    expect(long.description.length).toBeLessThanOrEqual(SCHEDULED_EVENT_LIMITS.description);
    const voice = renderSlotEvent({ ...input, place: { kind: 'voice', channelId: snowflake(7) } });
    expect(voice).toMatchObject({ entity_type: GuildScheduledEventEntityType.Voice, channel_id: snowflake(7), scheduled_end_time: null, entity_metadata: null });
  });

  it('hashes equal payloads equally and changed ones differently', () => {
    expect(eventPayloadHash(renderSlotEvent(input))).toBe(eventPayloadHash(renderSlotEvent(input)));
    expect(eventPayloadHash(renderSlotEvent({ ...input, memberCount: 3 }))).not.toBe(eventPayloadHash(renderSlotEvent(input)));
    expect(eventPayloadHash(renderSlotEvent({ ...input, hours: 3 }))).not.toBe(eventPayloadHash(renderSlotEvent(input)));
  });
});

describe('wantedEvents', () => {
  it('wants one event per qualified slot, none when the switch is off or a label has no date', () => {
    const wanted = wantedEvents([qualified], prefs, 'en-US');
    expect(wanted.map((event) => [event.key, event.slotAt.toISOString()])).toEqual([[eventKey(raid.id, DAY, '20:00'), SLOT_AT.toISOString()]]);
    expect(wantedEvents([qualified], { ...prefs, scheduledEvents: false }, 'en-US')).toEqual([]);
    const oldBot = makeState(['Samstag'], ['abends'], everyoneVotesEverything(['Samstag'], ['abends'], members), raid);
    expect(wantedEvents([oldBot], prefs, 'en-US')).toEqual([]);
  });
});

describe('planEventActions', () => {
  const [wanted] = wantedEvents([qualified], prefs, 'en-US');
  const open = new Set([raid.id]);
  const none = new Map();

  it('creates a missing event, leaves an unchanged one alone and updates a changed one in place', () => {
    expect(planEventActions([], [wanted!], open, none, before).map((a) => a.kind)).toEqual(['create']);
    expect(planEventActions([stored(wanted!)], [wanted!], open, none, before)).toEqual([]);
    expect(planEventActions([stored(wanted!, { hash: 'old' })], [wanted!], open, none, before).map((a) => a.kind)).toEqual(['update']);
  });

  it('starts the event once its slot began, and creates none for a slot already begun', () => {
    expect(planEventActions([stored(wanted!, { hash: 'old' })], [wanted!], open, none, SLOT_AT).map((a) => a.kind)).toEqual(['start']);
    expect(planEventActions([stored(wanted!, { status: GuildScheduledEventStatus.Active })], [wanted!], open, none, SLOT_AT)).toEqual([]);
    expect(planEventActions([], [wanted!], open, none, SLOT_AT)).toEqual([]);
  });

  it('deletes the event of a slot that stopped qualifying or a cancelled raid, and completes a finished raid\'s', () => {
    expect(planEventActions([stored(wanted!)], [], open, none, before).map((a) => a.kind)).toEqual(['delete']);
    expect(planEventActions([stored(wanted!)], [], new Set(), new Map([[raid.id, 'cancelled']]), before).map((a) => a.kind)).toEqual(['delete']);
    expect(planEventActions([stored(wanted!)], [], new Set(), new Map([[raid.id, 'finished']]), before).map((a) => a.kind)).toEqual(['complete']);
    // Nobody knows how it ended: a running event completes, a future one goes.
    const unknown = new Map([[raid.id, 'unknown' as const]]);
    expect(planEventActions([stored(wanted!, { status: GuildScheduledEventStatus.Active })], [], new Set(), unknown, before).map((a) => a.kind)).toEqual(['complete']);
    expect(planEventActions([stored(wanted!)], [], new Set(), unknown, before).map((a) => a.kind)).toEqual(['delete']);
  });

  it('creates nothing beyond the 100 uncompleted events a server may have, ending events first to make room', () => {
    const full = Array.from({ length: 100 }, (_, index) => ({ ...stored(wanted!), key: `other-${index}`, raidId: 1 }));
    const actions = planEventActions(full, [wanted!], new Set([raid.id]), new Map([[1, 'cancelled']]), before);
    expect(actions.at(-1)!.kind).toBe('create');
    expect(actions.slice(0, -1).every((a) => a.kind === 'delete')).toBe(true);
    expect(planEventActions([], [wanted!], open, none, before, 100).map((a) => a.kind)).toEqual(['overLimit']);
  });
});
