/**
 * The process's start-up after command sync: guild settings sync, the debug mirror,
 * then restoration of every tracked message, once per process. Also what depends on
 * it having run: scheduled tasks wait for it, a guild joined meanwhile is restored
 * after it, and after a database outage the whole restoration runs again.
 */
import { container } from '@sapphire/framework';
import { createLogger } from '../logging';
import { recordRestoration } from '../metrics';
import { restoreTrackedMessages, type RestorationDependencies, type RestorationReport } from '../restore/restoration';
import { syncGuildSettings } from './guild-settings-sync';

const logger = createLogger('dmw.restore');

/** Raids without a planner created after this are being created by this process (see RestorationDependencies.raidsInCreationSince). */
const processStartedAt = new Date(Date.now() - process.uptime() * 1000);

let startup: Promise<RestorationReport | null> | null = null;
let resolveRestored!: () => void;
const restored = new Promise<void>((resolve) => {
  resolveRestored = resolve;
});

let restorationFinished = false;

/** Resolves once start-up restoration has finished (or failed): workers start after it. */
export function whenStartupRestored(): Promise<void> {
  return restored;
}

/** True once start-up restoration has finished (or failed); scheduled tasks skip their runs before. */
export function isStartupRestored(): boolean {
  return restorationFinished;
}

/** What a restoration on the running bot chooses; client, repositories and raid services are the process's own. */
export type RunningBotRestoration = Pick<RestorationDependencies, 'sweepLeftovers' | 'raidsInCreationSince' | 'includeRaidLists'>;

/**
 * Restores tracked messages (of the given guilds, else of all) with the running bot's
 * client, repositories and raid services. A raid without a planner created since the
 * process started is left to its creation, unless `raidsInCreationSince` says otherwise.
 */
export function restoreOnRunningBot(options: RunningBotRestoration, onlyGuildIds?: readonly string[]): Promise<RestorationReport> {
  const { client, repos } = container;
  return restoreTrackedMessages({ client, repos, services: container.raids, logger, raidsInCreationSince: processStartedAt, ...options }, onlyGuildIds);
}


/**
 * Guild settings sync, then restoration of every tracked message. Runs once per
 * process (later READYs after reconnects do not restore again); never throws, since
 * a bot that could not restore everything still serves its members.
 */
export function runStartupRestoration(): Promise<RestorationReport | null> {
  startup ??= (async () => {
    try {
      await syncGuildSettings(container.client, container.repos.settings, logger);
      if (container.debugMirror.enabled) await container.debugMirror.pruneEndedRaids();
      const report = await restoreOnRunningBot({ sweepLeftovers: true });
      recordRestoration('startup', report);
      return report;
    } catch (error) {
      logger.error('start-up restoration failed', error);
      recordRestoration('startup', null);
      return null;
    } finally {
      restorationFinished = true;
      resolveRestored();
    }
  })();
  return startup;
}

/**
 * After a database outage (the singleton lock was lost and is held again): restores
 * every tracked message once more, so work that failed during the outage (a list not
 * synced, a message id not stored) is caught up. Reads only where nothing changed.
 * Nothing to do before start-up restoration ran; never throws.
 */
export async function restoreAfterOutage(): Promise<RestorationReport | null> {
  const databaseBack = new Date();
  if (startup === null) return null;
  await startup;
  try {
    const report = await restoreOnRunningBot({ sweepLeftovers: true, raidsInCreationSince: databaseBack });
    recordRestoration('outage', report);
    return report;
  } catch (error) {
    logger.error('restoration after the database outage failed', error);
    recordRestoration('outage', null);
    return null;
  }
}
