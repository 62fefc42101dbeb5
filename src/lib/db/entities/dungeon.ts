import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** Global catalogue of plannable dungeons (not per guild); table `dungeons`. */
@Entity({ name: 'dungeons' })
@Unique('dungeons_short_code_key', ['shortCode'])
@Index('uq_dungeons_name', ['name'], { unique: true })
@Index('idx_dungeons_active_sort', ['isActive', 'sortOrder', 'name'])
export class Dungeon {
  @PrimaryGeneratedColumn('increment', { name: 'id', type: 'integer', primaryKeyConstraintName: 'dungeons_pkey' })
  id!: number;

  @Column({ name: 'name', type: 'text' })
  name!: string;

  @Column({ name: 'short_code', type: 'text' })
  shortCode!: string;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive!: boolean;

  @Column({ name: 'sort_order', type: 'integer', default: 0 })
  sortOrder!: number;

  /** Naive timestamp, UTC by convention (the data source pins the session to UTC). */
  @Column({ name: 'created_at', type: 'timestamp', default: () => 'now()' })
  createdAt!: Date;
}
