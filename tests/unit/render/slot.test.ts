import { renderSlotMessage } from '../../../src/lib/raids/render';
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

  it('allows exactly the shown members and the raid role to be pinged, never everyone', () => {
    const roleId = snowflake(99);
    const payload = renderSlotMessage(makeRaid({ dungeon: '@everyone' }), slotOf(users, '@here', '<@&1>'), { roleId, locale: 'en-US' });
    expect(payload.allowed_mentions).toEqual({ users, roles: [roleId] });
    expect(payload.content!.split('\n').at(-1)).toBe(`Role: <@&${roleId}>`);
    expect(mentionedUsers(payload.content!)).toEqual(users);
  });

  it('without a role there is no role line and no role may be pinged', () => {
    const payload = renderSlotMessage(makeRaid(), slotOf(users), { roleId: null, locale: 'en-US' });
    expect(payload.allowed_mentions).toEqual({ users, roles: [] });
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
      const payload = renderSlotMessage(raid, slotOf(userIds, '_'.repeat(100), '~'.repeat(100)), { roleId: snowflake(7), locale });
      expectMessageWithinLimits(payload);
      const shown = mentionedUsers(payload.content!);
      expect(shown).toEqual(userIds.slice(0, shown.length));
      expect(payload.allowed_mentions!.users).toEqual(shown);
      expect(shown.length).toBeLessThanOrEqual(100);
      const hidden = Number(/\+(\d+)/.exec(payload.content!)![1]);
      expect(shown.length + hidden).toBe(1000);
      expect(payload.content!.split('\n').at(-1)).toContain(`<@&${snowflake(7)}>`);
    }
  });
});
