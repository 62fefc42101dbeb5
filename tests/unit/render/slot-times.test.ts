/**
 * Slots with Discord timestamps where lists show them (participant lists, the overview,
 * the raid list, /status) and the planner of a raid that closed itself; the old bot's
 * labels exactly as before.
 */
import { renderStatus, type GuildStatus } from '../../../src/lib/ops/status';
import { renderClosedPlanner, renderRaidList, renderSlotMessage } from '../../../src/lib/raids/render';
import { overviewLines, renderSlotOverview } from '../../../src/lib/raids/render/slot-overview';
import type { RaidWhen } from '../../../src/lib/raids/schedule';
import type { QualifiedSlot } from '../../../src/lib/raids/types';
import { makeRaid, snowflake } from './fixtures';
import { expectMessageWithinLimits } from './limits';

type Json = Record<string, any>;

const SAT_20_BERLIN = 1798311600; // Sat 2026-12-26 20:00 in Berlin = 19:00 UTC
const SAT_20_NEW_YORK = 1798333200; // the same wall time in New York = 01:00 UTC next day
const stamp = (unix: number) => `<t:${unix}:F> (<t:${unix}:R>)`;

function slotOf(day: string, time: string, userIds = [snowflake(1)]): QualifiedSlot {
  return { day, time, userIds };
}

describe('participant list', () => {
  it('shows a dated slot as Discord timestamps in the server’s zone', () => {
    const slot = slotOf('Sat 2026-12-26', '20:00');
    const berlin = renderSlotMessage(makeRaid(), slot, { roleId: null, locale: 'en-US', zone: 'Europe/Berlin' });
    expect(berlin.content!.split('\n')[1]).toBe(`When: ${stamp(SAT_20_BERLIN)}`);
    const newYork = renderSlotMessage(makeRaid(), slot, { roleId: null, locale: 'de', zone: 'America/New_York' });
    expect(newYork.content!.split('\n')[1]).toBe(`Wann: ${stamp(SAT_20_NEW_YORK)}`);
    expectMessageWithinLimits(newYork);
  });

  it('shows the old bot’s labels exactly as before', () => {
    const slot = slotOf('Samstag', 'abends');
    const withZone = renderSlotMessage(makeRaid(), slot, { roleId: null, locale: 'en-US', zone: 'Europe/Berlin' });
    const without = renderSlotMessage(makeRaid(), slot, { roleId: null, locale: 'en-US' });
    expect(withZone).toEqual(without);
    expect(withZone.content!.split('\n')[1]).toBe('Day: **Samstag** · Time: **abends**');
  });
});

describe('slot overview', () => {
  it('gives each dated slot a line of timestamps, earliest first, then the old labels grouped', () => {
    const slots = [slotOf('Sun 2026-12-27', '20:00'), slotOf('Sat 2026-12-26', '20:00'), slotOf('Samstag', 'abends'), slotOf('Sonntag', 'abends')];
    expect(overviewLines(slots, 'Europe/Berlin')).toEqual([`- ${stamp(SAT_20_BERLIN)}`, `- ${stamp(SAT_20_BERLIN + 86_400)}`, '- Samstag, Sonntag: abends']);
    expect(overviewLines(slots)).toEqual(['- Sun 2026-12-27, Sat 2026-12-26: 20:00', '- Samstag, Sonntag: abends']);
  });

  it('keeps a dated 25 × 25 raid within one message: the earliest slots with timestamps, every other slot on a compact line', () => {
    const days = Array.from({ length: 25 }, (_, index) => `${['Thu', 'Fri', 'Sat', 'Sun', 'Mon', 'Tue', 'Wed'][index % 7]} 2026-12-${String(index + 3).padStart(2, '0')}`);
    const times = Array.from({ length: 25 }, (_, index) => `${String(index % 24).padStart(2, '0')}:${index < 24 ? '00' : '30'}`);
    const slots = days.flatMap((day) => times.map((time) => slotOf(day, time)));
    for (const locale of ['en-US', 'de']) {
      const payload = renderSlotOverview(makeRaid({ dungeon: '@everyone' }), slots, 4, locale, 'Europe/Berlin');
      expectMessageWithinLimits(payload);
      const lines = payload.content!.split('\n');
      const stamped = lines.filter((line) => line.startsWith('- <t:'));
      expect(stamped.length).toBeGreaterThan(10);
      expect(stamped[0]).toBe(`- ${stamp(Date.parse('2026-12-02T23:00:00Z') / 1000)}`); // Thu 2026-12-03 00:00 in Berlin, the earliest
      // The rest: "- days: times" lines naming each remaining slot exactly once.
      const named = lines
        .filter((line) => line.startsWith('- ') && !line.startsWith('- <t:'))
        .flatMap((line) => {
          const [dayPart, timePart] = line.slice(2).split(': ');
          return dayPart!.split(', ').flatMap((day) => timePart!.split(', ').map((time) => `${day} ${time}`));
        });
      expect(new Set(named).size).toBe(named.length);
      expect(stamped.length + named.length).toBe(625);
      expect(payload.content).not.toMatch(/\+\d+/);
      expect(payload.allowed_mentions).toEqual({ parse: [] });
    }
  });
});

