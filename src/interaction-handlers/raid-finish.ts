import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import type { ButtonInteraction } from 'discord.js';
import { parseCustomId, type RaidFinishButtonId } from '../lib/discord/custom-ids';
import { isGuildAdminOrPrivileged } from '../lib/discord/permissions';
import { answer, deferEphemeral } from '../lib/discord/safe-interaction';
import { t } from '../lib/i18n';
import { recordRaidsClosed } from '../lib/metrics';
import { raidServices } from '../lib/raids/services';
import { finishOutcomeText } from '../lib/raids/services/finish-text';

/** The planner's "Finish raid" button: creator, administrators or the privileged user (SPEC decision 6). */
export class RaidFinishHandler extends InteractionHandler {
  public constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
    super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.Button });
  }

  public override parse(interaction: ButtonInteraction) {
    const parsed = parseCustomId(interaction.customId);
    return parsed?.kind === 'raidFinish' ? this.some(parsed) : this.none();
  }

  public override async run(interaction: ButtonInteraction, { raidId }: RaidFinishButtonId): Promise<void> {
    if (!interaction.inGuild()) {
      await answer(interaction, { content: t(interaction.locale, 'common.serverOnly') });
      return;
    }
    await deferEphemeral(interaction);
    const outcome = await raidServices().closing.finish(raidId, {
      userId: interaction.user.id,
      guildId: interaction.guildId,
      mayFinishAnyRaid: isGuildAdminOrPrivileged(interaction, this.container.config),
    });
    if (outcome.kind === 'finished') recordRaidsClosed('finished');
    await answer(interaction, { content: finishOutcomeText(interaction.locale, outcome, null) });
  }
}
