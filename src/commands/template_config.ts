import { ApplyOptions } from '@sapphire/decorators';
import { Command } from '@sapphire/framework';
import { describeCommand, describeOption } from '../lib/discord/command-registration';
import { answer } from '../lib/discord/safe-interaction';
import { t } from '../lib/i18n';
import { commandOptions, type ServerCommandInteraction } from '../lib/discord/command-access';

/** Admins: switches the per-dungeon auto template (prefill of /raidplan) on or off. */
@ApplyOptions<Command.Options>(commandOptions('template_config', 'admin'))
export class TemplateConfigCommand extends Command {
  public override registerApplicationCommands(registry: Command.Registry): void {
    registry.registerChatInputCommand((builder) =>
      describeCommand(builder, this)
        .addBooleanOption((option) => describeOption(option, 'template_config', 'enabled').setRequired(true)),
    );
  }

  public override async chatInputRun(interaction: ServerCommandInteraction): Promise<void> {
    const enabled = interaction.options.getBoolean('enabled', true);
    const settings = await this.container.repos.settings.setTemplatesEnabled(interaction.guildId, enabled, interaction.guild?.name);
    await answer(interaction, { content: t(interaction.locale, settings.templatesEnabled ? 'templateConfig.enabled' : 'templateConfig.disabled') });
  }
}
