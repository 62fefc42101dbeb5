/**
 * /raidstats reads: a member's present / absent counts and last raids, a server's top
 * attendees. Decided rows only ('present' and 'absent'); 'pending' counts nowhere. Each
 * is one query on the attendance indexes (guild_id, user_id).
 */
import type { EntityManager } from 'typeorm';
import type { AttendanceCounts, RaidStatsEntry as AttendanceEntry } from '../../raid-stats/render';

export type { AttendanceCounts, AttendanceEntry };

export interface TopAttendee extends AttendanceCounts {
  readonly userId: string;
}

export async function memberAttendanceCounts(manager: EntityManager, guildId: string, userId: string): Promise<AttendanceCounts> {
  const rows: Array<{ present: string; absent: string }> = await manager.query(
    `SELECT count(*) FILTER (WHERE status = 'present') AS present, count(*) FILTER (WHERE status = 'absent') AS absent
       FROM raid_attendance WHERE guild_id = $1 AND user_id = $2`,
    [guildId, userId],
  );
  return { present: Number(rows[0]?.present ?? 0), absent: Number(rows[0]?.absent ?? 0) };
}

/** The member's last decided raids, newest first. */
export async function memberLastRaids(manager: EntityManager, guildId: string, userId: string, limit: number): Promise<AttendanceEntry[]> {
  const rows: Array<{ raid_display_id: number; dungeon: string; status: 'present' | 'absent'; created_at: Date }> = await manager.query(
    `SELECT raid_display_id, dungeon, status, created_at FROM raid_attendance
      WHERE guild_id = $1 AND user_id = $2 AND status IN ('present', 'absent')
      ORDER BY created_at DESC, raid_display_id DESC LIMIT $3`,
    [guildId, userId, limit],
  );
  return rows.map((row) => ({ displayId: row.raid_display_id, dungeon: row.dungeon, status: row.status, at: new Date(row.created_at) }));
}

/** Members with the most `present` rows (ties: fewer no-shows, then the lower user id as a number); only members who came at least once. */
export async function topAttendees(manager: EntityManager, guildId: string, limit: number): Promise<TopAttendee[]> {
  const rows: Array<{ member: string; present: string; absent: string }> = await manager.query(
    `SELECT attendance.user_id::text AS member, count(*) FILTER (WHERE status = 'present') AS present, count(*) FILTER (WHERE status = 'absent') AS absent
       FROM raid_attendance AS attendance WHERE guild_id = $1 AND status IN ('present', 'absent')
      GROUP BY attendance.user_id HAVING count(*) FILTER (WHERE status = 'present') > 0
      ORDER BY present DESC, absent ASC, attendance.user_id ASC LIMIT $2`,
    [guildId, limit],
  );
  return rows.map((row) => ({ userId: row.member, present: Number(row.present), absent: Number(row.absent) }));
}

/** How many raids of the server have decided attendance rows. */
export async function raidsWithAttendance(manager: EntityManager, guildId: string): Promise<number> {
  const rows: Array<{ raids: string }> = await manager.query(
    `SELECT count(DISTINCT raid_display_id) AS raids FROM raid_attendance WHERE guild_id = $1 AND status IN ('present', 'absent')`,
    [guildId],
  );
  return Number(rows[0]?.raids ?? 0);
}