describe('raid list', () => {
  const raids = [1, 2, 3, 4].map((id) => makeRaid({ id, displayId: id, createdAt: new Date(Date.UTC(2026, 11, id)) }));
  const instant = new Date(SAT_20_BERLIN * 1000);
  const when = new Map<number, RaidWhen | null>([
    [1, { kind: 'next', instant, qualified: true }],
    [2, { kind: 'next', instant, qualified: false }],
    [3, { kind: 'over', instant }],
    [4, null],
  ]);

  it('says when each dated raid happens; a raid without dates reads as before', () => {
    const lines = (renderRaidList('Guild', raids, { locale: 'en-US', when }) as Json).embeds[0].description.split('\n');
    expect(lines[0]).toMatch(new RegExp(` · next slot ${escape(stamp(SAT_20_BERLIN))}$`));
    expect(lines[1]).toMatch(new RegExp(` · earliest option ${escape(stamp(SAT_20_BERLIN))}$`));
    expect(lines[2]).toMatch(new RegExp(` · last slot ${escape(stamp(SAT_20_BERLIN))}$`));
    const before = (renderRaidList('Guild', raids, { locale: 'en-US' }) as Json).embeds[0].description.split('\n');
    expect(lines[3]).toBe(before[3]);
    const german = (renderRaidList('Guild', raids, { locale: 'de', when }) as Json).embeds[0].description;
    expect(german).toContain(`nächster Slot ${stamp(SAT_20_BERLIN)}`);
  });

  it('stays within the embed limit with many dated raids', () => {
    const many = Array.from({ length: 60 }, (_, index) => makeRaid({ id: index + 1, displayId: index + 1, dungeon: '*'.repeat(100) }));
    const everyWhen = new Map<number, RaidWhen | null>(many.map((raid) => [raid.id, { kind: 'next', instant, qualified: true }]));
    const payload = renderRaidList('Guild', many, { locale: 'de', when: everyWhen });
    expectMessageWithinLimits(payload);
    expect((payload as Json).embeds[0].description).toMatch(/\+\d+/);
  });
});

describe('/status', () => {
  const status = (nextSlot: GuildStatus['nextSlot']): GuildStatus => ({
    guildId: snowflake(1),
    guildName: 'Guild',
    settings: null,
    openRaids: 2,
    nextSlot,
    selfTest: null,
    showsErrorDetail: false,
  });

  it('names the next qualified slot with timestamps, or says there is none', () => {
    const text = renderStatus('en-US', status({ dungeon: 'Nanos *Lair*', displayId: 7, instant: new Date(SAT_20_BERLIN * 1000) }));
    expect(text).toContain(`Next slot: **Nanos \\*Lair\\*** · ID \`7\` · ${stamp(SAT_20_BERLIN)}`);
    expect(renderStatus('de', status(null))).toContain('Nächster Slot: keiner geplant');
  });
});

describe('planner of a raid that closed itself', () => {
  it.each([
    ['auto-finished', 'en-US', 'Raid closed: finished automatically, its last slot is over'],
    ['auto-cancelled', 'en-US', 'Raid closed: cancelled automatically, its last slot is over and no slot had enough players'],
    ['auto-finished', 'de', 'automatisch abgeschlossen'],
    ['auto-cancelled', 'de', 'automatisch abgebrochen'],
  ] as const)('%s (%s) says so', (reason, locale, title) => {
    const payload = renderClosedPlanner(makeRaid(), { reason, locale, attendanceRows: reason === 'auto-finished' ? 3 : undefined }) as Json;
    expectMessageWithinLimits(payload);
    expect(payload.embeds[0].title).toContain(title);
    expect(payload.components).toEqual([]);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
