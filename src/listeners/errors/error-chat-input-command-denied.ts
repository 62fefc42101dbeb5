import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener, type ChatInputCommandDeniedPayload, type UserError } from '@sapphire/framework';
import { answerWithError, errorTextFor } from '../../lib/discord/error-replies';

/** A precondition refused a slash command: the member gets the precondition's message, privately. */
@ApplyOptions<Listener.Options>({ event: Events.ChatInputCommandDenied })
export class ChatInputCommandDeniedListener extends Listener<typeof Events.ChatInputCommandDenied> {
  public async run(error: UserError, { command, interaction }: ChatInputCommandDeniedPayload): Promise<void> {
    this.container.logger.debug(`/${command.name} denied for user ${interaction.user.id} (${error.identifier})`);
    if (Reflect.get(Object(error.context), 'silent') === true) return;
    await answerWithError(interaction, errorTextFor(error, interaction.locale));
  }
}
