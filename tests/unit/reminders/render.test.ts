import { t } from '../../../src/lib/i18n';
import { renderReminder } from '../../../src/lib/reminders/render';
import { expectMessageWithinLimits } from '../render/limits';
import { makeRaid, snowflake } from '../render/fixtures';

const SLOT_AT = new Date('2026-12-24T19:00:00Z');
const UNIX = SLOT_AT.getTime() / 1000;
const raid = makeRaid({ dungeon: 'Nanos *Lair*' });
const members = [snowflake(10), snowflake(11)];
const plannerUrl = `https://discord.com/channels/${raid.guildId}/${raid.channelId}/${raid.messageId}`;

describe('renderReminder', () => {
  it('pings exactly the slot members, with the slot as Discord timestamps and a link to the planner', () => {
    const payload = renderReminder({ raid, kind: 'reminder', slotAt: SLOT_AT, userIds: members, locale: 'en-US', nonce: 'n1' });
    expect(payload.content).toBe(
      [
        t('en-US', 'reminders.reminder', { dungeon: 'Nanos \\*Lair\\*', displayId: raid.displayId, when: `<t:${UNIX}:F>`, relative: `<t:${UNIX}:R>` }),
        members.map((id) => `<@${id}>`).join(' '),
        t('en-US', 'reminders.planner', { link: plannerUrl }),
      ].join('\n'),
    );
    expect(payload.allowed_mentions).toEqual({ parse: [], users: members, roles: [] });
    expect(payload).toMatchObject({ nonce: 'n1', enforce_nonce: true });
    expectMessageWithinLimits(payload);
  });

  it('"starting now" pings nobody, in the guild language', () => {
    const payload = renderReminder({ raid, kind: 'start', slotAt: SLOT_AT, userIds: members, locale: 'de', nonce: 'n2' });
    expect(payload.content).toBe(
      [t('de', 'reminders.start', { dungeon: 'Nanos \\*Lair\\*', displayId: raid.displayId, when: `<t:${UNIX}:F>` }), t('de', 'reminders.planner', { link: plannerUrl })].join('\n'),
    );
    expect(payload.content).toContain('beginnt jetzt');
    expect(payload.allowed_mentions).toEqual({ parse: [], users: [], roles: [] });
  });

  it('stays within Discord limits for a slot of a thousand members: 100 pings at most, the rest counted', () => {
    const many = Array.from({ length: 1000 }, (_, index) => snowflake(100 + index));
    const payload = renderReminder({ raid, kind: 'reminder', slotAt: SLOT_AT, userIds: many, locale: 'en-US', nonce: 'n3' });
    expectMessageWithinLimits(payload);
    const pinged = payload.allowed_mentions!.users!;
    expect(pinged.length).toBeGreaterThan(50);
    expect(pinged.length).toBeLessThanOrEqual(100);
    expect(pinged).toEqual(many.slice(0, pinged.length));
    expect(payload.content).toContain(t('en-US', 'common.more', { count: 1000 - pinged.length }));
  });

  it('leaves the planner link out while the raid has no planner message', () => {
    const payload = renderReminder({ raid: makeRaid({ messageId: null }), kind: 'start', slotAt: SLOT_AT, userIds: [], locale: 'en-US', nonce: 'n4' });
    expect(payload.content).not.toContain('https://');
  });
});
