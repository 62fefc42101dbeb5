import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../src/lib/db/data-source';
import { ensureSchema, requiredSchemaOf } from '../../../src/lib/db/schema-guard';
import { snapshotCatalog, type CatalogSnapshot } from '../../support/catalog';
import { createTestDatabase, type TestDatabase } from '../../support/database';

// The entities mirror schema.sql exactly: TypeORM sees nothing to change on a
// production-shaped database, and the guard builds an identical catalog from nothing.
describe('entities mirror the production schema', () => {
  let fixture: TestDatabase;
  let empty: TestDatabase;
  let fixtureSource: DataSource;
  let emptySource: DataSource;
  let fixtureCatalog: CatalogSnapshot;

  beforeAll(async () => {
    [fixture, empty] = await Promise.all([createTestDatabase({ schema: 'fixture' }), createTestDatabase({ schema: 'empty' })]);
    fixtureSource = await createDataSource(fixture.url, { poolSize: 2 }).initialize();
    emptySource = await createDataSource(empty.url, { poolSize: 2 }).initialize();
    fixtureCatalog = await snapshotCatalog(fixture);
  });

  afterAll(async () => {
    await Promise.all([fixtureSource?.destroy(), emptySource?.destroy()]);
    await Promise.all([fixture?.drop(), empty?.drop()]);
  });

  it('the fixture catalog holds the ten tables, the DESC index and the updated_at triggers', () => {
    // Guards the comparison below against a snapshot helper that reads nothing.
    expect(Object.keys(fixtureCatalog.tables)).toHaveLength(10);
    expect(fixtureCatalog.indexes.idx_raids_guild_status_created).toContain('created_at DESC');
    expect(Object.keys(fixtureCatalog.triggers).sort()).toEqual([
      'guild_settings.trg_guild_settings_updated_at',
      'raid_posted_slots.trg_raid_posted_slots_updated_at',
    ]);
    expect(fixtureCatalog.functions['set_updated_at()']).toContain('NEW.updated_at := now();');
    expect(fixtureCatalog.constraints['raid_posted_slots.raid_posted_slots_raid_id_fkey']).toBe(
      'f FOREIGN KEY (raid_id) REFERENCES raids(id) ON DELETE CASCADE',
    );
  });

  it('the guard requires exactly the tables and columns of schema.sql, in order', () => {
    const fixtureColumns = Object.fromEntries(Object.entries(fixtureCatalog.tables).map(([table, columns]) => [table, columns.map((c) => c.name)]));
    const required = Object.fromEntries(requiredSchemaOf(fixtureSource).map((table) => [table.name, [...table.columns]]));
    expect(required).toEqual(fixtureColumns);
  });

  it("TypeORM's schema diff against a database built from schema.sql is empty", async () => {
    const pending = await fixtureSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('the schema guard turns an empty database into a catalog equal to the fixture', async () => {
    const changes = await ensureSchema(emptySource, () => undefined);
    expect(changes).toEqual(expect.arrayContaining(['create_table:dungeons', 'create_table:debug_mirror_cache']));
    const built = await snapshotCatalog(empty);
    expect(built.tables).toEqual(fixtureCatalog.tables);
    expect(built.constraints).toEqual(fixtureCatalog.constraints);
    expect(built.indexes).toEqual(fixtureCatalog.indexes);
    expect(built.sequences).toEqual(fixtureCatalog.sequences);
    expect(built.functions).toEqual(fixtureCatalog.functions);
    expect(built.triggers).toEqual(fixtureCatalog.triggers);
  });

  it("after the guard built it, TypeORM's diff is empty there too", async () => {
    const pending = await emptySource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });
});
