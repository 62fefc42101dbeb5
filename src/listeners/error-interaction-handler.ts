import { Events, Listener, type InteractionHandlerError } from '@sapphire/framework';
import { reportInteractionFailure } from '../lib/discord/error-replies';

/** A button, select menu or modal handler threw while running. */
export class InteractionHandlerErrorListener extends Listener<typeof Events.InteractionHandlerError> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.InteractionHandlerError });
  }

  public async run(error: unknown, { handler, interaction }: InteractionHandlerError): Promise<void> {
    await reportInteractionFailure(`interaction handler ${handler.name}`, error, interaction);
  }
}
