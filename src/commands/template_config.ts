import { ApplyOptions } from '@sapphire/decorators';
import { Command } from '@sapphire/framework';
import { describeCommand, describeOption } from '../lib/discord/command-registration';
import { answer } from '../lib/discord/safe-interaction';
import { t } from '../lib/i18n';

/** Admins: switches the per-dungeon auto template (prefill of /raidplan) on or off. */
@ApplyOptions<Command.Options>({ name: 'template_config', preconditions: ['GuildAdmin'] })
export class TemplateConfigCommand extends Command {
  public override registerApplicationCommands(registry: Command.Registry): void {
    registry.registerChatInputCommand((builder) =>
      describeCommand(builder, 'template_config', 'admin')
        .addBooleanOption((option) => describeOption(option, 'template_config', 'enabled').setRequired(true)),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
    if (!interaction.inGuild()) {
      await answer(interaction, { content: t(interaction.locale, 'common.serverOnly') });
      return;
    }
    const enabled = interaction.options.getBoolean('enabled', true);
    const settings = await this.container.repos.settings.setTemplatesEnabled(interaction.guildId, enabled, interaction.guild?.name);
    await answer(interaction, { content: t(interaction.locale, settings.templatesEnabled ? 'templateConfig.enabled' : 'templateConfig.disabled') });
  }
}
