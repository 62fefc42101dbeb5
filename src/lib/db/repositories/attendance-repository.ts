import type { EntityManager, Repository } from 'typeorm';
import { RaidAttendance } from '../entities';

/** Attendance snapshots of finished raids. */
export class AttendanceRepository {
  private readonly attendance: Repository<RaidAttendance>;

  constructor(manager: EntityManager) {
    this.attendance = manager.getRepository(RaidAttendance);
  }

  /** How many finished raids of this guild the member took part in (`present` rows). */
  async participationCount(guildId: string, userId: string): Promise<number> {
    return this.attendance.countBy({ guildId, userId, status: 'present' });
  }
}
