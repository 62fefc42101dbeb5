import { shownHash } from '../../../src/lib/discord/message-publisher';
import { messageUrl, renderRaidList } from '../../../src/lib/raids/render';
import type { Raid } from '../../../src/lib/raids/types';
import { makeRaid, snowflake } from './fixtures';
import { expectMessageWithinLimits } from './limits';

type Json = Record<string, any>;

function descriptionOf(payload: Json): string {
  return payload.embeds[0].description;
}

function raidAt(index: number, overrides: Partial<Raid> = {}): Raid {
  return makeRaid({
    id: index + 1,
    displayId: index + 1,
    dungeon: `Dungeon ${index + 1}`,
    createdAt: new Date(Date.UTC(2026, 0, 1) + index * 60_000),
    messageId: snowflake(500 + index),
    ...overrides,
  });
}

describe('renderRaidList', () => {
  it('lists open raids oldest first with a clickable planner link', () => {
    const raids = [raidAt(2), raidAt(0), raidAt(1)];
    const payload = renderRaidList('My Guild', raids, { locale: 'en-US' }) as Json;
    expect(payload.embeds[0].title).toBe('Open raids on My Guild');
    const lines = descriptionOf(payload).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.map((line) => /^\*\*(Dungeon \d+)\*\*/.exec(line)![1])).toEqual(['Dungeon 1', 'Dungeon 2', 'Dungeon 3']);
    const first = raidAt(0);
    expect(lines[0]).toContain(`(https://discord.com/channels/${first.guildId}/${first.channelId}/${first.messageId})`);
    expect(lines[0]).toContain('ID `1`');
    expect(lines[0]).toContain('Min 4');
    expect(lines[0]).toContain(`<t:${Math.floor(first.createdAt.getTime() / 1000)}:R>`);
    expect(payload.allowed_mentions).toEqual({ parse: [] });
    expectMessageWithinLimits(payload);
  });

  it('equal creation times fall back to the raid id', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const payload = renderRaidList('G', [raidAt(1, { createdAt: at }), raidAt(0, { createdAt: at })], { locale: 'en-US' });
    expect(descriptionOf(payload).indexOf('Dungeon 1')).toBeLessThan(descriptionOf(payload).indexOf('Dungeon 2'));
  });

  it('marks a raid whose planner is not posted and shows min 0 as 1+', () => {
    const payload = renderRaidList('G', [raidAt(0, { messageId: null, minPlayers: 0 })], { locale: 'en-US' });
    expect(descriptionOf(payload)).toContain('planner not posted');
    expect(descriptionOf(payload)).not.toContain('https://');
    expect(descriptionOf(payload)).toContain('Min 1+');
  });

  it('says so when nothing is open, in the guild language', () => {
    expect(descriptionOf(renderRaidList('G', [], { locale: 'en-US' }))).toBe('No open raids.');
    expect(descriptionOf(renderRaidList('G', [], { locale: 'de' }))).toBe('Keine offenen Raids.');
  });

  it('200 open raids with long names: limits hold, the oldest are shown and "+N more" counts the rest', () => {
    const raids = Array.from({ length: 200 }, (_, index) =>
      raidAt(index, { dungeon: `${index}`.padEnd(120, '*'), displayId: 2_000_000_000 + index }),
    );
    for (const locale of ['en-US', 'de']) {
      const payload = renderRaidList('*'.repeat(100), raids.slice().reverse(), { locale });
      expectMessageWithinLimits(payload);
      const lines = descriptionOf(payload).split('\n');
      const hidden = Number(/\+(\d+)/.exec(lines.at(-1)!)![1]);
      expect(lines.length - 1 + hidden).toBe(200);
      expect(lines[0]).toContain('`2000000000`');
    }
  });

  it('messageUrl is a full discord.com link', () => {
    expect(messageUrl('1', '2', '3')).toBe('https://discord.com/channels/1/2/3');
  });
});

describe('shownHash (what the publisher remembers of a raid list)', () => {
  it('changes exactly when what the list shows changes', () => {
    const one = renderRaidList('G', [raidAt(0)], { locale: 'en-US' });
    const same = renderRaidList('G', [raidAt(0)], { locale: 'en-US' });
    const other = renderRaidList('G', [raidAt(0), raidAt(1)], { locale: 'en-US' });
    const renamed = renderRaidList('H', [raidAt(0)], { locale: 'en-US' });
    expect(shownHash(one)).toMatch(/^[0-9a-f]{64}$/);
    expect(shownHash(one)).toBe(shownHash(same));
    expect(shownHash(one)).not.toBe(shownHash(other));
    expect(shownHash(one)).not.toBe(shownHash(renamed));
    // Who a message notifies is not what it shows: edits notify nobody.
    expect(shownHash({ ...one, allowed_mentions: { users: ['1'] } })).toBe(shownHash(one));
  });
});
