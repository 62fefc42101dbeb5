import { ApplyOptions } from '@sapphire/decorators';
import { Command } from '@sapphire/framework';
import { describeCommand } from '../lib/discord/command-registration';
import { answer, deferEphemeral } from '../lib/discord/safe-interaction';
import { t } from '../lib/i18n';
import { commandOptions, type ServerCommandInteraction } from '../lib/discord/command-access';

/** Admins: cancels every open raid of the guild (no attendance), like finish otherwise. */
@ApplyOptions<Command.Options>(commandOptions('cancel_all_raids', 'admin'))
export class CancelAllRaidsCommand extends Command {
  public override registerApplicationCommands(registry: Command.Registry): void {
    registry.registerChatInputCommand((builder) => describeCommand(builder, this));
  }

  public override async chatInputRun(interaction: ServerCommandInteraction): Promise<void> {
    await deferEphemeral(interaction);
    const cancelled = await this.container.raids.closing.cancelAll(interaction.guildId, 'cancelled');
    await answer(interaction, { content: t(interaction.locale, 'cancelAll.done', { count: cancelled }) });
  }
}
