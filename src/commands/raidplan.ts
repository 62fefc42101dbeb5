import { ApplyOptions } from '@sapphire/decorators';
import { Command } from '@sapphire/framework';
import { describeCommand, describeOption } from '../lib/discord/command-registration';
import { ChannelType } from 'discord.js';
import { channelProblemForBot } from '../lib/discord/permissions';
import { answer } from '../lib/discord/safe-interaction';
import { exceededOpenRaidLimit, openRaidLimitText } from '../lib/flood/open-raids';
import { t } from '../lib/i18n';
import { renderRaidModal } from '../lib/raids/render/modal';
import { channelProblemText } from '../lib/discord/permission-texts';
import { shortMarkdownSafe } from '../lib/discord/text';
import type { RaidTemplateDefaults } from '../lib/raids/types';

/**
 * Opens the raid create modal for a dungeon, prefilled from the guild's auto template
 * (or its default min players). The modal must be the first response, so the checks
 * here are cache lookups and two quick queries; the submit is handled in
 * interaction-handlers/raid-create-modal.ts, autocomplete in dungeon-autocomplete.ts.
 */
@ApplyOptions<Command.Options>({ name: 'raidplan' })
export class RaidplanCommand extends Command {
  public override registerApplicationCommands(registry: Command.Registry): void {
    registry.registerChatInputCommand((builder) =>
      describeCommand(builder, 'raidplan', 'guild')
        .addStringOption((option) => describeOption(option, 'raidplan', 'dungeon').setRequired(true).setAutocomplete(true)),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
    const locale = interaction.locale;
    if (!interaction.inCachedGuild()) {
      await answer(interaction, { content: t(locale, 'common.serverOnly') });
      return;
    }
    const channelType = interaction.channel?.type;
    if (channelType !== ChannelType.GuildText && channelType !== ChannelType.GuildAnnouncement) {
      await answer(interaction, { content: t(locale, 'raidplan.notTextChannel') });
      return;
    }
    const { repos } = this.container;
    // Only reads before the modal: a write could wait on a row lock past Discord's 3 seconds. No row yet means not configured.
    const settings = await repos.settings.get(interaction.guildId);
    if (settings === null || settings.plannerChannelId === null || settings.participantsChannelId === null) {
      await answer(interaction, { content: t(locale, 'raidplan.channelsNotConfigured') });
      return;
    }
    for (const channelId of [settings.plannerChannelId, settings.participantsChannelId]) {
      const problem = channelProblemForBot(interaction.guild, channelId);
      if (problem !== null) {
        await answer(interaction, { content: channelProblemText(problem, locale) });
        return;
      }
    }
    const limitHit = exceededOpenRaidLimit(await repos.raids.openRaidCounts(interaction.guildId, interaction.user.id), this.container.config.limits);
    if (limitHit !== null) {
      await answer(interaction, { content: openRaidLimitText(locale, limitHit) });
      return;
    }
    const typed = interaction.options.getString('dungeon', true);
    const dungeon = await repos.dungeons.findActiveByName(typed);
    if (dungeon === null) {
      await answer(interaction, { content: t(locale, 'raidplan.unknownDungeon', { dungeon: shortMarkdownSafe(typed.trim() || '-', 100) }) });
      return;
    }
    const template = settings.templatesEnabled ? await repos.templates.defaultsFor(interaction.guildId, dungeon.id) : null;
    const defaults: RaidTemplateDefaults = template ?? { days: [], times: [], minPlayers: settings.defaultMinPlayers };
    await interaction.showModal(renderRaidModal({ id: dungeon.id, name: dungeon.name }, defaults, { locale }));
  }
}
