import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener, type Command } from '@sapphire/framework';

/** Registering a command with Discord failed; the rest of the bot keeps running. */
@ApplyOptions<Listener.Options>({ event: Events.CommandApplicationCommandRegistryError })
export class CommandRegistryErrorListener extends Listener<typeof Events.CommandApplicationCommandRegistryError> {
  public run(error: unknown, command: Command): void {
    this.container.logger.error(`registering /${command.name} with Discord failed:`, error);
  }
}
