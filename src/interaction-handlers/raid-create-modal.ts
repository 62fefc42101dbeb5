import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import type { ModalSubmitInteraction } from 'discord.js';
import { parseCustomId, RAID_MODAL_FIELD, type RaidCreateModalId } from '../lib/discord/custom-ids';
import { channelProblemText, channelUnavailableText } from '../lib/discord/permission-texts';
import { answer, deferEphemeral } from '../lib/discord/safe-interaction';
import { openRaidLimitText } from '../lib/flood/open-raids';
import { t } from '../lib/i18n';
import { validateRaidInput } from '../lib/raids/parse';
import { messageUrl } from '../lib/raids/render/raid-list';
import { raidInputErrorText } from '../lib/raids/render/replies';
import { shortMarkdownSafe } from '../lib/discord/text';
import type { CreateOutcome } from '../lib/raids/services/create-raid';
import { refusal } from '../lib/discord/error-replies';
import { timeInputErrorText } from '../lib/time';

/**
 * Submit of the /raidplan form: validates what the member typed, lets the creation
 * service create the raid (all or nothing) and tells the member how it went, privately.
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
    if (!interaction.inCachedGuild()) throw refusal(locale, 'common.serverOnly'); // answered privately by the error listener
    await deferEphemeral(interaction);
    const input = validateRaidInput(
      interaction.fields.getTextInputValue(RAID_MODAL_FIELD.days),
      interaction.fields.getTextInputValue(RAID_MODAL_FIELD.times),
      interaction.fields.getTextInputValue(RAID_MODAL_FIELD.minPlayers),
    );
    if (!input.ok) {
      await answer(interaction, { content: raidInputErrorText(input.error, locale) });
      return;
    }
    const { creation } = this.container.raids;
    // Days and times become canonical labels in the server's zone; a piece that cannot be read or lies in the past creates nothing.
    const slots = await creation.readSlots(interaction.guildId, input.value.days, input.value.times);
    if (!slots.ok) {
      await answer(interaction, { content: timeInputErrorText(slots.error, locale) });
      return;
    }
    const outcome = await creation.create({ guild: interaction.guild, creatorId: interaction.user.id, dungeonId, ...input.value, ...slots.value });
    await answer(interaction, { content: outcomeText(outcome, interaction.guildId, locale) });
  }
}

function outcomeText(outcome: CreateOutcome, guildId: string, locale: string): string {
  switch (outcome.kind) {
    case 'created': {
      const link = messageUrl(guildId, outcome.plannerChannelId, outcome.messageId);
      return t(locale, 'raidplan.created', { displayId: outcome.raid.displayId, dungeon: shortMarkdownSafe(outcome.dungeon, 100), link });
    }
    case 'unknownDungeon':
      return t(locale, 'raidplan.unknownDungeon', { dungeon: `#${outcome.dungeonId}` });
    case 'channelsNotConfigured':
      return t(locale, 'raidplan.channelsNotConfigured');
    case 'channelProblem':
      return channelProblemText(outcome.problem, locale);
    case 'limit':
      return openRaidLimitText(locale, outcome.hit);
    case 'plannerPostFailed':
      return `${t(locale, 'raidplan.plannerPostFailed')}${outcome.unavailable === null ? '' : `\n${channelUnavailableText(locale, outcome.unavailable)}`}`;
    case 'closedMeanwhile':
      return t(locale, 'vote.raidNotActive');
  }
}
