import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener } from '@sapphire/framework';
import { createLogger } from '../../lib/logging';
import { whenStartupRestored } from '../../lib/startup';

const logger = createLogger('dmw.reminders');

/**
 * Once start-up restoration has run (so no reminder races it for the participants
 * channel), every open raid's reminders are planned from the database — a restart or an
 * emptied Redis loses none — and the worker starts firing what is due.
 */
@ApplyOptions<Listener.Options>({ once: true, event: Events.ClientReady })
export class StartRemindersListener extends Listener<typeof Events.ClientReady> {
  public async run(): Promise<void> {
    await whenStartupRestored();
    try {
      const pending = await this.container.reminders.start();
      logger.info(`reminders: planned from the database, ${pending} pending`);
    } catch (error) {
      logger.error('reminders: planning at start-up failed; they are planned again within a minute', error);
    }
  }
}
