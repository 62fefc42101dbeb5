import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../src/lib/db/data-source';
import { ensureSchema } from '../../../src/lib/db/schema-guard';
import { createTestDatabase, type TestDatabase } from '../../support/database';

/** The old bot writes its own ids and never touches the sequences: rows 1..5 and 1..15 with `nextval` still at 1. */
async function insertWithExplicitIds(db: TestDatabase): Promise<void> {
  await db.query(`INSERT INTO raids (id, guild_id, channel_id, creator_id, dungeon, display_id)
                  SELECT n, 100, 200, 300, 'Nanos', n FROM generate_series(1, 5) n`);
  await db.query(`INSERT INTO raid_votes (id, raid_id, kind, option_label, user_id)
                  SELECT n, 1 + n % 5, 'day', 'Mon', 1000 + n FROM generate_series(1, 15) n`);
}

async function withSource<T>(db: TestDatabase, fn: (source: DataSource) => Promise<T>): Promise<T> {
  const source = await createDataSource(db.url, { poolSize: 2 }).initialize();
  try {
    return await fn(source);
  } finally {
    await source.destroy();
  }
}

async function nextId(db: TestDatabase, sequence: string): Promise<string> {
  const [row] = await db.query<{ next: string }>(`SELECT nextval($1::regclass)::text AS next`, [sequence]);
  return row!.next;
}

describe('schema guard and sequences left behind by explicit ids', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase({ schema: 'fixture' });
  });
  afterEach(async () => {
    await db?.drop();
  });

  it('reproduces the defect: without the guard the next raid collides with a stored id', async () => {
    await insertWithExplicitIds(db);
    await expect(db.query(`INSERT INTO raids (guild_id, channel_id, creator_id, dungeon, display_id) VALUES (100, 200, 300, 'Nanos', 6)`)).rejects.toThrow(
      /raids_pkey/,
    );
  });

  it('advances each lagging sequence past its highest id, one logged change each, and inserts then succeed', async () => {
    await insertWithExplicitIds(db);
    const logged: string[] = [];
    const changes = await withSource(db, (source) => ensureSchema(source, (line) => logged.push(line)));
    expect(changes).toEqual([
      'advance_sequence:raid_votes_id_seq (next id 1 -> 16, highest raid_votes.id is 15)',
      'advance_sequence:raids_id_seq (next id 1 -> 6, highest raids.id is 5)',
    ]);
    expect(logged).toEqual(changes.map((change) => `Schema guard: ${change}`));
    const [raid] = await db.query<{ id: number }>(
      `INSERT INTO raids (guild_id, channel_id, creator_id, dungeon, display_id) VALUES (100, 200, 300, 'Nanos', 6) RETURNING id`,
    );
    expect(raid!.id).toBe(6);
    const [vote] = await db.query<{ id: number }>(`INSERT INTO raid_votes (raid_id, kind, option_label, user_id) VALUES (6, 'time', '20:00', 1) RETURNING id`);
    expect(vote!.id).toBe(16);
    // Nothing else moved: sequences of empty tables still start at 1.
    expect(await nextId(db, 'raid_options_id_seq')).toBe('1');
    // A second start finds nothing to do.
    expect(await withSource(db, (source) => ensureSchema(source, () => undefined))).toEqual([]);
  });

  it('never moves a sequence backwards, and leaves one exactly at the next free id alone', async () => {
    await insertWithExplicitIds(db);
    await db.query(`SELECT setval('raids_id_seq', 40)`); // ahead of the rows (ids were consumed by failed inserts)
    await db.query(`SELECT setval('raid_votes_id_seq', 15)`); // is_called: next is 16, exactly right
    const changes = await withSource(db, (source) => ensureSchema(source, () => undefined));
    expect(changes).toEqual([]);
    expect(await nextId(db, 'raids_id_seq')).toBe('41');
    expect(await nextId(db, 'raid_votes_id_seq')).toBe('16');
  });

  it('treats a sequence that was set but never called (is_called false) by the value it will hand out', async () => {
    await insertWithExplicitIds(db);
    await db.query(`SELECT setval('raids_id_seq', 5, false)`); // next would be 5: taken
    const changes = await withSource(db, (source) => ensureSchema(source, () => undefined));
    expect(changes).toContain('advance_sequence:raids_id_seq (next id 5 -> 6, highest raids.id is 5)');
    expect(await nextId(db, 'raids_id_seq')).toBe('6');
  });
});
