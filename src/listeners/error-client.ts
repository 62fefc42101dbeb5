import { Events, Listener } from '@sapphire/framework';

/** discord.js's own `error` event (gateway and internal errors); unhandled it would crash the process. */
export class ClientErrorListener extends Listener<typeof Events.Error> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.Error });
  }

  public run(error: Error): void {
    this.container.logger.error('discord.js client error:', error);
  }
}
