import { ApplyOptions } from '@sapphire/decorators';
import { Command } from '@sapphire/framework';
import { describeCommand } from '../lib/discord/command-registration';
import { answer, deferEphemeral } from '../lib/discord/safe-interaction';
import { renderGuildList } from '../lib/remote/guild-list';
import { connectedGuilds } from '../lib/remote/interaction';
import { commandOptions } from '../lib/discord/command-access';

/** Privileged: the servers the bot is on, by name. */
@ApplyOptions<Command.Options>(commandOptions('remote_guilds', 'privileged'))
export class RemoteGuildsCommand extends Command {
  public override registerApplicationCommands(registry: Command.Registry): void {
    registry.registerChatInputCommand((builder) => describeCommand(builder, this));
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
    await deferEphemeral(interaction);
    await answer(interaction, { content: renderGuildList(interaction.locale, connectedGuilds(interaction.client)) });
  }
}
