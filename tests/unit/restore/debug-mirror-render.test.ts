import { createHash } from 'node:crypto';
import { cutMirrorText, memberListMirrorText, mirrorHash, mirrorPayload, raidListMirrorText } from '../../../src/lib/debug-mirror/render';
import type { Raid, RaidState } from '../../../src/lib/raids/types';

const raid: Raid = {
  id: 41,
  guildId: '1000',
  channelId: '2000',
  creatorId: '3000',
  dungeon: 'Skull',
  displayId: 5,
  minPlayers: 2,
  createdAt: new Date('2026-02-01T12:00:00Z'),
  messageId: '4000',
  tempRoleId: null,
  tempRoleCreated: false,
};

function stateWith(votes: RaidState['votes']): RaidState {
  return {
    raid,
    days: [{ id: 1, kind: 'day', label: 'Fri' }],
    times: [
      { id: 2, kind: 'time', label: '19:00' },
      { id: 3, kind: 'time', label: '21:00' },
    ],
    votes,
  };
}

describe('debug mirror texts', () => {
  it('lists each qualified slot with its members, in the guild mirror language', () => {
    const state = stateWith([
      { kind: 'day', label: 'Fri', userId: '11' },
      { kind: 'day', label: 'Fri', userId: '12' },
      { kind: 'time', label: '19:00', userId: '11' },
      { kind: 'time', label: '19:00', userId: '12' },
      { kind: 'time', label: '21:00', userId: '12' },
    ]);
    expect(memberListMirrorText(state, 'en-US')).toBe('Member list debug · guild `1000` · raid `5`\n- Fri 19:00: <@11>, <@12>');
    expect(memberListMirrorText(stateWith([]), 'de')).toBe('Memberlist-Debug · Server `1000` · Raid `5`\nKeine qualifizierten Slots.');
  });

  it('shows the raid list title and body under a header naming the guild', () => {
    const text = raidListMirrorText('1000', 'My *Guild*', [raid], 'en-US');
    const [header, title, line] = text.split('\n');
    expect(header).toBe('Raid list debug · guild `1000` (My \\*Guild\\*)');
    expect(title).toContain('Open raids on');
    expect(line).toContain('Skull');
    expect(line).toContain('https://discord.com/channels/1000/2000/4000');
    expect(raidListMirrorText('1000', 'G', [], 'de')).toContain('Keine offenen Raids');
  });

  it('cuts at 1900 characters with "..." as upstream', () => {
    expect(cutMirrorText('x'.repeat(1900))).toHaveLength(1900);
    const cut = cutMirrorText('x'.repeat(5000));
    expect(cut).toHaveLength(1900);
    expect(cut.endsWith('xxx...')).toBe(true);
  });

  it('hashes the UTF-8 text as lowercase hex SHA-256', () => {
    expect(mirrorHash('Prüfung')).toBe(createHash('sha256').update(Buffer.from('Prüfung', 'utf8')).digest('hex'));
    expect(mirrorHash('a')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('posts plain content that pings nobody', () => {
    expect(mirrorPayload('<@11> <@&99> @everyone')).toEqual({
      content: '<@11> <@&99> @everyone',
      embeds: [],
      components: [],
      allowed_mentions: { parse: [] },
    });
  });
});
