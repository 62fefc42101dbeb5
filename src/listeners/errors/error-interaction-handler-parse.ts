import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener, type InteractionHandlerParseError } from '@sapphire/framework';
import { answerWithError, genericErrorText } from '../../lib/discord/error-replies';

/** A handler's `parse` threw: the handler never ran, so the member still needs an answer. */
@ApplyOptions<Listener.Options>({ event: Events.InteractionHandlerParseError })
export class InteractionHandlerParseErrorListener extends Listener<typeof Events.InteractionHandlerParseError> {
  public async run(error: unknown, { handler, interaction }: InteractionHandlerParseError): Promise<void> {
    this.container.logger.error(`interaction handler ${handler.name} could not parse interaction ${interaction.id}:`, error);
    await answerWithError(interaction, genericErrorText(interaction.locale));
  }
}
