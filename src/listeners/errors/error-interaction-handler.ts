import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener, type InteractionHandlerError } from '@sapphire/framework';
import { reportInteractionFailure } from '../../lib/discord/error-replies';

/** A button, select menu or modal handler threw while running. */
@ApplyOptions<Listener.Options>({ event: Events.InteractionHandlerError })
export class InteractionHandlerErrorListener extends Listener<typeof Events.InteractionHandlerError> {
  public async run(error: unknown, { handler, interaction }: InteractionHandlerError): Promise<void> {
    await reportInteractionFailure(`interaction handler ${handler.name}`, error, interaction);
  }
}
