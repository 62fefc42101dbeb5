import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import type { StringSelectMenuInteraction } from 'discord.js';
import { parseCustomId, type RaidVoteSelectId } from '../lib/discord/custom-ids';
import { answer, deferComponentUpdate, updateMessageOfComponent } from '../lib/discord/safe-interaction';
import type { MessagePayload } from '../lib/discord/tracked-message';
import { t } from '../lib/i18n';
import { renderVoteSummary } from '../lib/raids/render/replies';
import type { VoteOutcome } from '../lib/raids/services/votes';
import { refusal } from '../lib/discord/error-replies';

/**
 * If a vote has not committed by this age (a genuinely slow database: the raid's lock is
 * held only for transactions, never for a Discord request), it acknowledges with a
 * deferred update first and edits the planner through the webhook once committed, so
 * Discord's 3-second limit holds.
 */
const ANSWER_BY_MS = 2000;

/**
 * A day or time select on a planner message: the vote service toggles the member's
 * votes and shows the planner as of that commit through this interaction's update
 * response (so the member sees the result in the message they clicked, without a
 * second message); then the member's current choices follow as a private follow-up.
 */
export class RaidVoteHandler extends InteractionHandler {
  public constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
    super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.SelectMenu });
  }

  public override parse(interaction: StringSelectMenuInteraction) {
    const parsed = parseCustomId(interaction.customId);
    return parsed?.kind === 'raidVote' ? this.some(parsed) : this.none();
  }

  public override async run(interaction: StringSelectMenuInteraction, { raidId, optionKind }: RaidVoteSelectId): Promise<void> {
    const locale = interaction.locale;
    if (!interaction.inGuild()) throw refusal(locale, 'common.serverOnly'); // answered privately by the error listener
    if (interaction.values.length === 0) {
      await answer(interaction, { content: t(locale, 'vote.noValuesSelected') });
      return;
    }

    let responding = false;
    // Asserted, not inferred: the deadline callback assigns it, which narrowing in this function cannot see.
    let deferral = null as Promise<boolean> | null;
    const deadline = setTimeout(
      () => {
        if (!responding) deferral = deferComponentUpdate(interaction).catch(() => false);
      },
      // Never longer than ANSWER_BY_MS: a local clock running behind Discord's must not stretch the wait.
      Math.max(0, Math.min(ANSWER_BY_MS, interaction.createdTimestamp + ANSWER_BY_MS - Date.now())),
    );
    const stopWaiting = async (): Promise<void> => {
      responding = true;
      clearTimeout(deadline);
      // A deferral on its way must land before anyone else answers (the error listener on a failure), or that answer is a second acknowledgement (40060).
      if (deferral !== null) await deferral;
    };

    let outcome: VoteOutcome;
    try {
      outcome = await this.container.raids.votes.cast(
        { raidId, voter: { userId: interaction.user.id, guildId: interaction.guildId }, kind: optionKind, values: interaction.values },
        { committed: stopWaiting, showPlanner: (payload) => this.showPlanner(interaction, raidId, payload) },
      );
    } finally {
      await stopWaiting();
    }
    await answer(interaction, { content: outcomeText(outcome, interaction.user.id, locale) });
  }

  /**
   * The planner through the interaction response. False when that did not happen
   * (Discord refused or failed the update, or the interaction was answered elsewhere):
   * the planner service then edits the planner over REST.
   */
  private async showPlanner(interaction: StringSelectMenuInteraction, raidId: number, payload: MessagePayload): Promise<boolean> {
    try {
      return await updateMessageOfComponent(interaction, payload);
    } catch (error) {
      this.container.logger.warn(`vote on raid ${raidId}: updating the planner in the response failed, it follows by an edit`, error);
      return false;
    }
  }
}

function outcomeText(outcome: VoteOutcome, userId: string, locale: string): string {
  switch (outcome.kind) {
    case 'tooFast':
      return t(locale, 'vote.tooFast', { seconds: outcome.windowSeconds });
    case 'otherGuild':
      return t(locale, 'common.raidOfOtherServer');
    case 'notActive':
      return t(locale, 'vote.raidNotActive');
    case 'unchanged':
      return t(locale, 'vote.noValidOption');
    case 'changed':
      return renderVoteSummary(outcome.result.state, userId, locale).content;
  }
}
