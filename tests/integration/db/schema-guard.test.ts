import type { DataSource, Logger } from 'typeorm';
import { createDataSource } from '../../../src/lib/db/data-source';
import { CRITICAL_UNIQUE_INDEXES, UPSERT_UNIQUE_KEYS, ensureSchema } from '../../../src/lib/db/schema-guard';
import { snapshotCatalog, type CatalogSnapshot } from '../../support/catalog';
import { createTestDatabase, type TestDatabase } from '../../support/database';

/** Records every statement the data source sends, to prove the guard stays read-only. */
class StatementRecorder implements Logger {
  readonly statements: string[] = [];
  logQuery(query: string): void {
    this.statements.push(query);
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

const DDL = /^\s*(CREATE|ALTER|DROP|COMMENT|TRUNCATE)\b/i;

async function withSource<T>(db: TestDatabase, fn: (source: DataSource, recorder: StatementRecorder) => Promise<T>): Promise<T> {
  const recorder = new StatementRecorder();
  const source = await createDataSource(db.url, { poolSize: 2, logger: recorder, logging: ['query'] }).initialize();
  try {
    return await fn(source, recorder);
  } finally {
    await source.destroy();
  }
}

describe('schema guard', () => {
  let reference: CatalogSnapshot;

  beforeAll(async () => {
    const db = await createTestDatabase({ schema: 'fixture' });
    try {
      reference = await snapshotCatalog(db);
    } finally {
      await db.drop();
    }
  });

  describe('on a database built from schema.sql', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase({ schema: 'fixture' });
    });
    afterAll(async () => {
      await db?.drop();
    });

    it('changes nothing, issues no DDL and reports no change', async () => {
      const logged: string[] = [];
      const before = await snapshotCatalog(db);
      const { changes, statements } = await withSource(db, async (source, recorder) => ({
        changes: await ensureSchema(source, (line) => logged.push(line)),
        statements: recorder.statements,
      }));
      expect(changes).toEqual([]);
      expect(logged).toEqual([]);
      expect(statements.length).toBeGreaterThan(0);
      expect(statements.filter((statement) => DDL.test(statement))).toEqual([]);
      expect(await snapshotCatalog(db)).toEqual(before);
    });
  });

