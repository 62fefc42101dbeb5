import type { EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import { Dungeon } from '../entities';

/** The dungeon catalogue as the commands see it: active entries only, in catalogue order. */
export class DungeonRepository {
  private readonly dungeons: Repository<Dungeon>;

  constructor(manager: EntityManager) {
    this.dungeons = manager.getRepository(Dungeon);
  }

  /**
   * Active dungeons whose name contains `filter` (trimmed, case-insensitive; empty
   * means all), in catalogue order, at most `limit` (Discord autocomplete shows 25).
   */
  async activeDungeons(filter?: string, limit = 25): Promise<Dungeon[]> {
    const needle = filter?.trim() ?? '';
    const query = this.activeInCatalogueOrder();
    if (needle !== '') query.andWhere('strpos(lower(dungeon.name), lower(:needle)) > 0', { needle });
    return query.limit(limit).getMany();
  }

  /** Every active dungeon, in catalogue order. */
  async allActive(): Promise<Dungeon[]> {
    return this.activeInCatalogueOrder().getMany();
  }

  /**
   * The active dungeon whose name equals `name` ignoring case and surrounding blanks,
   * so a raid can store the catalogue's canonical spelling; null when there is none.
   */
  async findActiveByName(name: string): Promise<Dungeon | null> {
    const wanted = name.trim();
    if (wanted === '') return null;
    return this.activeInCatalogueOrder().andWhere('lower(dungeon.name) = lower(:wanted)', { wanted }).limit(1).getOne();
  }

  /** The active dungeon with this id (a modal carries the id); null when it is unknown or was deactivated. */
  async findActiveById(id: number): Promise<Dungeon | null> {
    return this.dungeons.findOne({ where: { id, isActive: true } });
  }

  private activeInCatalogueOrder(): SelectQueryBuilder<Dungeon> {
    return this.dungeons
      .createQueryBuilder('dungeon')
      .where('dungeon.is_active = true')
      .orderBy('dungeon.sort_order', 'ASC')
      .addOrderBy('lower(dungeon.name)', 'ASC')
      .addOrderBy('dungeon.id', 'ASC');
  }
}
