/**
 * Closing a raid durably without a new column: the close transaction writes the
 * attendance and sets the raid's `status` to the reason it ended ('finished',
 * 'cancelled', …) instead of deleting it. Every reader of open raids already asks for
 * `status = 'open'`, so the raid is gone for members at once, while its row (planner,
 * participant-list rows, raid role) records the clean-up still owed to Discord. When
 * that is done the row is deleted; a clean-up that failed or was cut off by a restart
 * is found again with `closingRaids` (at start-up, and by the retry loop).
 */
import type { EntityManager } from 'typeorm';
import { Raid as RaidEntity, RaidPostedSlot } from '../entities';
import { slotParticipants } from '../../raids/slots';
import { CLOSED_RAID_REASONS, closeRecordsAttendance, type ClosedRaid, type ClosedRaidReason, type RaidState } from '../../raids/types';
import type { AttendanceMode } from '../../attendance/presence';
import { toPostedSlot } from './posted-slot-repository';
import { loadState, lockRaid, numberRaid, toRaid } from './raid-rows';

/** Decides each participant's status for a finish (voice attendance, src/lib/attendance); without one every participant is present. */
export type AttendanceJudge = (state: RaidState) => Promise<AttendanceVerdict>;

export interface AttendanceVerdict {
  readonly statuses: ReadonlyMap<string, 'present' | 'absent'>;
  /** How the statuses were decided, carried to the finish reply and the planner. */
  readonly mode: AttendanceMode;
}

/**
 * The close transaction; null when the raid is not open (already closed or gone), so a
 * second close writes nothing. `reasonOf` may decide the reason from the raid as locked
 * (the automatic close: finished when a slot qualified, cancelled otherwise); `judge`
 * decides present / absent from the locked state (voice attendance).
 */
export async function closeRaidRow(
  manager: EntityManager,
  raidId: number,
  reasonOf: ClosedRaidReason | ((state: RaidState) => ClosedRaidReason),
  judge?: AttendanceJudge,
): Promise<ClosedRaid | null> {
  const raid = await lockRaid(manager, raidId);
  if (!raid || raid.status !== 'open') return null;
  // Attendance is keyed by display id: a raid of the old bot without one gets it now.
  if (raid.displayId === null) await numberRaid(manager, raid);
  const state = (await loadState(manager, raidId))!;
  const reason = typeof reasonOf === 'function' ? reasonOf(state) : reasonOf;
  let attendanceRows = 0;
  let presentRows = 0;
  let attendanceMode: AttendanceMode | undefined;
  const participants = closeRecordsAttendance(reason) ? slotParticipants(state) : [];
  if (participants.length > 0 && state.raid.displayId > 0) {
    const verdict = judge === undefined ? null : await judge(state);
    attendanceMode = verdict?.mode ?? 'fallback';
    const statuses = participants.map((participant) => verdict?.statuses.get(participant) ?? 'present');
    const inserted: Array<{ status: string }> = await manager.query(
      `INSERT INTO raid_attendance (guild_id, raid_display_id, dungeon, user_id, status)
       SELECT $1, $2, $3, participant, status FROM unnest($4::bigint[], $5::varchar[]) AS decided(participant, status)
       ON CONFLICT (guild_id, raid_display_id, user_id) DO NOTHING
       RETURNING status`,
      [state.raid.guildId, state.raid.displayId, state.raid.dungeon, participants, statuses],
    );
    attendanceRows = inserted.length;
    presentRows = inserted.filter((row) => row.status === 'present').length;
  }
  const postedSlots = await manager.find(RaidPostedSlot, { where: { raidId: String(raidId) }, order: { id: 'ASC' } });
  await manager.update(RaidEntity, { id: raidId }, { status: reason });
  return {
    raid: state.raid,
    reason,
    postedSlots: postedSlots.map(toPostedSlot),
    attendanceRows,
    ...(attendanceMode === undefined ? {} : { presentRows, attendanceMode }),
  };
}

/**
 * Raids whose clean-up on Discord is still owed, oldest first. Only this bot's own
 * closing statuses count: a row of another status (none is known from the old bot,
 * which deleted closed raids) is left alone rather than deleted.
 */
export async function closingRaidRows(manager: EntityManager): Promise<ClosedRaid[]> {
  const raids = await manager
    .createQueryBuilder(RaidEntity, 'raid')
    .where('raid.status IN (:...reasons)', { reasons: CLOSED_RAID_REASONS })
    .orderBy('raid.createdAt', 'ASC')
    .addOrderBy('raid.id', 'ASC')
    .getMany();
  const closing: ClosedRaid[] = [];
  for (const entity of raids) {
    const raid = toRaid(entity);
    const reason = entity.status as ClosedRaidReason;
    const postedSlots = await manager.find(RaidPostedSlot, { where: { raidId: String(raid.id) }, order: { id: 'ASC' } });
    const [{ rows }] = (await manager.query(
      'SELECT count(*)::int AS rows FROM raid_attendance WHERE guild_id = $1 AND raid_display_id = $2',
      [raid.guildId, raid.displayId],
    )) as [{ rows: number }];
    closing.push({ raid, reason, postedSlots: postedSlots.map(toPostedSlot), attendanceRows: closeRecordsAttendance(reason) ? rows : 0 });
  }
  return closing;
}

/** Deletes a closed raid (options, votes and slot rows by cascade) once its clean-up is done; never an open one. */
export async function deleteClosedRaidRow(manager: EntityManager, raidId: number): Promise<boolean> {
  const deleted = await manager.createQueryBuilder().delete().from(RaidEntity).where(`id = :raidId AND status <> 'open'`, { raidId }).execute();
  return (deleted.affected ?? 0) > 0;
}
