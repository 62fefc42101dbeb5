import { ComponentType, TextInputStyle } from 'discord-api-types/v10';
import { RAID_MODAL_FIELD, parseCustomId } from '../../../src/lib/discord/custom-ids';
import { parseLabelList } from '../../../src/lib/raids/parse';
import { MAX_LIST_INPUT_LENGTH, prefillList, renderRaidModal } from '../../../src/lib/raids/render';
import { expectModalWithinLimits } from './limits';

type Json = Record<string, any>;

function inputs(modal: Json): Record<string, Json> {
  return Object.fromEntries(modal.components.map((label: Json) => [label.component.custom_id, { ...label.component, label: label.label }]));
}

describe('renderRaidModal', () => {
  const dungeon = { id: 17, name: 'Nanos Lair' };

  it('carries the dungeon id and three required short inputs prefilled from the template', () => {
    const modal = renderRaidModal(dungeon, { days: ['Sat', 'Sun'], times: ['20:00'], minPlayers: 5 }, { locale: 'en-US' }) as Json;
    expectModalWithinLimits(modal as never);
    expect(parseCustomId(modal.custom_id)).toEqual({ kind: 'raidCreateModal', dungeonId: 17 });
    expect(modal.title).toBe('Create raid: Nanos Lair');
    const fields = inputs(modal);
    expect(Object.keys(fields).sort()).toEqual(Object.values(RAID_MODAL_FIELD).sort());
    for (const field of Object.values(fields)) {
      expect(field.type).toBe(ComponentType.TextInput);
      expect(field.style).toBe(TextInputStyle.Short);
      expect(field.required).toBe(true);
    }
    expect(fields.days!.value).toBe('Sat, Sun');
    expect(fields.days!.max_length).toBe(400);
    expect(fields.times!.value).toBe('20:00');
    expect(fields.minPlayers!.value).toBe('5');
    expect(fields.minPlayers!.max_length).toBe(3);
  });

  it('prefills the weekday of dated template days, so next week\'s form plans next week', () => {
    const modal = renderRaidModal(dungeon, { days: ['Sat 2026-12-26', 'Sun 2026-12-27', 'Samstag'], times: ['20:00'], minPlayers: 1 }, { locale: 'en-US' }) as Json;
    expect(inputs(modal).days!.value).toBe('Sat, Sun, Samstag');
  });

  it('leaves empty lists without a prefill and never prefills a negative min players', () => {
    const modal = renderRaidModal(dungeon, { days: [], times: [], minPlayers: -2 }, { locale: 'en-US' }) as Json;
    const fields = inputs(modal);
    expect(fields.days!.value).toBeUndefined();
    expect(fields.times!.value).toBeUndefined();
    expect(fields.minPlayers!.value).toBe('0');
  });

  it('cuts a long template to 400 characters at a label boundary, so the prefill parses back to whole labels', () => {
    const labels = Array.from({ length: 25 }, (_, index) => `${index}`.padEnd(100, 'x'));
    const modal = renderRaidModal(dungeon, { days: labels, times: labels, minPlayers: 999 }, { locale: 'en-US' }) as Json;
    expectModalWithinLimits(modal as never);
    const days = inputs(modal).days!.value as string;
    expect(days.length).toBeLessThanOrEqual(MAX_LIST_INPUT_LENGTH);
    expect(parseLabelList(days)).toEqual(labels.slice(0, 3));
  });

  it('keeps title and labels within 45 characters in both languages, even for a long dungeon name', () => {
    for (const locale of ['en-US', 'de']) {
      const modal = renderRaidModal({ id: 2_147_483_647, name: 'A very long dungeon name that goes on and on' }, { days: [], times: [], minPlayers: 0 }, { locale }) as Json;
      expectModalWithinLimits(modal as never);
      expect(modal.title.endsWith('…')).toBe(true);
    }
  });

  it('is German for German members', () => {
    const modal = renderRaidModal(dungeon, { days: [], times: [], minPlayers: 0 }, { locale: 'de' }) as Json;
    expect(modal.title).toBe('Raid erstellen: Nanos Lair');
    expect(modal.components[0].label).toMatch(/^Tage/);
  });
});

describe('prefillList', () => {
  it('joins with ", " and stops before the label that would not fit', () => {
    expect(prefillList(['aaa', 'bbb', 'ccc'], 8)).toBe('aaa, bbb');
    expect(prefillList(['aaa', 'bbb', 'ccc'], 7)).toBe('aaa');
    expect(prefillList(['toolong'], 3)).toBeUndefined();
  });
});
