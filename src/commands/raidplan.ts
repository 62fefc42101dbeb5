import { ApplyOptions } from '@sapphire/decorators';
import { Command } from '@sapphire/framework';
import { describeCommand, describeOption } from '../lib/discord/command-registration';
import { ChannelType } from 'discord.js';
import { channelProblemForBot } from '../lib/discord/permissions';
import { exceededOpenRaidLimit, openRaidLimitText } from '../lib/flood/open-raids';
import { renderRaidModal } from '../lib/raids/render/modal';
import { channelProblemText } from '../lib/discord/permission-texts';
import { shortMarkdownSafe } from '../lib/discord/text';
import type { RaidTemplateDefaults } from '../lib/raids/types';
import { assertCachedGuild, commandOptions } from '../lib/discord/command-access';
import { composedRefusal, refusal } from '../lib/discord/error-replies';

/**
 * Opens the raid create modal for a dungeon, prefilled from the guild's auto template
 * (or its default min players). The modal must be the first response, so the checks
 * here are cache lookups and two quick queries; the submit is handled in
 * interaction-handlers/raid-create-modal.ts, autocomplete in dungeon-autocomplete.ts.
 */
@ApplyOptions<Command.Options>(commandOptions('raidplan', 'guild'))
export class RaidplanCommand extends Command {
  public override registerApplicationCommands(registry: Command.Registry): void {
    registry.registerChatInputCommand((builder) =>
      describeCommand(builder, this)
        .addStringOption((option) => describeOption(option, 'raidplan', 'dungeon').setRequired(true).setAutocomplete(true)),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
    const locale = interaction.locale;
    assertCachedGuild(interaction);
    const channelType = interaction.channel?.type;
    if (channelType !== ChannelType.GuildText && channelType !== ChannelType.GuildAnnouncement) throw refusal(locale, 'raidplan.notTextChannel');
    const { repos } = this.container;
    // Only reads before the modal: a write could wait on a row lock past Discord's 3 seconds. No row yet means not configured.
    const settings = await repos.settings.get(interaction.guildId);
    if (settings === null || settings.plannerChannelId === null || settings.participantsChannelId === null) throw refusal(locale, 'raidplan.channelsNotConfigured');
    for (const channelId of [settings.plannerChannelId, settings.participantsChannelId]) {
      const problem = channelProblemForBot(interaction.guild, channelId);
      if (problem !== null) throw composedRefusal('ChannelProblem', channelProblemText(problem, locale));
    }
    const limitHit = exceededOpenRaidLimit(await repos.raids.openRaidCounts(interaction.guildId, interaction.user.id), this.container.config.limits);
    if (limitHit !== null) throw composedRefusal('OpenRaidLimit', openRaidLimitText(locale, limitHit));
    const typed = interaction.options.getString('dungeon', true);
    const dungeon = await repos.dungeons.findActiveByName(typed);
    if (dungeon === null) throw refusal(locale, 'raidplan.unknownDungeon', { dungeon: shortMarkdownSafe(typed.trim() || '-', 100) });
    const template = settings.templatesEnabled ? await repos.templates.defaultsFor(interaction.guildId, dungeon.id) : null;
    const defaults: RaidTemplateDefaults = template ?? { days: [], times: [], minPlayers: settings.defaultMinPlayers };
    await interaction.showModal(renderRaidModal({ id: dungeon.id, name: dungeon.name }, defaults, { locale }));
  }
}
