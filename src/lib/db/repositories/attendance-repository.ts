import type { EntityManager, Repository } from 'typeorm';
import { RaidAttendance } from '../entities';
import { memberAttendanceCounts, memberLastRaids, raidsWithAttendance, topAttendees, type AttendanceCounts, type AttendanceEntry, type TopAttendee } from './attendance-stats';

/** Attendance snapshots of finished raids. */
export class AttendanceRepository {
  private readonly attendance: Repository<RaidAttendance>;

  constructor(private readonly manager: EntityManager) {
    this.attendance = manager.getRepository(RaidAttendance);
  }

  /** How many finished raids of this guild the member took part in (`present` rows). */
  async participationCount(guildId: string, userId: string): Promise<number> {
    return this.attendance.countBy({ guildId, userId, status: 'present' });
  }

  /** /raidstats: a member's present and absent rows in this guild. */
  async memberCounts(guildId: string, userId: string): Promise<AttendanceCounts> {
    return memberAttendanceCounts(this.manager, guildId, userId);
  }

  /** /raidstats: a member's last decided raids in this guild, newest first. */
  async memberLastRaids(guildId: string, userId: string, limit: number): Promise<AttendanceEntry[]> {
    return memberLastRaids(this.manager, guildId, userId, limit);
  }

  /** /raidstats without a member: the guild's top attendees. */
  async topAttendees(guildId: string, limit: number): Promise<TopAttendee[]> {
    return topAttendees(this.manager, guildId, limit);
  }

  /** How many raids of the guild have recorded attendance. */
  async raidsWithAttendance(guildId: string): Promise<number> {
    return raidsWithAttendance(this.manager, guildId);
  }
}
