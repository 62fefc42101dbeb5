import { Column, Entity, Index, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import type { RaidOption } from './raid-option';
import type { RaidVote } from './raid-vote';

/**
 * TypeORM cannot express the DESC column of `idx_raids_guild_status_created`, so the
 * entity declares it with `synchronize: false` (keeps TypeORM's diff from dropping
 * it) and the schema guard creates it with this statement.
 */
export const RAIDS_GUILD_STATUS_CREATED_INDEX = {
  name: 'idx_raids_guild_status_created',
  sql: 'CREATE INDEX IF NOT EXISTS idx_raids_guild_status_created ON public.raids (guild_id, status, created_at DESC)',
} as const;

/** An open raid (finished or cancelled raids are deleted); table `raids`. */
@Entity({ name: 'raids' })
@Index('ix_raids_guild_display_id_unique', ['guildId', 'displayId'], { unique: true })
@Index('idx_raids_guild_status', ['guildId', 'status'])
@Index(RAIDS_GUILD_STATUS_CREATED_INDEX.name, { synchronize: false })
@Index('idx_raids_channel', ['channelId'])
export class Raid {
  @PrimaryGeneratedColumn('increment', { name: 'id', type: 'integer', primaryKeyConstraintName: 'raids_pkey' })
  id!: number;

  @Column({ name: 'guild_id', type: 'bigint' })
  guildId!: string;

  /** The planner channel the raid was posted to. */
  @Column({ name: 'channel_id', type: 'bigint' })
  channelId!: string;

  @Column({ name: 'creator_id', type: 'bigint' })
  creatorId!: string;

  /** Canonical dungeon name (a text copy, no foreign key). */
  @Column({ name: 'dungeon', type: 'text' })
  dungeon!: string;

  @Column({ name: 'status', type: 'text', default: 'open' })
  status!: string;

  /** Naive timestamp, UTC by convention (the data source pins the session to UTC). */
  @Column({ name: 'created_at', type: 'timestamp', default: () => 'now()' })
  createdAt!: Date;

  /** The planner (vote) message. */
  @Column({ name: 'message_id', type: 'bigint', nullable: true })
  messageId!: string | null;

  @Column({ name: 'min_players', type: 'integer', default: 4 })
  minPlayers!: number;

  /** Present in production, never used by the app. */
  @Column({ name: 'participants_posted', type: 'boolean', default: false })
  participantsPosted!: boolean;

  @Column({ name: 'temp_role_id', type: 'bigint', nullable: true })
  tempRoleId!: string | null;

  /** True when the bot created the raid role (and so may delete it). */
  @Column({ name: 'temp_role_created', type: 'boolean', default: false })
  tempRoleCreated!: boolean;

  /** Per-guild human-readable raid number. */
  @Column({ name: 'display_id', type: 'integer', nullable: true })
  displayId!: number | null;

  @OneToMany('RaidOption', (option: RaidOption) => option.raid)
  options?: RaidOption[];

  @OneToMany('RaidVote', (vote: RaidVote) => vote.raid)
  votes?: RaidVote[];
}
