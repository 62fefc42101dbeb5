import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** XP of one guild member; table `user_levels`, keyed by (guild, user). */
@Entity({ name: 'user_levels' })
@Index('ix_user_levels_guild_level', ['guildId', 'level'])
export class UserLevel {
  @PrimaryColumn({ name: 'guild_id', type: 'bigint', primaryKeyConstraintName: 'user_levels_pkey' })
  guildId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'bigint', primaryKeyConstraintName: 'user_levels_pkey' })
  userId!: string;

  @Column({ name: 'xp', type: 'integer', default: 0 })
  xp!: number;

  @Column({ name: 'level', type: 'integer', default: 0 })
  level!: number;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  /** Last seen display name. */
  @Column({ name: 'username', type: 'text', nullable: true })
  username!: string | null;
}
