import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener, type ChatInputCommandErrorPayload } from '@sapphire/framework';
import { reportInteractionFailure } from '../../lib/discord/error-replies';

/** A slash command threw: log it (a UserError is the member's mistake, not ours) and tell the member. */
@ApplyOptions<Listener.Options>({ event: Events.ChatInputCommandError })
export class ChatInputCommandErrorListener extends Listener<typeof Events.ChatInputCommandError> {
  public async run(error: unknown, { command, interaction }: ChatInputCommandErrorPayload): Promise<void> {
    await reportInteractionFailure(`/${command.name}`, error, interaction);
  }
}
