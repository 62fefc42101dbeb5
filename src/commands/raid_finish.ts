import { ApplyOptions } from '@sapphire/decorators';
import { Command } from '@sapphire/framework';
import { describeCommand, describeIntegerOption } from '../lib/discord/command-registration';
import { isGuildAdminOrPrivileged } from '../lib/discord/permissions';
import { answer, deferEphemeral } from '../lib/discord/safe-interaction';
import { t } from '../lib/i18n';
import { finishOutcomeText } from '../lib/raids/services/finish-text';
import { raidServices } from '../lib/raids/services';

/** Finishes a raid by its display id: creator, administrators or the privileged user (SPEC decision 6). */
@ApplyOptions<Command.Options>({ name: 'raid_finish' })
export class RaidFinishCommand extends Command {
  public override registerApplicationCommands(registry: Command.Registry): void {
    registry.registerChatInputCommand((builder) =>
      describeCommand(builder, 'raid_finish', 'guild')
        .addIntegerOption((option) => describeIntegerOption(option, 'raid_finish', 'raid_id').setRequired(true)),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
    const locale = interaction.locale;
    if (!interaction.inGuild()) {
      await answer(interaction, { content: t(locale, 'common.serverOnly') });
      return;
    }
    await deferEphemeral(interaction);
    // In range: the IntegerOptionsInRange precondition refused anything else.
    const displayId = interaction.options.getInteger('raid_id', true);
    const raid = await this.container.repos.raids.findOpenByDisplayId(interaction.guildId, displayId);
    if (raid === null) {
      await answer(interaction, { content: t(locale, 'finish.notFound', { displayId }) });
      return;
    }
    const outcome = await raidServices().closing.finish(raid.id, {
      userId: interaction.user.id,
      guildId: interaction.guildId,
      mayFinishAnyRaid: isGuildAdminOrPrivileged(interaction, this.container.config),
    });
    await answer(interaction, { content: finishOutcomeText(locale, outcome, displayId) });
  }
}
