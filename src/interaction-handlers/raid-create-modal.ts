import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import type { ModalSubmitInteraction } from 'discord.js';
import { parseCustomId, RAID_MODAL_FIELD, type RaidCreateModalId } from '../lib/discord/custom-ids';
import { ChannelUnavailableError } from '../lib/discord/errors';
import { channelProblemForBot } from '../lib/discord/permissions';
import { channelProblemText, channelUnavailableText } from '../lib/discord/permission-texts';
import { answer, deferEphemeral } from '../lib/discord/safe-interaction';
import { OpenRaidLimitError, openRaidLimitText } from '../lib/flood/open-raids';
import { t } from '../lib/i18n';
import { validateRaidInput } from '../lib/raids/parse';
import { messageUrl } from '../lib/raids/render/raid-list';
import { raidInputErrorText } from '../lib/raids/render/replies';
import { shortMarkdownSafe } from '../lib/discord/text';
import { raidServices } from '../lib/raids/services';

/**
 * Submit of the /raidplan modal. All or nothing: the raid is created, its planner
 * posted and the message id attached; if the post fails the raid is deleted again
 * and the member is told why. Then participant lists (and the raid role) and the
 * raid list follow.
 */
export class RaidCreateModalHandler extends InteractionHandler {
  public constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
    super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.ModalSubmit });
  }

  public override parse(interaction: ModalSubmitInteraction) {
    const parsed = parseCustomId(interaction.customId);
    return parsed?.kind === 'raidCreateModal' ? this.some(parsed) : this.none();
  }

  public override async run(interaction: ModalSubmitInteraction, { dungeonId }: RaidCreateModalId): Promise<void> {
    const locale = interaction.locale;
    if (!interaction.inCachedGuild()) {
      await answer(interaction, { content: t(locale, 'common.serverOnly') });
      return;
    }
    await deferEphemeral(interaction);
    const { repos } = this.container;
    const guildId = interaction.guildId;

    const input = validateRaidInput(
      interaction.fields.getTextInputValue(RAID_MODAL_FIELD.days),
      interaction.fields.getTextInputValue(RAID_MODAL_FIELD.times),
      interaction.fields.getTextInputValue(RAID_MODAL_FIELD.minPlayers),
    );
    if (!input.ok) {
      await answer(interaction, { content: raidInputErrorText(input.error, locale) });
      return;
    }
    const dungeon = await repos.dungeons.findActiveById(dungeonId);
    if (dungeon === null) {
      await answer(interaction, { content: t(locale, 'raidplan.unknownDungeon', { dungeon: `#${dungeonId}` }) });
      return;
    }
    // Settings may have changed since the modal was opened.
    const settings = await repos.settings.ensureGuild(guildId, interaction.guild.name);
    if (settings.plannerChannelId === null || settings.participantsChannelId === null) {
      await answer(interaction, { content: t(locale, 'raidplan.channelsNotConfigured') });
      return;
    }
    const plannerProblem = channelProblemForBot(interaction.guild, settings.plannerChannelId);
    if (plannerProblem !== null) {
      await answer(interaction, { content: channelProblemText(plannerProblem, locale) });
      return;
    }

    const { days, times, minPlayers } = input.value;
    const services = raidServices();
    let state;
    try {
      state = await repos.raids.createRaid(
        { guildId, channelId: settings.plannerChannelId, creatorId: interaction.user.id, dungeon: dungeon.name, days, times, minPlayers },
        this.container.config.limits,
      );
    } catch (error) {
      // Another form of the member (or the server) got the last free place since /raidplan checked.
      if (!(error instanceof OpenRaidLimitError)) throw error;
      await answer(interaction, { content: openRaidLimitText(locale, error.hit) });
      return;
    }
    const raidId = state.raid.id;

    let messageId: string;
    try {
      messageId = await services.planner.post(state);
    } catch (error) {
      await repos.raids.deleteRaid(raidId);
      if (!(error instanceof ChannelUnavailableError)) this.container.logger.error(`raid ${raidId}: planner post failed`, error);
      const reason = error instanceof ChannelUnavailableError ? `\n${channelUnavailableText(locale, error)}` : '';
      await answer(interaction, { content: `${t(locale, 'raidplan.plannerPostFailed')}${reason}` });
      return;
    }
    const template = settings.templatesEnabled ? { guildId, dungeonId: dungeon.id, defaults: { days, times, minPlayers } } : null;
    if (!(await repos.raids.attachPlannerMessage(raidId, messageId, template))) {
      // Cancelled in the moment between create and attach: take the orphan planner down again.
      await services.planner.close({ ...state.raid, messageId }, 'cancelled');
      await answer(interaction, { content: t(locale, 'vote.raidNotActive') });
      return;
    }

    await services.slots.sync(raidId).catch(() => undefined);
    await services.raidList.refresh(guildId).catch(() => undefined);

    const link = messageUrl(guildId, settings.plannerChannelId, messageId);
    await answer(interaction, {
      content: t(locale, 'raidplan.created', { displayId: state.raid.displayId, dungeon: shortMarkdownSafe(dungeon.name, 100), link }),
    });
  }
}
