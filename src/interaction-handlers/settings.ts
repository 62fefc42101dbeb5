import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import type { ButtonInteraction, ChannelSelectMenuInteraction, Guild, MessageComponentInteraction } from 'discord.js';
import { parseCustomId, type SettingsChannelSelectId, type SettingsSaveButtonId } from '../lib/discord/custom-ids';
import { ChannelUnavailableError } from '../lib/discord/errors';
import { channelProblemForBot, isGuildAdminOrPrivileged } from '../lib/discord/permissions';
import { channelProblemText, channelUnavailableText } from '../lib/discord/permission-texts';
import { answer, deferComponentUpdate, updateMessageOfComponent } from '../lib/discord/safe-interaction';
import { t } from '../lib/i18n';
import { SETTINGS_CHANNEL_TARGETS, applySettingsSelection } from '../lib/settings/draft';
import { renderSettingsView } from '../lib/settings/render';
import { settingsTimeView } from '../lib/settings/time-settings';
import { repairGuildMessages } from '../lib/guilds/lifecycle';
import { refusal } from '../lib/discord/error-replies';

type SettingsComponentId = SettingsChannelSelectId | SettingsSaveButtonId;

/**
 * The /settings view: a channel select re-renders the view with the new pending choice
 * (carried in the custom ids); Save writes all three channels in one transaction and
 * publishes the raid list (in its new channel when it moved).
 */
export class SettingsHandler extends InteractionHandler {
  public constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
    super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.MessageComponent });
  }

  public override parse(interaction: ButtonInteraction | ChannelSelectMenuInteraction) {
    const parsed = parseCustomId(interaction.customId);
    if (parsed?.kind === 'settingsChannelSelect' && interaction.isChannelSelectMenu()) return this.some<SettingsComponentId>(parsed);
    if (parsed?.kind === 'settingsSave' && interaction.isButton()) return this.some<SettingsComponentId>(parsed);
    return this.none();
  }

  public override async run(interaction: ChannelSelectMenuInteraction | ButtonInteraction, parsed: SettingsComponentId): Promise<void> {
    const locale = interaction.locale;
    if (!interaction.inCachedGuild()) throw refusal(locale, 'common.serverOnly'); // answered privately by the error listener
    if (interaction.guildId !== parsed.guildId) {
      await answer(interaction, { content: t(locale, 'settings.wrongGuild') });
      return;
    }
    // Component handlers check rights in code: the view is ephemeral, but rights can change while it is open.
    if (!isGuildAdminOrPrivileged(interaction, this.container.config)) {
      await answer(interaction, { content: t(locale, 'common.adminOnly') });
      return;
    }
    if (parsed.kind === 'settingsChannelSelect' && interaction.isChannelSelectMenu()) {
      await this.choose(interaction, parsed);
    } else if (parsed.kind === 'settingsSave') {
      await this.save(interaction, interaction.guild, parsed);
    }
  }

  /** The view is re-rendered with the new draft; nothing is saved until Save. */
  private async choose(interaction: ChannelSelectMenuInteraction<'cached'>, parsed: SettingsChannelSelectId): Promise<void> {
    const draft = applySettingsSelection(parsed, interaction.values[0] ?? null);
    const { settings: repository } = this.container.repos;
    // A read answers in time even while the row is locked; the write is needed only when the row is gone (removed while the view was open), and then after acknowledging.
    let settings = await repository.get(interaction.guildId);
    if (settings === null) {
      await deferComponentUpdate(interaction);
      settings = await repository.ensureGuild(interaction.guildId, interaction.guild.name);
    }
    const time = await settingsTimeView(this.container.raids.time, interaction.guildId);
    const view = renderSettingsView(settings, { locale: interaction.locale, guildName: interaction.guild.name, draft, time });
    await updateMessageOfComponent(interaction, { embeds: view.embeds, components: view.components });
  }

  private async save(interaction: MessageComponentInteraction<'cached'>, guild: Guild, { draft }: SettingsSaveButtonId): Promise<void> {
    const locale = interaction.locale;
    const { settings, raidListChannelChanged } = await this.container.repos.settings.saveChannels(
      guild.id,
      { plannerChannelId: draft.planner, participantsChannelId: draft.participants, raidListChannelId: draft.raidList },
      guild.name,
    );
    this.container.logger.info(
      `guild ${guild.id}: settings saved by ${interaction.user.id} (planner ${draft.planner}, participants ${draft.participants}, raid list ${draft.raidList})`,
    );
    const view = renderSettingsView(settings, { locale, guildName: guild.name, time: await settingsTimeView(this.container.raids.time, guild.id) });
    await updateMessageOfComponent(interaction, { embeds: view.embeds, components: view.components });

    const notes: string[] = [];
    for (const target of SETTINGS_CHANNEL_TARGETS) {
      const channelId = draft[target];
      const problem = channelId === null ? null : channelProblemForBot(guild, channelId);
      if (problem !== null && !notes.includes(channelProblemText(problem, locale))) notes.push(channelProblemText(problem, locale));
    }
    if (settings.raidListChannelId !== null) {
      try {
        await this.container.raids.raidList.refresh(guild.id);
      } catch (error) {
        const text = error instanceof ChannelUnavailableError ? channelUnavailableText(locale, error) : t(locale, 'raidList.refreshFailed');
        if (!notes.includes(text)) notes.push(text);
      }
    }
    this.container.logger.debug(`guild ${guild.id}: raid list channel changed: ${raidListChannelChanged}`);
    void repairGuildMessages(guild.id); // planners and participant lists follow the new channels; the raid list was published above

    const shown = (channelId: string | null) => (channelId === null ? t(locale, 'common.notSet') : `<#${channelId}>`);
    const saved = t(locale, 'settings.saved', {
      planner: shown(settings.plannerChannelId),
      participants: shown(settings.participantsChannelId),
      raidList: shown(settings.raidListChannelId),
    });
    await answer(interaction, { content: [saved, ...notes].join('\n\n') });
  }
}
