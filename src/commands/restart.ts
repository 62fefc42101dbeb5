import { Command } from '@sapphire/framework';
import { InteractionContextType, PermissionFlagsBits } from 'discord.js';
import { answer } from '../lib/discord/safe-interaction';
import { commandLocalizations, t } from '../lib/i18n';
import { handleConsoleRestart, requestRestart } from '../lib/ops/restart';
import { setConsoleCommandHandler } from '../listeners/messageCreate';

/**
 * Privileged: answers, then shuts the bot down cleanly; the supervisor starts it again.
 * Also owns the log channel's console, where an administrator's `restart` does the same.
 */
export class RestartCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, { ...options, name: 'restart', preconditions: ['PrivilegedOnly'] });
  }

  public override onLoad(): unknown {
    setConsoleCommandHandler((message) => handleConsoleRestart(message, this.container.config));
    return super.onLoad();
  }

  public override onUnload(): unknown {
    setConsoleCommandHandler(null);
    return super.onUnload();
  }

  public override registerApplicationCommands(registry: Command.Registry): void {
    const command = commandLocalizations('commands.restart.description');
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
    // The answer must be out before the gateway and REST client close.
    await answer(interaction, { content: t(interaction.locale, 'restart.started') });
    requestRestart(`${interaction.user.tag} (${interaction.user.id}) via /restart`);
  }
}
