import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import type { AutocompleteInteraction } from 'discord.js';

/** Discord shows at most 25 suggestions; a choice's name and value are at most 100 characters. */
const MAX_CHOICES = 25;
const MAX_CHOICE_LENGTH = 100;

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
    const dungeons = await this.container.repos.dungeons.activeDungeons(typed, MAX_CHOICES);
    const choices = dungeons
      .filter((dungeon) => dungeon.name.length <= MAX_CHOICE_LENGTH)
      .map((dungeon) => ({ name: dungeon.name, value: dungeon.name }));
    await interaction.respond(choices);
  }
}
