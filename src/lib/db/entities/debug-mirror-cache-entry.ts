import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Where a mirrored debug message lives and the hash of what it shows; table `debug_mirror_cache`. */
@Entity({ name: 'debug_mirror_cache' })
@Index('ix_debug_mirror_cache_kind', ['kind'])
@Index('ix_debug_mirror_cache_guild_id', ['guildId'])
@Index('ix_debug_mirror_cache_raid_id', ['raidId'])
@Index('ix_debug_mirror_cache_kind_guild_raid', ['kind', 'guildId', 'raidId'])
export class DebugMirrorCacheEntry {
  /** e.g. `raidlist:<guild>:0`, `memberlist:<guild>:<raid id>`. */
  @PrimaryColumn({ name: 'cache_key', type: 'varchar', length: 96, primaryKeyConstraintName: 'debug_mirror_cache_pkey' })
  cacheKey!: string;

  @Column({ name: 'kind', type: 'varchar', length: 32 })
  kind!: string;

  @Column({ name: 'guild_id', type: 'bigint' })
  guildId!: string;

  @Column({ name: 'raid_id', type: 'bigint', nullable: true })
  raidId!: string | null;

  @Column({ name: 'message_id', type: 'bigint' })
  messageId!: string;

  /** Lowercase hex SHA-256 of the mirrored payload. */
  @Column({ name: 'payload_hash', type: 'varchar', length: 64 })
  payloadHash!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
