import { Events, Listener, type ChatInputCommandErrorPayload } from '@sapphire/framework';
import { reportInteractionFailure } from '../lib/discord/error-replies';

/** A slash command threw: log it (a UserError is the member's mistake, not ours) and tell the member. */
export class ChatInputCommandErrorListener extends Listener<typeof Events.ChatInputCommandError> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.ChatInputCommandError });
  }

  public async run(error: unknown, { command, interaction }: ChatInputCommandErrorPayload): Promise<void> {
    await reportInteractionFailure(`/${command.name}`, error, interaction);
  }
}
