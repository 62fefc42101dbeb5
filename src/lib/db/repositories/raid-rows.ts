/**
 * Row-level building blocks shared by the raid repository and the close queries: the
 * entity → domain mapping, row and display-id locks, and loading a raid's state inside
 * a transaction.
 */
import type { EntityManager } from 'typeorm';
import { Raid as RaidEntity, RaidOption as RaidOptionEntity, RaidVote as RaidVoteEntity } from '../entities';
import type { OpenRaidCounts } from '../../flood/open-raids';
import type { Raid, RaidOption, RaidState, RaidVote } from '../../raids/types';

/**
 * First key of the two-key advisory locks that serialise display-id allocation per
 * guild ("RAID" in ASCII). Two-key locks never collide with single-key locks such as
 * the process singleton lock 92837465.
 */
export const DISPLAY_ID_LOCK_SPACE = 0x52414944;

/** Folds a 64-bit guild id into the second (int4) key; a rare collision only serialises two guilds. */
export function displayIdLockKey(guildId: string): number {
  const id = BigInt(guildId);
  return Number(BigInt.asIntN(32, id ^ (id >> 32n)));
}

export function toRaid(entity: RaidEntity): Raid {
  return {
    id: entity.id,
    guildId: entity.guildId,
    channelId: entity.channelId,
    creatorId: entity.creatorId,
    dungeon: entity.dungeon,
    // Raids created by this bot always have one; the old bot's raids get one at restoration
    // (assignMissingDisplayIds) or when first locked, so 0 is only ever seen for a row read mid-way.
    displayId: entity.displayId ?? 0,
    minPlayers: entity.minPlayers,
    createdAt: entity.createdAt,
    messageId: entity.messageId,
    tempRoleId: entity.tempRoleId,
    tempRoleCreated: entity.tempRoleCreated,
  };
}

export function toOption(entity: RaidOptionEntity): RaidOption {
  return { id: entity.id, kind: entity.kind, label: entity.label };
}

/** The highest display id the guild has ever used: open raids and attendance history. */
export const HIGHEST_DISPLAY_ID_SQL = `
  SELECT GREATEST(
    COALESCE((SELECT max(display_id) FROM raids WHERE guild_id = $1), 0),
    COALESCE((SELECT max(raid_display_id) FROM raid_attendance WHERE guild_id = $1), 0)
  )::int AS highest`;

/** Locks the raid row for the rest of the transaction; null when it does not exist. */
export async function lockRaid(manager: EntityManager, raidId: number): Promise<RaidEntity | null> {
  return manager.createQueryBuilder(RaidEntity, 'raid').setLock('pessimistic_write').where('raid.id = :raidId', { raidId }).getOne();
}

/**
 * Takes the guild's display-id lock for the rest of the transaction and returns the
 * highest display id the guild has ever used.
 */
export async function countOpenRaids(manager: EntityManager, guildId: string, creatorId: string): Promise<OpenRaidCounts> {
  const [row] = (await manager.query(
    `SELECT count(*)::int AS guild, count(*) FILTER (WHERE creator_id = $2)::int AS member FROM raids WHERE guild_id = $1 AND status = 'open'`,
    [guildId, creatorId],
  )) as [OpenRaidCounts];
  return row;
}

export async function lockDisplayIds(manager: EntityManager, guildId: string): Promise<number> {
  await manager.query('SELECT pg_advisory_xact_lock($1::int4, $2::int4)', [DISPLAY_ID_LOCK_SPACE, displayIdLockKey(guildId)]);
  const [{ highest }] = (await manager.query(HIGHEST_DISPLAY_ID_SQL, [guildId])) as [{ highest: number }];
  return highest;
}

/** Gives a locked raid without a display id the guild's next one; returns it. */
export async function numberRaid(manager: EntityManager, raid: RaidEntity): Promise<number> {
  const displayId = (await lockDisplayIds(manager, raid.guildId)) + 1;
  await manager.update(RaidEntity, { id: raid.id }, { displayId });
  raid.displayId = displayId;
  return displayId;
}

/** Raid, options (by id) and votes in three queries, on the given manager (so inside a transaction when called from one). */
export async function loadState(manager: EntityManager, raidId: number, openOnly = false): Promise<RaidState | null> {
  const raid = await manager.findOne(RaidEntity, { where: { id: raidId } });
  if (!raid || (openOnly && raid.status !== 'open')) return null;
  const options = await loadOptions(manager, raidId);
  const votes = await manager.find(RaidVoteEntity, { where: { raidId }, order: { id: 'ASC' } });
  return stateOf(
    raid,
    options,
    votes.map((vote) => ({ kind: vote.kind, label: vote.optionLabel, userId: vote.userId })),
  );
}

/** Every option of a raid, by id. */
export function loadOptions(manager: EntityManager, raidId: number): Promise<RaidOptionEntity[]> {
  return manager.find(RaidOptionEntity, { where: { raidId }, order: { id: 'ASC' } });
}

/** The state of a raid from its row, options and votes. */
export function stateOf(raid: RaidEntity, options: readonly RaidOptionEntity[], votes: readonly RaidVote[]): RaidState {
  return {
    raid: toRaid(raid),
    days: options.filter((option) => option.kind === 'day').map(toOption),
    times: options.filter((option) => option.kind === 'time').map(toOption),
    votes: [...votes],
  };
}
