import { ApplyOptions } from '@sapphire/decorators';
import { Command } from '@sapphire/framework';
import { describeCommand } from '../lib/discord/command-registration';
import { ChannelUnavailableError } from '../lib/discord/errors';
import { channelUnavailableText } from '../lib/discord/permission-texts';
import { answer, deferEphemeral } from '../lib/discord/safe-interaction';
import { t } from '../lib/i18n';
import { commandOptions, type ServerCommandInteraction } from '../lib/discord/command-access';
import { composedRefusal, refusal } from '../lib/discord/error-replies';

/** Publishes this guild's raid list now (posting it again if it was deleted). */
@ApplyOptions<Command.Options>(commandOptions('raidlist', 'guild'))
export class RaidlistCommand extends Command {
  public override registerApplicationCommands(registry: Command.Registry): void {
    registry.registerChatInputCommand((builder) => describeCommand(builder, this));
  }

  public override async chatInputRun(interaction: ServerCommandInteraction): Promise<void> {
    const locale = interaction.locale;
    await deferEphemeral(interaction);
    await this.container.repos.settings.ensureGuild(interaction.guildId, interaction.guild?.name);
    try {
      await this.container.raids.raidList.refresh(interaction.guildId);
    } catch (error) {
      // Logged already where it failed (the raid list service), so only the member is told here.
      throw error instanceof ChannelUnavailableError ? composedRefusal('ChannelUnavailable', channelUnavailableText(locale, error)) : refusal(locale, 'raidList.refreshFailed');
    }
    await answer(interaction, { content: t(locale, 'raidList.refreshed') });
  }
}
