/**
 * Start-up restoration: Discord is made to show what the database says. First every
 * channel holding tracked messages is read in pages of 100 (channel-scan.ts), not
 * message by message; then for every open raid of a connected guild its planner is
 * compared with the copy read and edited only if it differs (posted again, with the new
 * id stored, if it is gone), its participant lists are brought to the current slots
 * (edit, post the missing, delete the stale); then every guild's raid list. Raids are
 * restored one after the other per planner channel (Discord limits message writes per
 * channel) and up to RESTORATION_CONCURRENCY channels at a time. The bot answers
 * interactions all the while: a planner is compared and written under the raid's lock,
 * from the state of the database at that moment, so a vote is never overwritten.
 */
import type { Client } from 'discord.js';
import type { UpsertOptions } from '../discord/tracked-message';
import type { Logger } from '../logging';
import type { RaidServices } from '../raids/services';
import type { RaidServiceRepositories } from '../raids/services/context';
import type { Raid } from '../raids/types';
import { sweepLeftovers } from './orphan-sweep';
import { forEachConcurrently, groupBy } from '../concurrency/pool';
import { describeRestUsage, meterRestUsage, type RestUsage } from './rest-usage';
import { scanChannels, type ScanStats } from './channel-scan';
import { trackedMessagesByChannel } from './tracked-set';

/**
 * Channels restored (and read) at the same time. Raids of one planner channel go one
 * after the other, since Discord limits message writes per channel (5 per 5 s); the
 * channels run side by side, so re-posting deleted planners is bounded by those
 * per-channel limits only. discord.js keeps the whole under the global limit.
 */
export const RESTORATION_CONCURRENCY = 32;

export interface RestorationDependencies {
  readonly client: Client;
  readonly repos: Pick<RaidServiceRepositories, 'raids' | 'settings' | 'postedSlots'>;
  /** `shards`: a sharded process restores only its own servers' raids (others are another process's, not "absent"). */
  readonly services: Pick<RaidServices, 'planner' | 'slots' | 'raidList' | 'locks' | 'closing' | 'roles'> & Partial<Pick<RaidServices, 'shards'>>;
  readonly logger: Logger;
  readonly concurrency?: number;
  /**
   * Delete untracked planners, participant lists and raid lists the bot posted before
   * this restoration started (an interrupted run's leftovers). Safe while the bot runs:
   * a list sync in flight when restoration starts is joined (and its id stored) before
   * the sweep, and anything posted later is newer than the cut-off.
   */
  readonly sweepLeftovers?: boolean;
  /**
   * A raid without a planner message created after this moment is being created right
   * now, and its creation posts the planner itself; only raids whose creation was cut
   * off (by a crash, or a database outage) get theirs from restoration. The process
   * start at start-up, the moment the database came back after an outage.
   */
  readonly raidsInCreationSince?: Date;
  /** False when the caller publishes the raid lists itself (after /settings, to tell the member about a problem). */
  readonly includeRaidLists?: boolean;
}

export interface RestorationReport {
  /** Open raids of connected guilds that were restored (failures included). */
  readonly raids: number;
  readonly raidsFailed: number;
  /** Open raids left alone because the bot is not in their guild. */
  readonly raidsOfAbsentGuilds: number;
  /** Guilds whose raid list was refreshed (failures included). */
  readonly raidLists: number;
  readonly raidListsFailed: number;
  /** Untracked leftovers of an interrupted run that were deleted. */
  readonly leftoversDeleted: number;
  /** Channels read in pages, pages read, tracked messages the pages did not settle (read singly). */
  readonly scan: ScanStats;
  readonly durationMs: number;
  /** When the raids were done (planners and lists; raid lists and the sweep follow). */
  readonly raidsDoneMs: number;
  readonly rest: RestUsage;
}

