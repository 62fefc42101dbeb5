import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type AttendanceStatus = 'present' | 'absent' | 'pending';

/**
 * Attendance snapshot row written when a raid is finished; table `raid_attendance`.
 * No foreign key to raids on purpose: the rows outlive the deleted raid.
 */
@Entity({ name: 'raid_attendance' })
@Index('ix_raid_attendance_unique_user', ['guildId', 'raidDisplayId', 'userId'], { unique: true })
@Index('ix_raid_attendance_lookup', ['guildId', 'raidDisplayId'])
@Index('ix_raid_attendance_guild_id', ['guildId'])
@Index('ix_raid_attendance_raid_display_id', ['raidDisplayId'])
@Index('ix_raid_attendance_user_id', ['userId'])
@Index('ix_raid_attendance_status', ['status'])
export class RaidAttendance {
  @PrimaryGeneratedColumn('increment', { name: 'id', type: 'integer', primaryKeyConstraintName: 'raid_attendance_pkey' })
  id!: number;

  @Column({ name: 'guild_id', type: 'bigint' })
  guildId!: string;

  @Column({ name: 'raid_display_id', type: 'integer' })
  raidDisplayId!: number;

  @Column({ name: 'dungeon', type: 'text' })
  dungeon!: string;

  @Column({ name: 'user_id', type: 'bigint' })
  userId!: string;

  @Column({ name: 'status', type: 'varchar', length: 16, default: 'pending' })
  status!: AttendanceStatus;

  @Column({ name: 'marked_by_user_id', type: 'bigint', nullable: true })
  markedByUserId!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
