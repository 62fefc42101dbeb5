import { Command } from '@sapphire/framework';
import { describeCommand } from '../lib/discord/command-registration';
import { answer, deferEphemeral } from '../lib/discord/safe-interaction';
import { renderGuildList } from '../lib/remote/guild-list';
import { connectedGuilds } from '../lib/remote/interaction';

/** Privileged: the servers the bot is on, by name. */
export class RemoteGuildsCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, { ...options, name: 'remote_guilds', preconditions: ['PrivilegedOnly'] });
  }

  public override registerApplicationCommands(registry: Command.Registry): void {
    registry.registerChatInputCommand((builder) => describeCommand(builder, 'remote_guilds', 'privileged'));
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
    await deferEphemeral(interaction);
    await answer(interaction, { content: renderGuildList(interaction.locale, connectedGuilds(interaction.client)) });
  }
}
