import { ApplyOptions } from '@sapphire/decorators';
import { Command } from '@sapphire/framework';
import { describeCommand } from '../lib/discord/command-registration';
import { answer, deferEphemeral } from '../lib/discord/safe-interaction';
import { t } from '../lib/i18n';
import { raidServices } from '../lib/raids/services';

/** Admins: cancels every open raid of the guild (no attendance), like finish otherwise. */
@ApplyOptions<Command.Options>({ name: 'cancel_all_raids', preconditions: ['GuildAdmin'] })
export class CancelAllRaidsCommand extends Command {
  public override registerApplicationCommands(registry: Command.Registry): void {
    registry.registerChatInputCommand((builder) => describeCommand(builder, 'cancel_all_raids', 'admin'));
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
    if (!interaction.inGuild()) {
      await answer(interaction, { content: t(interaction.locale, 'common.serverOnly') });
      return;
    }
    await deferEphemeral(interaction);
    const cancelled = await raidServices().closing.cancelAll(interaction.guildId, 'cancelled');
    await answer(interaction, { content: t(interaction.locale, 'cancelAll.done', { count: cancelled }) });
  }
}
