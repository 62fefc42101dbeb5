import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener } from '@sapphire/framework';

/** discord.js's own `error` event (gateway and internal errors); unhandled it would crash the process. */
@ApplyOptions<Listener.Options>({ event: Events.Error })
export class ClientErrorListener extends Listener<typeof Events.Error> {
  public run(error: Error): void {
    this.container.logger.error('discord.js client error:', error);
  }
}
