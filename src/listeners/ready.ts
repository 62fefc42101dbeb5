import { Events, Listener } from '@sapphire/framework';
import type { Client } from 'discord.js';

/** Start-up is complete once Discord says READY. */
export class ReadyListener extends Listener<typeof Events.ClientReady> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, once: true, event: Events.ClientReady });
  }

  public run(client: Client<true>): void {
    const guilds = client.guilds.cache.size;
    this.container.logger.info(`Ready as ${client.user.tag} (${client.user.id}) in ${guilds} guild${guilds === 1 ? '' : 's'}`);
  }
}
