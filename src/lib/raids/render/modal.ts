/**
 * The /raidplan modal: days, times and min players, prefilled from the template.
 * Uses label components (Discord's current modal layout; action rows in modals are
 * deprecated). The dungeon travels in the modal's custom id; everything else is read
 * from the database on submit.
 */
import {
  ComponentType,
  TextInputStyle,
  type APILabelComponent,
  type APIModalInteractionResponseCallbackData,
} from 'discord.js';
import { RAID_MODAL_FIELD, raidCreateModalId } from '../../discord/custom-ids';
import { t } from '../../i18n';
import { MAX_MIN_PLAYERS } from '../parse';
import type { RaidTemplateDefaults } from '../types';
import { DISCORD_LIMITS } from '../../discord/limits';
import { truncate } from '../../discord/text';
import { templateDayInput } from '../../time';

export interface RaidModalDungeon {
  readonly id: number;
  readonly name: string;
}

/** Room for 25 short labels in the text field, the most a vote select holds (the old bot's size). */
export const MAX_LIST_INPUT_LENGTH = 400;
const MAX_MIN_PLAYERS_LENGTH = String(MAX_MIN_PLAYERS).length;

/**
 * Template labels joined with ", " and cut to the field's size at a label boundary,
 * so the prefill never holds half a label. Empty → no prefill.
 */
export function prefillList(labels: readonly string[], max = MAX_LIST_INPUT_LENGTH): string | undefined {
  let text = '';
  for (const label of labels) {
    const next = text === '' ? label : `${text}, ${label}`;
    if (next.length > max) break;
    text = next;
  }
  return text === '' ? undefined : text;
}

function textInput(
  customId: string,
  label: string,
  options: { readonly maxLength: number; readonly value?: string; readonly placeholder?: string },
): APILabelComponent {
  return {
    type: ComponentType.Label,
    label: truncate(label, DISCORD_LIMITS.textInputLabel),
    component: {
      type: ComponentType.TextInput,
      custom_id: customId,
      style: TextInputStyle.Short,
      required: true,
      min_length: 1,
      max_length: options.maxLength,
      ...(options.value === undefined ? {} : { value: options.value }),
      ...(options.placeholder === undefined ? {} : { placeholder: truncate(options.placeholder, DISCORD_LIMITS.textInputPlaceholder) }),
    },
  };
}

export function renderRaidModal(
  dungeon: RaidModalDungeon,
  defaults: RaidTemplateDefaults,
  { locale }: { readonly locale: string },
): APIModalInteractionResponseCallbackData {
  return {
    custom_id: raidCreateModalId(dungeon.id),
    // Modal titles are plain text: no markdown escaping.
    title: truncate(t(locale, 'raidplan.modal.title', { dungeon: dungeon.name }), DISCORD_LIMITS.modalTitle),
    components: [
      textInput(RAID_MODAL_FIELD.days, t(locale, 'raidplan.modal.days'), {
        maxLength: MAX_LIST_INPUT_LENGTH,
        // A template's dated day (`Sat 2026-12-26`) prefills its weekday, so next week's form plans next week.
        value: prefillList(defaults.days.map(templateDayInput)),
        placeholder: t(locale, 'raidplan.modal.daysPlaceholder'),
      }),
      textInput(RAID_MODAL_FIELD.times, t(locale, 'raidplan.modal.times'), {
        maxLength: MAX_LIST_INPUT_LENGTH,
        value: prefillList(defaults.times),
        placeholder: t(locale, 'raidplan.modal.timesPlaceholder'),
      }),
      textInput(RAID_MODAL_FIELD.minPlayers, t(locale, 'raidplan.modal.minPlayers'), {
        maxLength: MAX_MIN_PLAYERS_LENGTH,
        value: String(Math.min(MAX_MIN_PLAYERS, Math.max(0, Math.trunc(defaults.minPlayers)))),
      }),
    ],
  };
}
