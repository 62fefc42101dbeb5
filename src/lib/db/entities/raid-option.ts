import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Raid } from './raid';

export type RaidOptionKind = 'day' | 'time';

/** A day label or a time label offered by a raid; table `raid_options`. Order = id order. */
@Entity({ name: 'raid_options' })
@Check('raid_options_kind_check', `kind IN ('day', 'time')`)
@Index('uq_raid_options_raid_kind_label', ['raidId', 'kind', 'label'], { unique: true })
@Index('idx_raid_options_raid_kind', ['raidId', 'kind'])
export class RaidOption {
  @PrimaryGeneratedColumn('increment', { name: 'id', type: 'integer', primaryKeyConstraintName: 'raid_options_pkey' })
  id!: number;

  @Column({ name: 'raid_id', type: 'integer' })
  raidId!: number;

  @Column({ name: 'kind', type: 'text' })
  kind!: RaidOptionKind;

  @Column({ name: 'label', type: 'text' })
  label!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @ManyToOne('Raid', (raid: Raid) => raid.options, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'raid_id', referencedColumnName: 'id', foreignKeyConstraintName: 'raid_options_raid_id_fkey' })
  raid?: Raid;
}
