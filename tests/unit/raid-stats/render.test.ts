/** What /raidstats shows, in both languages and within Discord's 2000 characters. */
import { attendanceRate, formatRate, renderMemberStats, renderServerStats } from '../../../src/lib/raid-stats';
import { snowflake } from '../render/fixtures';

const at = new Date('2026-12-26T22:00:00Z');
const unix = Math.floor(at.getTime() / 1000);

describe('/raidstats rendering', () => {
  it('computes the rate over decided raids only', () => {
    expect(attendanceRate({ present: 3, absent: 1 })).toBe(0.75);
    expect(attendanceRate({ present: 0, absent: 0 })).toBeNull();
    expect(formatRate('en-US', 0.75)).toBe('75%');
    expect(formatRate('de', 2 / 3)).toBe('67\u00a0%');
  });

  it('shows a member’s participations, no-shows, rate and last raids', () => {
    const text = renderMemberStats('en-US', {
      userId: snowflake(5),
      counts: { present: 3, absent: 1 },
      last: [
        { displayId: 4, dungeon: 'Nanos *Lair*', status: 'absent', at },
        { displayId: 3, dungeon: 'Berserk Arena', status: 'present', at },
      ],
    });
    expect(text.split('\n')).toEqual([
      `**Raid stats of <@${snowflake(5)}>** on this server`,
      'Took part: **3**',
      'No-shows: **1**',
      'Attendance rate: **75%**',
      'Last raids:',
      `- **Nanos \\*Lair\\*** · ID \`4\` · <t:${unix}:d> · no-show`,
      `- **Berserk Arena** · ID \`3\` · <t:${unix}:d> · present`,
    ]);
  });

  it('says so when a member has no recorded raid', () => {
    expect(renderMemberStats('de', { userId: '42', counts: { present: 0, absent: 0 }, last: [] })).toBe('<@42> hat auf diesem Server noch keine erfassten Raids.');
  });

  it('ranks the top attendees and says so when there are none', () => {
    const text = renderServerStats('de', { guildName: 'Raid_ers', raids: 5, top: [{ userId: '1', present: 4, absent: 1 }, { userId: '2', present: 2, absent: 0 }] });
    expect(text.split('\n')).toEqual([
      '**Fleißigste Teilnehmer auf Raid\\_ers** (5 Raids mit Anwesenheit)',
      '1. <@1> · teilgenommen **4** · nicht erschienen 1 · 80\u00a0%',
      '2. <@2> · teilgenommen **2** · nicht erschienen 0 · 100\u00a0%',
    ]);
    expect(renderServerStats('en-US', { guildName: 'x', raids: 0, top: [] })).toBe('No raid on this server has recorded attendance yet.');
  });

  it('stays within 2000 characters with the longest names', () => {
    const long = 'A*'.repeat(200);
    const member = renderMemberStats('de', { userId: snowflake(1), counts: { present: 99999, absent: 99999 }, last: Array.from({ length: 50 }, (_, i) => ({ displayId: 2_147_483_647 - i, dungeon: long, status: 'absent' as const, at })) });
    const server = renderServerStats('de', { guildName: long, raids: 2_147_483_647, top: Array.from({ length: 50 }, (_, i) => ({ userId: snowflake(i), present: 99999, absent: 99999 })) });
    for (const text of [member, server]) expect(text.length).toBeLessThanOrEqual(2000);
    expect(member).toMatch(/… \+\d+ more$|… \+\d+ weitere$/);
  });
});
