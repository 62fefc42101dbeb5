import { ApplyOptions } from '@sapphire/decorators';
import { Command } from '@sapphire/framework';
import { accessOf, commandOptions, listedInHelp } from '../lib/discord/command-access';
import { describeCommand } from '../lib/discord/command-registration';
import { renderHelp } from '../lib/discord/help';
import { isGuildAdminOrPrivileged } from '../lib/discord/permissions';
import { answer } from '../lib/discord/safe-interaction';

/** The commands this member may use: admin commands only for admins, the operator's commands never. */
@ApplyOptions<Command.Options>(commandOptions('help', 'anywhere'))
export class HelpCommand extends Command {
  public override registerApplicationCommands(registry: Command.Registry): void {
    registry.registerChatInputCommand((builder) => describeCommand(builder, this));
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
    const isAdmin = isGuildAdminOrPrivileged(interaction, this.container.config);
    const names = [...this.container.stores.get('commands').values()]
      .filter((command) => listedInHelp(accessOf(command), isAdmin))
      .map((command) => command.name);
    await answer(interaction, { content: renderHelp(names, interaction.locale).content });
  }
}
