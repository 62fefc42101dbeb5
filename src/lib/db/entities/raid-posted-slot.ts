import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Raid } from './raid';

/** A posted participant list for one qualified day x time slot; table `raid_posted_slots`. */
@Entity({ name: 'raid_posted_slots' })
@Unique('raid_posted_slots_raid_id_day_label_time_label_key', ['raidId', 'dayLabel', 'timeLabel'])
@Index('idx_raid_posted_slots_raid', ['raidId'])
@Index('idx_raid_posted_slots_message', ['messageId'])
export class RaidPostedSlot {
  @PrimaryGeneratedColumn('increment', { name: 'id', type: 'bigint', primaryKeyConstraintName: 'raid_posted_slots_pkey' })
  id!: string;

  /**
   * BIGINT referencing the INTEGER `raids.id` (as in production). The key is declared
   * on the plain column because a @ManyToOne would retype the column to integer.
   */
  @Column({ name: 'raid_id', type: 'bigint' })
  @ForeignKey(() => Raid, 'id', { name: 'raid_posted_slots_raid_id_fkey', onDelete: 'CASCADE' })
  raidId!: string;

  @Column({ name: 'day_label', type: 'text' })
  dayLabel!: string;

  @Column({ name: 'time_label', type: 'text' })
  timeLabel!: string;

  @Column({ name: 'channel_id', type: 'bigint', nullable: true })
  channelId!: string | null;

  @Column({ name: 'message_id', type: 'bigint', nullable: true })
  messageId!: string | null;

  @Column({ name: 'posted_at', type: 'timestamptz', default: () => 'now()' })
  postedAt!: Date;

  /** Bumped by the `trg_raid_posted_slots_updated_at` trigger on every UPDATE. */
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
