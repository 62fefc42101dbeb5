import { ApplyOptions } from '@sapphire/decorators';
import { Command } from '@sapphire/framework';
import { describeCommand } from '../lib/discord/command-registration';
import { answer } from '../lib/discord/safe-interaction';
import { t } from '../lib/i18n';
import { renderSettingsView } from '../lib/settings/render';

/** Admins: the ephemeral settings view (channel selects + save), see interaction-handlers/settings.ts. */
@ApplyOptions<Command.Options>({ name: 'settings', preconditions: ['GuildAdmin'] })
export class SettingsCommand extends Command {
  public override registerApplicationCommands(registry: Command.Registry): void {
    registry.registerChatInputCommand((builder) => describeCommand(builder, 'settings', 'admin'));
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
    if (!interaction.inCachedGuild()) {
      await answer(interaction, { content: t(interaction.locale, 'common.serverOnly') });
      return;
    }
    const settings = await this.container.repos.settings.ensureGuild(interaction.guildId, interaction.guild.name);
    const view = renderSettingsView(settings, { locale: interaction.locale, guildName: interaction.guild.name });
    await answer(interaction, { embeds: view.embeds, components: view.components });
  }
}
