import { ApplyOptions } from '@sapphire/decorators';
import { Command } from '@sapphire/framework';
import { describeCommand } from '../lib/discord/command-registration';
import { answer } from '../lib/discord/safe-interaction';
import { renderSettingsView } from '../lib/settings/render';
import { assertCachedGuild, commandOptions } from '../lib/discord/command-access';

/** Admins: the ephemeral settings view (channel selects + save), see interaction-handlers/settings.ts. */
@ApplyOptions<Command.Options>(commandOptions('settings', 'admin'))
export class SettingsCommand extends Command {
  public override registerApplicationCommands(registry: Command.Registry): void {
    registry.registerChatInputCommand((builder) => describeCommand(builder, this));
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
    assertCachedGuild(interaction);
    const settings = await this.container.repos.settings.ensureGuild(interaction.guildId, interaction.guild.name);
    const view = renderSettingsView(settings, { locale: interaction.locale, guildName: interaction.guild.name });
    await answer(interaction, { embeds: view.embeds, components: view.components });
  }
}
