import { ApplyOptions } from '@sapphire/decorators';
import { Command } from '@sapphire/framework';
import { describeCommand, describeIntegerOption } from '../lib/discord/command-registration';
import { isGuildAdminOrPrivileged } from '../lib/discord/permissions';
import { answer, deferEphemeral } from '../lib/discord/safe-interaction';
import { finishOutcomeText } from '../lib/raids/services/finish-text';
import { commandOptions, type ServerCommandInteraction } from '../lib/discord/command-access';
import { refusal } from '../lib/discord/error-replies';

/** Finishes a raid by its display id: creator, administrators or the privileged user, as the planner's button does. */
@ApplyOptions<Command.Options>(commandOptions('raid_finish', 'guild'))
export class RaidFinishCommand extends Command {
  public override registerApplicationCommands(registry: Command.Registry): void {
    registry.registerChatInputCommand((builder) =>
      describeCommand(builder, this)
        .addIntegerOption((option) => describeIntegerOption(option, 'raid_finish', 'raid_id').setRequired(true)),
    );
  }

  public override async chatInputRun(interaction: ServerCommandInteraction): Promise<void> {
    const locale = interaction.locale;
    await deferEphemeral(interaction);
    // In range: the IntegerOptionsInRange precondition refused anything else.
    const displayId = interaction.options.getInteger('raid_id', true);
    const raid = await this.container.repos.raids.findOpenByDisplayId(interaction.guildId, displayId);
    if (raid === null) throw refusal(locale, 'finish.notFound', { displayId });
    const outcome = await this.container.raids.closing.finish(raid.id, {
      userId: interaction.user.id,
      guildId: interaction.guildId,
      mayFinishAnyRaid: isGuildAdminOrPrivileged(interaction, this.container.config),
    });
    await answer(interaction, { content: finishOutcomeText(locale, outcome, displayId) });
  }
}
