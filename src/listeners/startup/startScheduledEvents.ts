import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener } from '@sapphire/framework';
import { createLogger } from '../../lib/logging';
import { whenStartupRestored } from '../../lib/startup';

const logger = createLogger('dmw.scheduled-events');

/**
 * Once start-up restoration has run, every server with an open raid or an event of the
 * bot is planned from the database: what changed while the bot was down (votes are
 * none, but raids closed, slots that began) reaches its scheduled events.
 */
@ApplyOptions<Listener.Options>({ once: true, event: Events.ClientReady })
export class StartScheduledEventsListener extends Listener<typeof Events.ClientReady> {
  public async run(): Promise<void> {
    await whenStartupRestored();
    try {
      const guilds = await this.container.scheduledEvents.syncAll();
      logger.info(`scheduled events: ${guilds} servers planned from the database`);
    } catch (error) {
      logger.error('scheduled events: planning at start-up failed; each server is planned again at its next change', error);
    }
  }
}
