import type { DataSource } from 'typeorm';
import { DUNGEON_CATALOGUE } from './dungeon-catalogue';
import { Dungeon } from './entities';

/**
 * Seeds the dungeon catalogue when `dungeons` is empty, and does nothing otherwise
 * (an operator's own catalogue is never touched). Returns the number of rows inserted.
 *
 * The table lock makes two instances starting at once safe: the second waits, then
 * sees the first one's rows and inserts nothing.
 */
export async function seedDungeons(dataSource: DataSource): Promise<number> {
  return dataSource.transaction(async (manager) => {
    await manager.query('LOCK TABLE dungeons IN SHARE ROW EXCLUSIVE MODE');
    if (await manager.getRepository(Dungeon).exists()) return 0;
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(Dungeon)
      .values(DUNGEON_CATALOGUE.map((dungeon) => ({ name: dungeon.name, shortCode: dungeon.shortCode, sortOrder: dungeon.sortOrder, isActive: true })))
      .execute();
    return result.identifiers.length;
  });
}
