import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import type { StringSelectMenuInteraction } from 'discord.js';
import { parseCustomId, type RaidVoteSelectId } from '../lib/discord/custom-ids';
import { answer, deferComponentUpdate, updateMessageOfComponent } from '../lib/discord/safe-interaction';
import { floodGuards } from '../lib/flood';
import { t } from '../lib/i18n';
import { recordVote } from '../lib/metrics';
import { renderVoteSummary } from '../lib/raids/render/replies';
import { raidServices } from '../lib/raids/services';
import type { VoteToggleResult } from '../lib/raids/types';

/**
 * If a vote has not answered by this age (queued behind other votes of the raid), it
 * acknowledges with a deferred update first and edits the planner once its turn comes,
 * so Discord's 3-second limit holds even for a long queue.
 */
const ANSWER_BY_MS = 2000;

/**
 * A day or time select on a planner message (SPEC decision 7): toggles the member's
 * votes, answers by updating the planner in the interaction response itself, then
 * sends the member's current choices as an ephemeral follow-up. Votes of one raid are
 * serialised around "commit + update", so planner updates reach Discord in commit order.
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
    if (!interaction.inGuild()) {
      recordVote('refused');
      await answer(interaction, { content: t(locale, 'common.serverOnly') });
      return;
    }
    if (interaction.values.length === 0) {
      recordVote('unchanged');
      await answer(interaction, { content: t(locale, 'vote.noValuesSelected') });
      return;
    }
    // Before anything is locked or written: a member over the limit changes nothing.
    const limiter = floodGuards().votes;
    if (!(await limiter.take(interaction.guildId, interaction.user.id)).allowed) {
      recordVote('rate_limited');
      await answer(interaction, { content: t(locale, 'vote.tooFast', { seconds: limiter.windowSeconds }) });
      return;
    }
    const services = raidServices();

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

    let result: VoteToggleResult | 'otherGuild' | null;
    try {
      result = await services.votes.withRaidLock(raidId, async () => {
        const voter = { userId: interaction.user.id, guildId: interaction.guildId };
        const toggled = await services.votes.toggle(raidId, voter, optionKind, interaction.values);
        responding = true;
        clearTimeout(deadline);
        if (toggled === 'otherGuild') return toggled;
        // The vote is committed: lists and raid list follow it whatever happens to the response below.
        if (toggled !== null && changedAnything(toggled)) {
          services.slots.schedule(raidId);
          services.raidList.scheduleRefresh(toggled.state.raid.guildId);
        }
        if (deferral !== null) await deferral;
        if (toggled === null) return null;
        if (!(await this.updatePlanner(interaction, toggled))) {
          // Still inside the lock, so no later vote's response is overwritten by this state.
          await services.planner.refresh(raidId).catch(() => undefined); // failures are logged by the planner's coalescer
        }
        return toggled;
      });
    } finally {
      responding = true;
      clearTimeout(deadline);
      // A deferral on its way must land before anyone else answers (the error listener on a failure), or that answer is a second acknowledgement (40060).
      if (deferral !== null) await deferral;
    }

    if (result === null || result === 'otherGuild') {
      recordVote('refused');
      await answer(interaction, { content: t(locale, result === null ? 'vote.raidNotActive' : 'common.raidOfOtherServer') });
      return;
    }
    recordVote(changedAnything(result) ? 'changed' : 'unchanged');
    const summary = !changedAnything(result)
      ? t(locale, 'vote.noValidOption')
      : renderVoteSummary(result.state, interaction.user.id, locale).content;
    await answer(interaction, { content: summary });
  }

  /**
   * Shows the committed vote in the planner through the interaction response. False when
   * that did not happen (Discord refused or failed the update, or the interaction was
   * answered elsewhere): the caller then edits the planner over REST.
   */
  private async updatePlanner(interaction: StringSelectMenuInteraction, toggled: VoteToggleResult): Promise<boolean> {
    try {
      return await updateMessageOfComponent(interaction, raidServices().planner.render(toggled.state));
    } catch (error) {
      this.container.logger.warn(`vote on raid ${toggled.state.raid.id}: updating the planner in the response failed, editing it directly`, error);
      return false;
    }
  }
}

function changedAnything(result: VoteToggleResult): boolean {
  return result.added.length > 0 || result.removed.length > 0;
}