  describe('on an empty database', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase({ schema: 'empty' });
    });
    afterAll(async () => {
      await db?.drop();
    });

    it('two instances starting at once build the schema once, without errors', async () => {
      const [first, second] = await Promise.all([
        withSource(db, (source) => ensureSchema(source, () => undefined)),
        withSource(db, (source) => ensureSchema(source, () => undefined)),
      ]);
      const creations = [...first, ...second].filter((change) => change.startsWith('create_table:'));
      expect(creations).toHaveLength(10);
      expect([first, second]).toContainEqual([]);
      expect(await snapshotCatalog(db)).toEqual(reference);
    });
  });

  describe('on a database that lacks parts of the schema', () => {
    let db: TestDatabase;
    beforeEach(async () => {
      db = await createTestDatabase({ schema: 'fixture' });
    });
    afterEach(async () => {
      await db?.drop();
    });

    it('recreates dropped tables with their keys, indexes and trigger, and reports each', async () => {
      await db.query('DROP TABLE raid_posted_slots, raid_templates, user_levels');
      const logged: string[] = [];
      const changes = await withSource(db, (source) => ensureSchema(source, (line) => logged.push(line)));
      expect(changes).toEqual([
        'create_table:raid_posted_slots',
        'create_trigger:trg_raid_posted_slots_updated_at',
        'create_table:raid_templates',
        'create_table:user_levels',
      ]);
      expect(logged).toHaveLength(changes.length);
      changes.forEach((change, i) => expect(logged[i]).toContain(change));
      expect(await snapshotCatalog(db)).toEqual(reference);
    });

    it('recreates the updated_at function with a dropped table when it is gone too', async () => {
      await db.query('DROP TABLE guild_settings CASCADE');
      await db.query('DROP FUNCTION set_updated_at() CASCADE');
      const changes = await withSource(db, (source) => ensureSchema(source, () => undefined));
      expect(changes).toEqual(['create_table:guild_settings', 'create_function:set_updated_at', 'create_trigger:trg_guild_settings_updated_at']);
      // raid_posted_slots kept its table but its trigger died with the function: the
      // guard does not add triggers to existing tables, everything else is back.
      const catalog = await snapshotCatalog(db);
      expect(catalog.functions).toEqual(reference.functions);
      expect(catalog.triggers).toEqual({ 'guild_settings.trg_guild_settings_updated_at': reference.triggers['guild_settings.trg_guild_settings_updated_at'] });
      // raid_templates lost its FK to guild_settings with the CASCADE drop; existing tables get no new constraints.
      expect(catalog.tables).toEqual(reference.tables);
      expect(catalog.indexes).toEqual(reference.indexes);
    });

    it('adds a dropped nullable column back as nullable and recreates the critical index that went with it', async () => {
      await db.query(`INSERT INTO raids (guild_id, channel_id, creator_id, dungeon, display_id) VALUES (1, 2, 3, 'Nanos', 7)`);
      await db.query('ALTER TABLE raids DROP COLUMN display_id');
      const changes = await withSource(db, (source) => ensureSchema(source, () => undefined));
      expect(changes).toEqual(['add_column:raids.display_id', 'create_index:ix_raids_guild_display_id_unique']);
      expect(await snapshotCatalog(db)).toEqual(reference);
      expect(await db.query('SELECT dungeon, display_id FROM raids')).toEqual([{ dungeon: 'Nanos', display_id: null }]);
    });

    it('adds a NOT NULL column with its default as NOT NULL, one without a default as nullable', async () => {
      await db.query(
        `INSERT INTO raid_attendance (guild_id, raid_display_id, dungeon, user_id, status) VALUES (1, 1, 'Nanos', 5, 'present')`,
      );
      await db.query('ALTER TABLE raid_attendance DROP COLUMN dungeon, DROP COLUMN status');
      const changes = await withSource(db, (source) => ensureSchema(source, () => undefined));
      expect(changes).toEqual(['add_column:raid_attendance.dungeon', 'add_column:raid_attendance.status']);
      const columns = (await snapshotCatalog(db)).tables.raid_attendance!;
      expect(columns.find((c) => c.name === 'dungeon')).toEqual({ name: 'dungeon', type: 'text', notNull: false, default: null });
      expect(columns.find((c) => c.name === 'status')).toEqual({
        name: 'status',
        type: 'character varying(16)',
        notNull: true,
        default: "'pending'::character varying",
      });
      expect(await db.query('SELECT user_id, dungeon, status FROM raid_attendance')).toEqual([{ user_id: '5', dungeon: null, status: 'pending' }]);
    });

    it('recreates every missing critical unique index and nothing else', async () => {
      await db.query(`DROP INDEX ${CRITICAL_UNIQUE_INDEXES.join(', ')}, idx_raids_channel`);
      const changes = await withSource(db, (source) => ensureSchema(source, () => undefined));
      expect(changes).toEqual(CRITICAL_UNIQUE_INDEXES.map((name) => `create_index:${name}`));
      const catalog = await snapshotCatalog(db);
      const { idx_raids_channel: _dropped, ...expectedIndexes } = reference.indexes;
      expect(catalog.indexes).toEqual(expectedIndexes);
    });

    it('adds the unique keys the upserts rely on when a database built by the old bot lacks them', async () => {
      await db.query('ALTER TABLE raid_posted_slots DROP CONSTRAINT raid_posted_slots_raid_id_day_label_time_label_key');
      await db.query('ALTER TABLE raid_templates DROP CONSTRAINT uq_raid_templates_guild_dungeon_name');
      const changes = await withSource(db, (source) => ensureSchema(source, () => undefined));
      expect(changes).toEqual(UPSERT_UNIQUE_KEYS.map((name) => `create_index:${name}`));
      const indexes = await db.query<{ indexname: string; indexdef: string }>(
        `SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY($1) ORDER BY indexname`,
        [[...UPSERT_UNIQUE_KEYS]],
      );
      expect(indexes.map((row) => row.indexdef)).toEqual([
        'CREATE UNIQUE INDEX raid_posted_slots_raid_id_day_label_time_label_key ON public.raid_posted_slots USING btree (raid_id, day_label, time_label)',
        'CREATE UNIQUE INDEX uq_raid_templates_guild_dungeon_name ON public.raid_templates USING btree (guild_id, dungeon_id, template_name)',
      ]);
      // The upsert's conflict target now exists: a second upsert of the same slot updates instead of failing.
      await db.query(`INSERT INTO raids (guild_id, channel_id, creator_id, dungeon, display_id) VALUES (1, 2, 3, 'Nanos', 1)`);
      const upsert = `INSERT INTO raid_posted_slots (raid_id, day_label, time_label, message_id) SELECT id, 'Mon', '20:00', $1 FROM raids
                      ON CONFLICT (raid_id, day_label, time_label) DO UPDATE SET message_id = EXCLUDED.message_id`;
      await db.query(upsert, [10]);
      await db.query(upsert, [11]);
      expect(await db.query('SELECT message_id FROM raid_posted_slots')).toEqual([{ message_id: '11' }]);
    });

    it('leaves extra tables and columns, and differing existing columns, untouched', async () => {
      await db.query('CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL)');
      await db.query(`INSERT INTO notes (body) VALUES ('keep me')`);
      await db.query(`ALTER TABLE raids ADD COLUMN legacy_flag boolean DEFAULT true`);
      // An older database: user_levels.xp as BIGINT without a default (upstream later widened it).
      await db.query('ALTER TABLE user_levels ALTER COLUMN xp TYPE bigint, ALTER COLUMN xp DROP DEFAULT');
      await db.query('ALTER TABLE guild_settings ALTER COLUMN guild_name SET NOT NULL');
      const before = await snapshotCatalog(db);
      const changes = await withSource(db, (source) => ensureSchema(source, () => undefined));
      expect(changes).toEqual([]);
      expect(await snapshotCatalog(db)).toEqual(before);
      expect(before.tables.notes).toBeDefined();
      expect(await db.query('SELECT body FROM notes')).toEqual([{ body: 'keep me' }]);
    });

    it('rolls everything back when a critical index cannot be built', async () => {
      await db.query('DROP INDEX ix_raid_attendance_unique_user');
      await db.query('ALTER TABLE raids DROP COLUMN participants_posted');
      await db.query(
        `INSERT INTO raid_attendance (guild_id, raid_display_id, dungeon, user_id, status)
         VALUES (1, 1, 'Nanos', 5, 'present'), (1, 1, 'Nanos', 5, 'present')`,
      );
      const before = await snapshotCatalog(db);
      await expect(withSource(db, (source) => ensureSchema(source, () => undefined))).rejects.toThrow(/ix_raid_attendance_unique_user/);
      expect(await snapshotCatalog(db)).toEqual(before);
    });
  });
});
