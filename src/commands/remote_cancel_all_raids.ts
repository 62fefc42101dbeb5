import { Command } from '@sapphire/framework';
import { InteractionContextType, PermissionFlagsBits, escapeMarkdown, type AutocompleteInteraction } from 'discord.js';
import { answer, deferEphemeral } from '../lib/discord/safe-interaction';
import { commandLocalizations, t } from '../lib/i18n';
import { raidServices } from '../lib/raids/services';
import { GUILD_NAME_OPTION, answerGuildNameAutocomplete, remoteTargetOf } from '../lib/remote/interaction';
import { guildDisplayName } from '../lib/remote/target';

/** Privileged: cancels every open raid of another server, as /cancel_all_raids does there. */
export class RemoteCancelAllRaidsCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, { ...options, name: 'remote_cancel_all_raids', preconditions: ['PrivilegedOnly'] });
  }

  public override registerApplicationCommands(registry: Command.Registry): void {
    const command = commandLocalizations('commands.remote_cancel_all_raids.description');
    const guildName = commandLocalizations('commands.remote_cancel_all_raids.options.guild_name');
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
    this.container.logger.info(`/remote_cancel_all_raids by ${interaction.user.id}: guild ${target.guild.id}`);
    try {
      const count = await raidServices().closing.cancelAll(target.guild.id, 'remote-cancelled');
      await answer(interaction, { content: t(locale, 'cancelAll.remoteDone', { count, guild: guildName }) });
    } catch (error) {
      this.container.logger.error(`/remote_cancel_all_raids for guild ${target.guild.id} failed`, error);
      await answer(interaction, { content: t(locale, 'remote.cancelFailed', { guild: guildName }) });
    }
  }
}
