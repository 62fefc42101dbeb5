import { Command } from '@sapphire/framework';
import { InteractionContextType, PermissionFlagsBits } from 'discord.js';
import { answer } from '../lib/discord/safe-interaction';
import { commandLocalizations, t } from '../lib/i18n';

/** Admins: switches the per-dungeon auto template (prefill of /raidplan) on or off. */
export class TemplateConfigCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, { ...options, name: 'template_config', preconditions: ['GuildAdmin'] });
  }

  public override registerApplicationCommands(registry: Command.Registry): void {
    const command = commandLocalizations('commands.template_config.description');
    const enabled = commandLocalizations('commands.template_config.options.enabled');
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(command.description)
        .setDescriptionLocalizations(command.descriptionLocalizations)
        .setDefaultMemberPermissions(PermissionFlagsBits.Administrator)
        .setContexts(InteractionContextType.Guild)
        .addBooleanOption((option) =>
          option.setName('enabled').setDescription(enabled.description).setDescriptionLocalizations(enabled.descriptionLocalizations).setRequired(true),
        ),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
    if (!interaction.inGuild()) {
      await answer(interaction, { content: t(interaction.locale, 'common.serverOnly') });
      return;
    }
    const enabled = interaction.options.getBoolean('enabled', true);
    await this.container.repos.settings.ensureGuild(interaction.guildId, interaction.guild?.name);
    const settings = await this.container.repos.settings.setTemplatesEnabled(interaction.guildId, enabled);
    await answer(interaction, { content: t(interaction.locale, settings.templatesEnabled ? 'templateConfig.enabled' : 'templateConfig.disabled') });
  }
}
