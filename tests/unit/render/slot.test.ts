import { renderSlotMessage } from '../../../src/lib/raids/render';
import { overviewLines, renderSlotOverview } from '../../../src/lib/raids/render/slot-overview';
import type { QualifiedSlot } from '../../../src/lib/raids/types';
import { makeRaid, snowflake } from './fixtures';
import { expectMessageWithinLimits } from './limits';

function mentionedUsers(content: string): string[] {
  return [...content.matchAll(/<@(\d+)>/g)].map((match) => match[1]!);
}

function slotOf(userIds: string[], day = 'Sat', time = '20:00'): QualifiedSlot {
  return { day, time, userIds };
}

describe('renderSlotMessage', () => {
  const users = [snowflake(1), snowflake(2), snowflake(3), snowflake(4)];

  it('names the slot, counts against the target and mentions every member on its own line', () => {
    const payload = renderSlotMessage(makeRaid(), slotOf(users), { roleId: null, locale: 'en-US' });
    const lines = payload.content!.split('\n');
    expect(lines[0]).toContain('Nanos Lair');
    expect(lines[0]).toContain('`12`');
    expect(lines[1]).toBe('Day: **Sat** · Time: **20:00**');
    expect(lines[2]).toBe('Players: **4 / 4**');
    expect(lines.slice(3)).toEqual(users.map((id) => `<@${id}>`));
    expect(payload.embeds).toEqual([]);
    expectMessageWithinLimits(payload);
  });

  it('shows the target as 1+ when min players is 0', () => {
    const payload = renderSlotMessage(makeRaid({ minPlayers: 0 }), slotOf(users.slice(0, 1)), { roleId: null, locale: 'en-US' });
    expect(payload.content).toContain('**1 / 1+**');
  });

  it('pings only the shown members it is told to, never the shared raid role nor everyone', () => {
    const roleId = snowflake(99);
    const payload = renderSlotMessage(makeRaid({ dungeon: '@everyone' }), slotOf(users, '@here', '<@&1>'), {
      roleId,
      locale: 'en-US',
      pingUserIds: [users[1]!, users[3]!, snowflake(50)],
    });
    expect(payload.allowed_mentions).toEqual({ users: [users[1], users[3]], roles: [] });
    expect(payload.content!.split('\n').at(-1)).toBe(`Role: <@&${roleId}>`);
    expect(mentionedUsers(payload.content!)).toEqual(users);
  });

  it('pings nobody unless told to, and without a role shows no role line', () => {
    const payload = renderSlotMessage(makeRaid(), slotOf(users), { roleId: null, locale: 'en-US' });
    expect(payload.allowed_mentions).toEqual({ users: [], roles: [] });
    expect(payload.content).not.toContain('<@&');
  });

  it('is German for German guilds', () => {
    const payload = renderSlotMessage(makeRaid(), slotOf(users), { roleId: snowflake(9), locale: 'de' });
    expect(payload.content).toContain('Tag: **Sat** · Uhrzeit: **20:00**');
    expect(payload.content).toContain('Rolle: <@&');
  });

  it.each([
    ['1000 members with 20-digit ids', Array.from({ length: 1000 }, (_, index) => snowflake(1000 + index))],
    ['1000 members with short ids (the 100-mention cap binds first)', Array.from({ length: 1000 }, (_, index) => String(index + 1))],
  ])('caps %s: limits hold and "+N more" accounts for everyone', (_name, userIds) => {
    for (const locale of ['en-US', 'de']) {
      const raid = makeRaid({ dungeon: '*'.repeat(300) });
      const payload = renderSlotMessage(raid, slotOf(userIds, '_'.repeat(100), '~'.repeat(100)), { roleId: snowflake(7), locale, pingUserIds: userIds });
      expectMessageWithinLimits(payload);
      const shown = mentionedUsers(payload.content!);
      expect(shown).toEqual(userIds.slice(0, shown.length));
      expect(payload.allowed_mentions!.users).toEqual(shown); // a hidden member is never pinged
      expect(shown.length).toBeLessThanOrEqual(100);
      const hidden = Number(/\+(\d+)/.exec(payload.content!)![1]);
      expect(shown.length + hidden).toBe(1000);
      expect(payload.content!.split('\n').at(-1)).toContain(`<@&${snowflake(7)}>`);
    }
  });
});

describe('renderSlotOverview', () => {
  const all = (days: string[], times: string[]) => days.flatMap((day) => times.map((time) => slotOf([snowflake(1)], day, time)));

  it('puts days with the same times on one line, in slot order', () => {
    const slots = [...all(['Sat', 'Sun'], ['19:00', '20:30']), ...all(['Mon'], ['20:30'])];
    expect(overviewLines(slots)).toEqual(['- Sat, Sun: 19:00, 20:30', '- Mon: 20:30']);
  });

  it('fits a 25 × 25 raid into one message that mentions nobody', () => {
    const days = Array.from({ length: 25 }, (_, index) => `Day ${index + 1}`);
    const times = Array.from({ length: 25 }, (_, index) => `${String(index).padStart(2, '0')}:30`);
    for (const locale of ['en-US', 'de']) {
      const payload = renderSlotOverview(makeRaid(), all(days, times), 4, locale);
      expectMessageWithinLimits(payload);
      expect(payload.allowed_mentions).toEqual({ parse: [] });
      expect(payload.content).not.toContain('+');
      expect(payload.content!.split('\n').at(-1)).toBe(`- ${days.join(', ')}: ${times.join(', ')}`);
    }
  });

  it('shows as many lines as fit and counts the rest when every day has other times', () => {
    // 25 days, each with its own 24 long times: no two lines can be merged.
    const slots = Array.from({ length: 25 }, (_, day) => Array.from({ length: 24 }, (__, time) => slotOf([snowflake(1)], `Day ${day}`, `${'~'.repeat(90)}${day}-${time}`))).flat();
    const payload = renderSlotOverview(makeRaid({ dungeon: '@everyone' }), slots, 4, 'en-US');
    expectMessageWithinLimits(payload);
    const hidden = Number(/… \+(\d+) more$/.exec(payload.content!)![1]);
    const shownLines = payload.content!.split('\n').filter((line) => line.startsWith('- ')).length;
    expect(shownLines + hidden).toBe(25);
    expect(payload.allowed_mentions).toEqual({ parse: [] });
  });
});
