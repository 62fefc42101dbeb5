/**
 * The ephemeral /settings view: an embed with the current settings (the time part with
 * the server's local time, see time-settings.ts), one channel select per configurable
 * channel and a save button.
 *
 * Pending choices (draft.ts) live in the custom ids: a channel select handler answers
 * with an `update` that re-renders this view with `draft` = the previous draft plus
 * the new choice (`applySettingsSelection`), which puts the choice into every
 * component's custom id and into the selects' `default_values`; the save button's
 * custom id then carries all three channels.
 *
 * The payload has no flags: send it with the ephemeral flag when replying; an
 * `update` keeps the message ephemeral.
 */
import {
  ButtonStyle,
  ChannelType,
  ComponentType,
  SelectMenuDefaultValueType,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbedField,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord.js';
import { settingsChannelSelectId, settingsSaveButtonId } from '../discord/custom-ids';
import { DISCORD_LIMITS } from '../discord/limits';
import { EMBED_COLOUR, markdownSafe, truncate } from '../discord/text';
import { t, type TranslationKey } from '../i18n';
import { SETTINGS_CHANNEL_TARGETS, savedSettingsDraft, type SettingsChannelTarget, type SettingsDraft } from './draft';
import { attendanceSettingsField } from '../attendance/settings';
import { timeSettingsField, type SettingsTimeView } from './time-settings';
import { scheduledEventsField } from '../scheduled-events/settings';
import type { GuildSettings } from './types';

export interface SettingsRenderOptions {
  readonly locale: string;
  readonly guildName: string;
  /** Channel choices not saved yet; defaults to the saved channels. */
  readonly draft?: SettingsDraft;
  /** The server's time preferences and the present (its local time is shown). */
  readonly time: SettingsTimeView;
}

const TARGET_TEXTS = {
  planner: { name: 'settings.plannerChannel', placeholder: 'settings.plannerPlaceholder' },
  participants: { name: 'settings.participantsChannel', placeholder: 'settings.participantsPlaceholder' },
  raidList: { name: 'settings.raidListChannel', placeholder: 'settings.raidListPlaceholder' },
} as const satisfies Record<SettingsChannelTarget, { readonly name: TranslationKey; readonly placeholder: TranslationKey }>;

export function renderSettingsView(settings: GuildSettings, options: SettingsRenderOptions): RESTPostAPIChannelMessageJSONBody {
  const { locale, guildName } = options;
  const saved = savedSettingsDraft(settings);
  const draft = options.draft ?? saved;
  const changed = SETTINGS_CHANNEL_TARGETS.some((target) => draft[target] !== saved[target]);

  const channelField = (target: SettingsChannelTarget): APIEmbedField => {
    const channelId = draft[target];
    const shown = channelId === null ? t(locale, 'common.notSet') : `<#${channelId}>`;
    return {
      name: t(locale, TARGET_TEXTS[target].name),
      value: channelId === saved[target] ? shown : t(locale, 'settings.unsaved', { value: shown }),
    };
  };

  const fields: APIEmbedField[] = [
    ...SETTINGS_CHANNEL_TARGETS.map(channelField),
    { name: t(locale, 'settings.defaultMinPlayers'), value: String(settings.defaultMinPlayers), inline: true },
    { name: t(locale, 'settings.templatesEnabled'), value: t(locale, settings.templatesEnabled ? 'common.yes' : 'common.no'), inline: true },
    timeSettingsField(options.time, locale),
    scheduledEventsField(options.time.preferences, locale),
    attendanceSettingsField(options.time.preferences, locale),
  ];

  const selectRows = SETTINGS_CHANNEL_TARGETS.map(
    (target): APIActionRowComponent<APIComponentInMessageActionRow> => ({
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.ChannelSelect,
          custom_id: settingsChannelSelectId(settings.guildId, target, draft),
          placeholder: truncate(t(locale, TARGET_TEXTS[target].placeholder), DISCORD_LIMITS.selectPlaceholder),
          channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
          min_values: 0,
          max_values: 1,
          default_values: draft[target] === null ? [] : [{ id: draft[target] as string, type: SelectMenuDefaultValueType.Channel }],
        },
      ],
    }),
  );
  const saveRow: APIActionRowComponent<APIComponentInMessageActionRow> = {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Success,
        custom_id: settingsSaveButtonId(settings.guildId, draft),
        label: t(locale, 'settings.save'),
      },
    ],
  };

  return {
    embeds: [
      {
        color: EMBED_COLOUR.info,
        title: truncate(t(locale, 'settings.title', { guild: markdownSafe(guildName) }), DISCORD_LIMITS.embedTitle),
        ...(changed ? { description: t(locale, 'settings.pendingNotice') } : {}),
        fields,
        footer: { text: t(locale, 'settings.footer') },
      },
    ],
    components: [...selectRows, saveRow],
    allowed_mentions: { parse: [] },
  };
}
