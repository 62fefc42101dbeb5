import { ApplyOptions } from '@sapphire/decorators';
import { Command } from '@sapphire/framework';
import { describeCommand } from '../lib/discord/command-registration';
import { ChannelType } from 'discord.js';
import { isForbidden } from '../lib/discord/errors';
import { answer, deferEphemeral } from '../lib/discord/safe-interaction';
import { resolveLocale, t } from '../lib/i18n';
import { commandOptions } from '../lib/discord/command-access';
import { refusal } from '../lib/discord/error-replies';

/** Everyone: posts the step-by-step guide publicly in the channel, in the server's language. */
@ApplyOptions<Command.Options>(commandOptions('help2', 'guild'))
export class Help2Command extends Command {
  public override registerApplicationCommands(registry: Command.Registry): void {
    registry.registerChatInputCommand((builder) => describeCommand(builder, this));
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
    const { locale, channel } = interaction;
    if (!interaction.inCachedGuild() || channel === null || (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement)) {
      throw refusal(locale, 'help2.notTextChannel');
    }
    await deferEphemeral(interaction);
    try {
      await channel.send({ content: t(resolveLocale(interaction.guild.preferredLocale), 'help2.guide'), allowedMentions: { parse: [] } });
    } catch (error) {
      if (!isForbidden(error)) throw error;
      throw refusal(locale, 'help2.postFailed');
    }
    await answer(interaction, { content: t(locale, 'help2.posted') });
  }
}
