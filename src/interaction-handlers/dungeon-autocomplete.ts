import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import type { AutocompleteInteraction } from 'discord.js';
import { DISCORD_LIMITS } from '../lib/discord/limits';

/** /raidplan's dungeon option: active dungeons whose name contains the typed text, in catalogue order. */
export class DungeonAutocompleteHandler extends InteractionHandler {
  public constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
    super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.Autocomplete });
  }

  public override parse(interaction: AutocompleteInteraction) {
    if (interaction.commandName !== 'raidplan') return this.none();
    const focused = interaction.options.getFocused(true);
    return focused.name === 'dungeon' ? this.some(String(focused.value)) : this.none();
  }

  public override async run(interaction: AutocompleteInteraction, typed: string): Promise<void> {
    const dungeons = await this.container.repos.dungeons.activeDungeons(typed, DISCORD_LIMITS.autocompleteChoices);
    const choices = dungeons
      .filter((dungeon) => dungeon.name.length <= DISCORD_LIMITS.autocompleteChoiceLength)
      .map((dungeon) => ({ name: dungeon.name, value: dungeon.name }));
    await interaction.respond(choices);
  }
}
