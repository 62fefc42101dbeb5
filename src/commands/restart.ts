import { ApplyOptions } from '@sapphire/decorators';
import { Command } from '@sapphire/framework';
import { describeCommand } from '../lib/discord/command-registration';
import { answer } from '../lib/discord/safe-interaction';
import { t } from '../lib/i18n';
import { handleConsoleRestart, requestRestart } from '../lib/ops/restart';
import { setConsoleCommandHandler } from '../lib/ops/console-commands';
import { commandOptions } from '../lib/discord/command-access';

/**
 * Privileged: answers, then shuts the bot down cleanly; the supervisor starts it again.
 * Also owns the log channel's console, where an administrator's `restart` does the same.
 */
@ApplyOptions<Command.Options>(commandOptions('restart', 'privileged'))
export class RestartCommand extends Command {
  public override onLoad(): unknown {
    setConsoleCommandHandler((message) => handleConsoleRestart(message, this.container.config));
    return super.onLoad();
  }

  public override onUnload(): unknown {
    setConsoleCommandHandler(null);
    return super.onUnload();
  }

  public override registerApplicationCommands(registry: Command.Registry): void {
    registry.registerChatInputCommand((builder) => describeCommand(builder, this));
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
    // The answer must be out before the gateway and REST client close.
    await answer(interaction, { content: t(interaction.locale, 'restart.started') });
    requestRestart(`${interaction.user.tag} (${interaction.user.id}) via /restart`);
  }
}
