import { Events, Listener, UserError, type ChatInputCommandErrorPayload } from '@sapphire/framework';
import { answerWithError, errorTextFor } from '../lib/discord/error-replies';

/** A slash command threw: log it (a UserError is the member's mistake, not ours) and tell the member. */
export class ChatInputCommandErrorListener extends Listener<typeof Events.ChatInputCommandError> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.ChatInputCommandError });
  }

  public async run(error: unknown, { command, interaction }: ChatInputCommandErrorPayload): Promise<void> {
    if (error instanceof UserError) {
      this.container.logger.debug(`/${command.name} refused (${error.identifier}): ${error.message}`);
    } else {
      this.container.logger.error(`/${command.name} failed for user ${interaction.user.id} in guild ${interaction.guildId ?? 'DM'}:`, error);
    }
    await answerWithError(interaction, errorTextFor(error, interaction.locale));
  }
}
