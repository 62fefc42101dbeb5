import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener, type AutocompleteInteractionPayload } from '@sapphire/framework';

/** An autocomplete handler threw; Discord then shows no suggestions, which is all a member can see. */
@ApplyOptions<Listener.Options>({ event: Events.CommandAutocompleteInteractionError })
export class AutocompleteErrorListener extends Listener<typeof Events.CommandAutocompleteInteractionError> {
  public run(error: unknown, { command, interaction }: AutocompleteInteractionPayload): void {
    this.container.logger.error(`autocomplete of /${command.name} failed for user ${interaction.user.id}:`, error);
  }
}
