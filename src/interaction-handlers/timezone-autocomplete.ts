import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import type { AutocompleteInteraction } from 'discord.js';
import { timeZoneChoices } from '../lib/settings/time-zones';

/** /settings' timezone option: IANA zones matching the typed text, each with its local time now. */
export class TimeZoneAutocompleteHandler extends InteractionHandler {
  public constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
    super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.Autocomplete });
  }

  public override parse(interaction: AutocompleteInteraction) {
    if (interaction.commandName !== 'settings' || interaction.guildId === null) return this.none();
    const focused = interaction.options.getFocused(true);
    return focused.name === 'timezone' ? this.some(String(focused.value)) : this.none();
  }

  public override async run(interaction: AutocompleteInteraction, typed: string): Promise<void> {
    const { time } = this.container.raids;
    const current = await time.zoneOf(interaction.guildId!);
    await interaction.respond(timeZoneChoices(typed, { now: time.now(), current, locale: interaction.locale }));
  }
}
