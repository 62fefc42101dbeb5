import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Raid } from './raid';
import type { RaidOptionKind } from './raid-option';

/** One row per user per selected option; table `raid_votes`. */
@Entity({ name: 'raid_votes' })
@Check('raid_votes_kind_check', `kind IN ('day', 'time')`)
@Index('uq_raid_votes_unique', ['raidId', 'kind', 'optionLabel', 'userId'], { unique: true })
@Index('idx_raid_votes_raid_kind', ['raidId', 'kind'])
@Index('idx_raid_votes_raid_kind_label', ['raidId', 'kind', 'optionLabel'])
@Index('idx_raid_votes_raid_kind_user', ['raidId', 'kind', 'userId'])
export class RaidVote {
  @PrimaryGeneratedColumn('increment', { name: 'id', type: 'integer', primaryKeyConstraintName: 'raid_votes_pkey' })
  id!: number;

  @Column({ name: 'raid_id', type: 'integer' })
  raidId!: number;

  @Column({ name: 'kind', type: 'text' })
  kind!: RaidOptionKind;

  /** Copy of the voted option's label. */
  @Column({ name: 'option_label', type: 'text' })
  optionLabel!: string;

  @Column({ name: 'user_id', type: 'bigint' })
  userId!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @ManyToOne('Raid', (raid: Raid) => raid.votes, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'raid_id', referencedColumnName: 'id', foreignKeyConstraintName: 'raid_votes_raid_id_fkey' })
  raid?: Raid;
}
