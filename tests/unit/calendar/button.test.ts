/** The "Add to calendar" button under a participant list: only where the slot has an instant. */
import { parseCustomId } from '../../../src/lib/discord/custom-ids';
import { slotOptionIds } from '../../../src/lib/calendar';
import { renderSlotMessage } from '../../../src/lib/raids/render';
import { makeRaid, makeState, snowflake } from '../render/fixtures';
import { expectMessageWithinLimits } from '../render/limits';

type Json = Record<string, any>;

describe('participant list button', () => {
  const state = makeState(['Sat 2026-12-26', 'Samstag'], ['20:00', 'abends']);
  const [dated, oldDay] = state.days;
  const [at20] = state.times;

  it('offers a dated slot for the calendar, naming raid and slot options, in the server’s language', () => {
    const slot = { day: dated!.label, time: at20!.label, userIds: [snowflake(1)] };
    const message = renderSlotMessage(makeRaid(), slot, { roleId: null, locale: 'de', zone: 'Europe/Berlin', calendar: slotOptionIds(state, slot) });
    const button = (message.components as Json[])[0]!.components[0];
    expect(button).toMatchObject({ type: 2, style: 2, label: 'Zum Kalender hinzufügen' });
    expect(parseCustomId(button.custom_id)).toEqual({ kind: 'calendarSlot', raidId: makeRaid().id, dayOptionId: dated!.id, timeOptionId: at20!.id });
    expectMessageWithinLimits(message);
  });

  it('has no button for the old bot’s labels, without a zone, or without options', () => {
    const old = { day: oldDay!.label, time: at20!.label, userIds: [snowflake(1)] };
    expect(renderSlotMessage(makeRaid(), old, { roleId: null, locale: 'en-US', zone: 'Europe/Berlin', calendar: slotOptionIds(state, old) }).components).toEqual([]);
    const slot = { day: dated!.label, time: at20!.label, userIds: [snowflake(1)] };
    expect(renderSlotMessage(makeRaid(), slot, { roleId: null, locale: 'en-US', calendar: slotOptionIds(state, slot) }).components).toEqual([]);
    expect(renderSlotMessage(makeRaid(), slot, { roleId: null, locale: 'en-US', zone: 'Europe/Berlin' }).components).toEqual([]);
  });

  it('finds no options for labels the raid does not offer', () => {
    expect(slotOptionIds(state, { day: 'Sun 2026-12-27', time: '20:00' })).toBeNull();
  });
});
