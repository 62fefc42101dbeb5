import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener } from '@sapphire/framework';
import type { Client } from 'discord.js';

/** Start-up is complete once Discord says READY. */
@ApplyOptions<Listener.Options>({ once: true, event: Events.ClientReady })
export class ReadyListener extends Listener<typeof Events.ClientReady> {
  public run(client: Client<true>): void {
    const guilds = client.guilds.cache.size;
    this.container.logger.info(`Ready as ${client.user.tag} (${client.user.id}) in ${guilds} guild${guilds === 1 ? '' : 's'}`);
  }
}
