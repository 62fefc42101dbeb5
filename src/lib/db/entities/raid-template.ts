import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Dungeon } from './dungeon';
import { GuildSettings } from './guild-settings';

/** Per guild and dungeon raid defaults; table `raid_templates`. */
@Entity({ name: 'raid_templates' })
@Unique('uq_raid_templates_guild_dungeon_name', ['guildId', 'dungeonId', 'templateName'])
@Index('ix_raid_templates_guild_id', ['guildId'])
@Index('ix_raid_templates_dungeon_id', ['dungeonId'])
export class RaidTemplate {
  @PrimaryGeneratedColumn('increment', { name: 'id', type: 'integer', primaryKeyConstraintName: 'raid_templates_pkey' })
  id!: number;

  @Column({ name: 'guild_id', type: 'bigint' })
  guildId!: string;

  @Column({ name: 'dungeon_id', type: 'integer' })
  dungeonId!: number;

  /** The app only uses `_auto_dungeon_default`. */
  @Column({ name: 'template_name', type: 'varchar', length: 80 })
  templateName!: string;

  /** JSON text: {"days":[...],"times":[...],"min_players":n}. */
  @Column({ name: 'template_data', type: 'text' })
  templateData!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @ManyToOne(() => GuildSettings, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'guild_id', referencedColumnName: 'guildId', foreignKeyConstraintName: 'raid_templates_guild_id_fkey' })
  guild?: GuildSettings;

  @ManyToOne(() => Dungeon, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'dungeon_id', referencedColumnName: 'id', foreignKeyConstraintName: 'raid_templates_dungeon_id_fkey' })
  dungeonEntry?: Dungeon;
}
