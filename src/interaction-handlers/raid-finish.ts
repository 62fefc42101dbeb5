import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import type { ButtonInteraction } from 'discord.js';
import { parseCustomId, type RaidFinishButtonId } from '../lib/discord/custom-ids';
import { isGuildAdminOrPrivileged } from '../lib/discord/permissions';
import { answer, deferEphemeral } from '../lib/discord/safe-interaction';
import { finishOutcomeText } from '../lib/raids/services/finish-text';
import { refusal } from '../lib/discord/error-replies';

/** The planner's "Finish raid" button: the creator, a server administrator or the operator may finish a raid. */
export class RaidFinishHandler extends InteractionHandler {
  public constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
    super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.Button });
  }

  public override parse(interaction: ButtonInteraction) {
    const parsed = parseCustomId(interaction.customId);
    return parsed?.kind === 'raidFinish' ? this.some(parsed) : this.none();
  }

  public override async run(interaction: ButtonInteraction, { raidId }: RaidFinishButtonId): Promise<void> {
    if (!interaction.inGuild()) throw refusal(interaction.locale, 'common.serverOnly'); // answered privately by the error listener
    await deferEphemeral(interaction);
    const outcome = await this.container.raids.closing.finish(raidId, {
      userId: interaction.user.id,
      guildId: interaction.guildId,
      mayFinishAnyRaid: isGuildAdminOrPrivileged(interaction, this.container.config),
    });
    await answer(interaction, { content: finishOutcomeText(interaction.locale, outcome, null) });
  }
}