/** Restores the tracked messages of the given guilds (all connected guilds when omitted). */
export async function restoreTrackedMessages(deps: RestorationDependencies, onlyGuildIds?: readonly string[]): Promise<RestorationReport> {
  const { client, repos, services, logger } = deps;
  const concurrency = deps.concurrency ?? RESTORATION_CONCURRENCY;
  const started = Date.now();
  const meter = meterRestUsage(client.rest);
  const wanted = onlyGuildIds === undefined ? null : new Set(onlyGuildIds);
  const isConnected = (guildId: string): boolean => client.guilds.cache.has(guildId) && (wanted === null || wanted.has(guildId));

  // The old bot could leave open raids without a display id: number them before anything shows them.
  for (const { raidId, guildId, displayId } of await repos.raids.assignMissingDisplayIds()) {
    logger.info(`restoration: raid ${raidId} of guild ${guildId} had no display id and now has ${displayId}`);
  }
  // Raids closed before a stop whose clean-up on Discord did not finish: planner notice, lists and role now.
  const { completed, owed } = await services.closing.completePending();
  if (completed + owed > 0) {
    logger.info(`restoration: completed the clean-up of ${completed} raid(s) closed before the stop${owed > 0 ? `, ${owed} still owed (retried later)` : ''}`);
  }
  const owned = (guildId: string): boolean => services.shards?.ownsGuild(guildId) ?? true;
  const openRaids = (await repos.raids.openRaids()).filter((raid) => owned(raid.guildId) && (wanted === null || wanted.has(raid.guildId)));
  const raids = openRaids.filter((raid) => isConnected(raid.guildId));
  const absent = openRaids.length - raids.length;
  if (absent > 0) {
    const guilds = new Set(openRaids.filter((raid) => !isConnected(raid.guildId)).map((raid) => raid.guildId));
    logger.warn(`restoration: ${absent} open raid(s) of ${guilds.size} guild(s) the bot is not in were left untouched (${[...guilds].join(', ')})`);
  }

  const guildIds = new Set(raids.map((raid) => raid.guildId));
  for (const guildId of await repos.settings.allGuildIds()) if (isConnected(guildId)) guildIds.add(guildId);
  const listGuildIds = deps.includeRaidLists === false ? [] : [...guildIds].sort();

  // One read per page of each channel instead of one per message; compare-before-edit uses the copies.
  const tracked = await trackedMessagesByChannel(repos, raids, [...guildIds], { raidLists: listGuildIds.length > 0, sweep: deps.sweepLeftovers === true });
  const snapshot = await scanChannels(client, tracked, concurrency);
  const compareFirst: UpsertOptions = { skipIfUnchanged: true, readBack: snapshot };

  const inCreation = (raid: Raid): boolean =>
    raid.messageId === null && deps.raidsInCreationSince !== undefined && raid.createdAt.getTime() >= deps.raidsInCreationSince.getTime();
  const byChannel = groupBy(raids.filter((raid) => !inCreation(raid)), (raid) => raid.channelId);
  const raidFailures: Array<{ item: Raid; error: unknown }> = [];
  await forEachConcurrently(byChannel, concurrency, async (channelRaids) => {
    for (const raid of channelRaids) await restoreRaid(services, raid, compareFirst).catch((error: unknown) => raidFailures.push({ item: raid, error }));
  });
  for (const { item, error } of raidFailures) logger.debug(`restoration of raid ${item.id} failed: ${(error as Error)?.message ?? String(error)}`);
  await syncRoleMembers(client, repos, services, byChannel.flat()).catch((error: unknown) => logger.warn('restoration: syncing the raid roles\' members failed', error));

  const raidsDoneMs = Date.now() - started;
  const listFailures = await forEachConcurrently(listGuildIds, concurrency, (guildId) => services.raidList.refresh(guildId, compareFirst));
  for (const { item, error } of listFailures) logger.debug(`restoration of the raid list of guild ${item} failed: ${(error as Error)?.message ?? String(error)}`);

  let leftoversDeleted = 0;
  if (deps.sweepLeftovers === true) {
    const sweepBefore = new Date(started);
    const sweepFailures = await forEachConcurrently([...guildIds].sort(), concurrency, async (guildId) => {
      leftoversDeleted += (await sweepLeftovers(client, repos, guildId, sweepBefore, logger, snapshot)).deleted;
    });
    for (const { item, error } of sweepFailures) logger.warn(`restoration: looking for leftovers in guild ${item} failed`, error);
  }

  const report: RestorationReport = {
    raids: raids.length,
    raidsFailed: raidFailures.length,
    raidsOfAbsentGuilds: absent,
    raidLists: listGuildIds.length,
    raidListsFailed: listFailures.length,
    leftoversDeleted,
    scan: snapshot.stats,
    durationMs: Date.now() - started,
    raidsDoneMs,
    rest: meter.stop(),
  };
  logger.info(describeRestoration(report));
  return report;
}

/**
 * One raid: planner first (under the raid's vote lock, so a vote answered meanwhile is
 * never overwritten by the older state read here), then its participant lists.
 * Both run even if the first fails; the first failure is rethrown for the count.
 */
async function restoreRaid(services: RestorationDependencies['services'], raid: Raid, compareFirst: UpsertOptions): Promise<void> {
  const failures: unknown[] = [];
  await services.locks.run(raid.id, (lock) => services.planner.refresh(lock, compareFirst)).catch((error: unknown) => failures.push(error));
  await services.slots.sync(raid.id, { ...compareFirst, memberSync: false }).catch((error: unknown) => failures.push(error));
  if (failures.length > 0) throw failures[0];
}

/**
 * The raid roles' members follow the slots: one pass per role once every raid's lists
 * are synced (raids of one dungeon share a role, and each pass reads all of them), not
 * one per raid. Not awaited, as after a vote.
 */
async function syncRoleMembers(client: Client, repos: RestorationDependencies['repos'], services: RestorationDependencies['services'], raids: readonly Raid[]): Promise<void> {
  const restored = new Set(raids.map((raid) => raid.id));
  const roles = new Map<string, string>();
  for (const raid of await repos.raids.openRaids()) if (restored.has(raid.id) && raid.tempRoleId !== null) roles.set(raid.tempRoleId, raid.guildId);
  for (const [roleId, guildId] of roles) {
    const guild = client.guilds.cache.get(guildId);
    if (guild !== undefined) services.roles.scheduleMemberSync(guild, roleId);
  }
}

export function describeRestoration(report: RestorationReport): string {
  const failures =
    report.raidsFailed + report.raidListsFailed === 0
      ? 'no failures'
      : `${report.raidsFailed} raid(s) and ${report.raidListsFailed} raid list(s) not fully restored (see the warnings above)`;
  return (
    `restoration: ${report.raids} open raid(s) and ${report.raidLists} raid list(s) in ${report.durationMs} ms, ` +
    `${failures}, ${report.leftoversDeleted} leftover(s) deleted; raids done after ${report.raidsDoneMs} ms; ${report.scan.pages} page(s) read in ${report.scan.channels} channel(s) in ${report.scan.durationMs ?? 0} ms, ` +
    `${report.scan.unsettled} message(s) left to single reads; ${describeRestUsage(report.rest)}`
  );
}
