import { Events, Listener, UserError, type InteractionHandlerError } from '@sapphire/framework';
import { answerWithError, errorTextFor } from '../lib/discord/error-replies';

/** A button, select menu or modal handler threw while running. */
export class InteractionHandlerErrorListener extends Listener<typeof Events.InteractionHandlerError> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.InteractionHandlerError });
  }

  public async run(error: unknown, { handler, interaction }: InteractionHandlerError): Promise<void> {
    if (error instanceof UserError) {
      this.container.logger.debug(`interaction handler ${handler.name} refused (${error.identifier}): ${error.message}`);
    } else {
      this.container.logger.error(`interaction handler ${handler.name} failed for user ${interaction.user.id}:`, error);
    }
    await answerWithError(interaction, errorTextFor(error, interaction.locale));
  }
}
