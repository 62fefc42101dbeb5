import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import type { ButtonInteraction } from 'discord.js';
import { CALENDAR_REFUSALS, calendarFileText, slotCalendarFile } from '../lib/calendar';
import { parseCustomId, type CalendarSlotButtonId } from '../lib/discord/custom-ids';
import { refusal } from '../lib/discord/error-replies';
import { answer, deferEphemeral } from '../lib/discord/safe-interaction';

/** "Add to calendar" under a participant list: the member gets the slot's .ics privately. */
export class CalendarSlotHandler extends InteractionHandler {
  public constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
    super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.Button });
  }

  public override parse(interaction: ButtonInteraction) {
    const parsed = parseCustomId(interaction.customId);
    return parsed?.kind === 'calendarSlot' ? this.some(parsed) : this.none();
  }

  public override async run(interaction: ButtonInteraction, { raidId, dayOptionId, timeOptionId }: CalendarSlotButtonId): Promise<void> {
    const { locale } = interaction;
    if (!interaction.inGuild()) throw refusal(locale, 'common.serverOnly'); // answered privately by the error listener
    await deferEphemeral(interaction);
    const { repos, raids } = this.container;
    const outcome = await slotCalendarFile({ raids: repos.raids, time: raids.time }, { raidId, dayOptionId, timeOptionId, guildId: interaction.guildId, locale });
    if (outcome.kind !== 'file') throw refusal(locale, CALENDAR_REFUSALS[outcome.kind]);
    await answer(interaction, {
      content: calendarFileText(locale, outcome),
      files: [{ name: outcome.fileName, data: Buffer.from(outcome.ics, 'utf8'), description: outcome.fileName }],
    });
  }
}
