import { Command } from '@sapphire/framework';
import { InteractionContextType, PermissionFlagsBits } from 'discord.js';
import { answer, deferEphemeral } from '../lib/discord/safe-interaction';
import { commandLocalizations } from '../lib/i18n';
import { renderGuildList } from '../lib/remote/guild-list';
import { connectedGuilds } from '../lib/remote/interaction';

/** Privileged: the servers the bot is on, by name. */
export class RemoteGuildsCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, { ...options, name: 'remote_guilds', preconditions: ['PrivilegedOnly'] });
  }

  public override registerApplicationCommands(registry: Command.Registry): void {
    const command = commandLocalizations('commands.remote_guilds.description');
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(command.description)
        .setDescriptionLocalizations(command.descriptionLocalizations)
        .setDefaultMemberPermissions(PermissionFlagsBits.Administrator)
        // In a DM with the bot the operator needs no server role (default permissions apply to servers only).
        .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
    await deferEphemeral(interaction);
    await answer(interaction, { content: renderGuildList(interaction.locale, connectedGuilds(interaction.client)) });
  }
}
