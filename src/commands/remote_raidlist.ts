import { Command } from '@sapphire/framework';
import { InteractionContextType, PermissionFlagsBits, escapeMarkdown, type AutocompleteInteraction } from 'discord.js';
import { answer, deferEphemeral } from '../lib/discord/safe-interaction';
import { commandLocalizations, t } from '../lib/i18n';
import { raidServices } from '../lib/raids/services';
import { GUILD_NAME_OPTION, answerGuildNameAutocomplete, remoteTargetOf } from '../lib/remote/interaction';
import { guildDisplayName } from '../lib/remote/target';

/** Privileged: refreshes (and if deleted, re-posts) another server's raid list message. */
export class RemoteRaidListCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, { ...options, name: 'remote_raidlist', preconditions: ['PrivilegedOnly'] });
  }

  public override registerApplicationCommands(registry: Command.Registry): void {
    const command = commandLocalizations('commands.remote_raidlist.description');
    const guildName = commandLocalizations('commands.remote_raidlist.options.guild_name');
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(command.description)
        .setDescriptionLocalizations(command.descriptionLocalizations)
        .setDefaultMemberPermissions(PermissionFlagsBits.Administrator)
        // In a DM with the bot the operator needs no server role (default permissions apply to servers only).
        .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
        .addStringOption((option) =>
          option
            .setName(GUILD_NAME_OPTION)
            .setDescription(guildName.description)
            .setDescriptionLocalizations(guildName.descriptionLocalizations)
            .setRequired(true)
            .setAutocomplete(true),
        ),
    );
  }

  public override async autocompleteRun(interaction: AutocompleteInteraction): Promise<void> {
    await answerGuildNameAutocomplete(interaction, this.container.config);
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
    const { locale } = interaction;
    const target = remoteTargetOf(interaction);
    if (target.refusal !== undefined) {
      await answer(interaction, { content: target.refusal });
      return;
    }
    await deferEphemeral(interaction);
    const guildName = escapeMarkdown(guildDisplayName(target.guild));
    const settings = await this.container.repos.settings.get(target.guild.id);
    if (settings?.raidListChannelId == null) {
      await answer(interaction, { content: t(locale, 'remote.raidListNotConfigured', { guild: guildName }) });
      return;
    }
    try {
      await raidServices().raidList.refresh(target.guild.id);
      await answer(interaction, { content: t(locale, 'raidList.remoteRefreshed', { guild: guildName }) });
    } catch (error) {
      this.container.logger.error(`/remote_raidlist for guild ${target.guild.id} failed`, error);
      await answer(interaction, { content: t(locale, 'remote.raidListFailed', { guild: guildName }) });
    }
  }
}
