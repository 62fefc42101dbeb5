/**
 * Restart safety, wired to the running bot: the start-up sequence after command sync
 * (guild settings sync, then restoration of every tracked message), the debug mirror
 * that follows the raid services, and the guild join/leave flows.
 */
import { container } from '@sapphire/framework';
import type { Client, Guild } from 'discord.js';
import { removeGuildData } from '../db/repositories/guild-data';
import { createLogger } from '../logging';
import { syncGuildSettings } from './guild-settings-sync';
import { restoreTrackedMessages, type RestorationReport } from './restoration';

export { messageShowsPayload } from './message-equality';
export { restoreTrackedMessages, type RestorationReport } from './restoration';
export { syncGuildSettings } from './guild-settings-sync';

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


/**
 * Guild settings sync, then restoration of every tracked message. Runs once per
 * process (later READYs after reconnects do not restore again); never throws, since
 * a bot that could not restore everything still serves its members.
 */
export function runStartupRestoration(client: Client = container.client): Promise<RestorationReport | null> {
  startup ??= (async () => {
    try {
      await syncGuildSettings(client, container.repos.settings, logger);
      const mirrorOfProcess = container.debugMirror;
      if (mirrorOfProcess.enabled) await mirrorOfProcess.pruneEndedRaids();
      return await restoreTrackedMessages({ client, repos: container.repos, services: container.raids, logger, sweepLeftovers: true, raidsInCreationSince: processStartedAt });
    } catch (error) {
      logger.error('start-up restoration failed', error);
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
    return await restoreTrackedMessages({ client: container.client, repos: container.repos, services: container.raids, logger, sweepLeftovers: true, raidsInCreationSince: databaseBack });
  } catch (error) {
    logger.error('restoration after the database outage failed', error);
    return null;
  }
}

/**
 * The bot joined a guild: its settings row is created (or renamed), and whatever the
 * guild had configured before is restored. A guild seen for the first time has no
 * channels configured, so nothing is posted there uninvited.
 */
export async function onGuildJoined(guild: Guild): Promise<void> {
  await container.repos.settings.ensureGuild(guild.id, guild.name);
  logger.info(`joined guild ${guild.id} (${guild.name}); settings row ensured`);
  await whenStartupRestored();
  await restoreTrackedMessages({ client: container.client, repos: container.repos, services: container.raids, logger, sweepLeftovers: true, raidsInCreationSince: processStartedAt }, [guild.id]);
}

/**
 * After /settings was saved: the guild's tracked messages are brought in line with the
 * new channels — participant lists follow the participants channel, a planner whose
 * channel is gone or closed to the bot moves to the planner channel. The raid list is
 * left to the caller, which publishes it itself to tell the member about a problem.
 * Never throws.
 */
export async function repairGuildMessages(guildId: string): Promise<void> {
  try {
    await restoreTrackedMessages(
      { client: container.client, repos: container.repos, services: container.raids, logger, raidsInCreationSince: processStartedAt, includeRaidLists: false },
      [guildId],
    );
  } catch (error) {
    logger.error(`repairing the messages of guild ${guildId} after a settings change failed`, error);
  }
}

/** The bot left (or was removed from) a guild: its data goes in one transaction, attendance stays (SPEC decision 14). */
export async function onGuildLeft(guildId: string): Promise<void> {
  const removed = await removeGuildData(container.db, guildId);
  logger.info(
    `left guild ${guildId}: removed ${removed.raids} raid(s), ${removed.userLevels} level row(s), ${removed.templates} template(s), ` +
      `${removed.settings} settings row(s), ${removed.preferences} preference(s), ${removed.debugMirrorCache} debug mirror row(s); attendance kept`,
  );
}
