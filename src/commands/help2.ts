import { ApplyOptions } from '@sapphire/decorators';
import { Command } from '@sapphire/framework';
import { describeCommand } from '../lib/discord/command-registration';
import { ChannelType } from 'discord.js';
import { isForbidden } from '../lib/discord/errors';
import { answer, deferEphemeral } from '../lib/discord/safe-interaction';
import { resolveLocale, t } from '../lib/i18n';

/** Everyone: posts the step-by-step guide publicly in the channel, in the server's language. */
@ApplyOptions<Command.Options>({ name: 'help2' })
export class Help2Command extends Command {
  public override registerApplicationCommands(registry: Command.Registry): void {
    registry.registerChatInputCommand((builder) => describeCommand(builder, 'help2', 'guild'));
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
    const { locale, channel } = interaction;
    if (!interaction.inCachedGuild() || channel === null || (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement)) {
      await answer(interaction, { content: t(locale, 'help2.notTextChannel') });
      return;
    }
    await deferEphemeral(interaction);
    try {
      await channel.send({ content: t(resolveLocale(interaction.guild.preferredLocale), 'help2.guide'), allowedMentions: { parse: [] } });
    } catch (error) {
      if (!isForbidden(error)) throw error;
      await answer(interaction, { content: t(locale, 'help2.postFailed') });
      return;
    }
    await answer(interaction, { content: t(locale, 'help2.posted') });
  }
}
