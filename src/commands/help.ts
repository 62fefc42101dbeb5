import { ApplyOptions } from '@sapphire/decorators';
import { Command } from '@sapphire/framework';
import { describeCommand } from '../lib/discord/command-registration';
import { answer } from '../lib/discord/safe-interaction';
import { isGuildAdminOrPrivileged } from '../lib/discord/permissions';
import { renderHelp } from '../lib/discord/help';

function preconditionNames(command: Command): string[] {
  const entries = (command.options.preconditions ?? []) as readonly unknown[];
  return entries.flatMap((entry) => (typeof entry === 'string' ? [entry] : typeof entry === 'object' && entry !== null && 'name' in entry ? [String(entry.name)] : []));
}

/** The commands this member may use: admin commands only for admins, bot-owner commands never. */
@ApplyOptions<Command.Options>({ name: 'help' })
export class HelpCommand extends Command {
  public override registerApplicationCommands(registry: Command.Registry): void {
    registry.registerChatInputCommand((builder) => describeCommand(builder, 'help', 'anywhere'));
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
    const isAdmin = interaction.inGuild() && isGuildAdminOrPrivileged(interaction, this.container.config);
    const names = [...this.container.stores.get('commands').values()]
      .filter((command) => {
        const preconditions = preconditionNames(command);
        // Bot-owner commands (PrivilegedOnly) never show in /help, for nobody (as upstream).
        if (preconditions.includes('PrivilegedOnly')) return false;
        return isAdmin || !preconditions.includes('GuildAdmin');
      })
      .map((command) => command.name);
    await answer(interaction, { content: renderHelp(names, interaction.locale).content });
  }
}
