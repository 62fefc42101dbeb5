import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row per Discord guild the bot knows; table `guild_settings`. Snowflakes are strings. */
@Entity({ name: 'guild_settings' })
export class GuildSettings {
  @PrimaryColumn({ name: 'guild_id', type: 'bigint', primaryKeyConstraintName: 'guild_settings_pkey' })
  guildId!: string;

  @Column({ name: 'participants_channel_id', type: 'bigint', nullable: true })
  participantsChannelId!: string | null;

  @Column({ name: 'raidlist_channel_id', type: 'bigint', nullable: true })
  raidlistChannelId!: string | null;

  @Column({ name: 'raidlist_message_id', type: 'bigint', nullable: true })
  raidlistMessageId!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  /** Bumped by the `trg_guild_settings_updated_at` trigger on every UPDATE. */
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ name: 'planner_channel_id', type: 'bigint', nullable: true })
  plannerChannelId!: string | null;

  @Column({ name: 'guild_name', type: 'text', nullable: true })
  guildName!: string | null;

  @Column({ name: 'default_min_players', type: 'integer', default: 0 })
  defaultMinPlayers!: number;

  @Column({ name: 'templates_enabled', type: 'boolean', default: true })
  templatesEnabled!: boolean;

  /** Present in production, never used by the app. */
  @Column({ name: 'template_manager_role_id', type: 'bigint', nullable: true })
  templateManagerRoleId!: string | null;
}
