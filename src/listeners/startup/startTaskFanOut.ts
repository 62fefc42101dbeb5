import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener } from '@sapphire/framework';
import { createLogger } from '../../lib/logging';
import { whenStartupRestored } from '../../lib/startup';
import { botFanOut } from '../../lib/tasks/bot-fan-out';

const logger = createLogger('dmw.tasks');

/**
 * Sharded only: once start-up restoration has run, this process answers the scheduled
 * tasks' requests for its part (stale raids, voice XP, log forwarding of its own
 * servers and buffer) and enters the registry of live processes, so a job taken
 * anywhere waits for its answer. Leaves the registry first thing in a shutdown.
 */
@ApplyOptions<Listener.Options>({ once: true, event: Events.ClientReady })
export class StartTaskFanOutListener extends Listener<typeof Events.ClientReady> {
  public async run(): Promise<void> {
    const { shards, shutdown } = this.container;
    if (!shards.sharded) return;
    await whenStartupRestored();
    if (shutdown.inProgress) return;
    const fanOut = botFanOut();
    shutdown.add('task fan-out (registry of live processes, requests)', () => fanOut.close());
    try {
      await fanOut.start();
      logger.info(`task fan-out: answering the scheduled tasks' per-server parts for ${shards.label}`);
    } catch (error) {
      logger.error('task fan-out: not started (Redis away?); jobs elsewhere name this process as unanswered until the next start', error);
    }
  }
}
