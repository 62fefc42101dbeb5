import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../src/lib/db/data-source';
import { DUNGEON_CATALOGUE } from '../../../src/lib/db/dungeon-catalogue';
import { seedDungeons } from '../../../src/lib/db/seed';
import { createTestDatabase, type TestDatabase } from '../../support/database';

interface DungeonRow {
  name: string;
  short_code: string;
  sort_order: number;
  is_active: boolean;
}

describe('dungeon seed', () => {
  let db: TestDatabase;
  let source: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase({ schema: 'fixture' });
    source = await createDataSource(db.url, { poolSize: 4 }).initialize();
  });
  afterAll(async () => {
    await source?.destroy();
    await db?.drop();
  });
  beforeEach(async () => {
    await db.query('TRUNCATE dungeons RESTART IDENTITY CASCADE');
  });

  const rows = () => db.query<DungeonRow>('SELECT name, short_code, sort_order, is_active FROM dungeons ORDER BY id');

  it('fills an empty table with the 42-dungeon catalogue, all active', async () => {
    expect(await seedDungeons(source)).toBe(42);
    expect(await rows()).toEqual(
      DUNGEON_CATALOGUE.map((d) => ({ name: d.name, short_code: d.shortCode, sort_order: d.sortOrder, is_active: true })),
    );
  });

  it('inserts nothing the second time', async () => {
    await seedDungeons(source);
    expect(await seedDungeons(source)).toBe(0);
    expect(await rows()).toHaveLength(42);
  });

  it("leaves an operator's own catalogue alone, even a single inactive row", async () => {
    await db.query(`INSERT INTO dungeons (name, short_code, is_active, sort_order) VALUES ('Nanos', 'NAN', false, 1)`);
    expect(await seedDungeons(source)).toBe(0);
    expect(await rows()).toEqual([{ name: 'Nanos', short_code: 'NAN', sort_order: 1, is_active: false }]);
  });

  it('seeds once when two instances start at the same moment', async () => {
    const other = await createDataSource(db.url, { poolSize: 2 }).initialize();
    try {
      const inserted = await Promise.all([seedDungeons(source), seedDungeons(other), seedDungeons(source)]);
      expect(inserted.sort((a, b) => a - b)).toEqual([0, 0, 42]);
      expect(await rows()).toHaveLength(42);
    } finally {
      await other.destroy();
    }
  });
});
