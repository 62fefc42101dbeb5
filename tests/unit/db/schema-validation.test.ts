import { assertSchemaComplete, type RequiredTable } from '../../../src/lib/db/schema-guard';

const required: RequiredTable[] = [
  { name: 'dungeons', columns: ['id', 'name', 'short_code'] },
  { name: 'raids', columns: ['id', 'guild_id', 'display_id'] },
  { name: 'raid_votes', columns: ['id', 'raid_id', 'kind', 'user_id'] },
];

function present(tables: Record<string, string[]>): Map<string, Set<string>> {
  return new Map(Object.entries(tables).map(([name, columns]) => [name, new Set(columns)]));
}

describe('schema validation after the guard', () => {
  it('accepts a database that has every required table and column, extras included', () => {
    expect(() =>
      assertSchemaComplete(
        required,
        present({
          dungeons: ['id', 'name', 'short_code', 'extra'],
          raids: ['id', 'guild_id', 'display_id'],
          raid_votes: ['id', 'raid_id', 'kind', 'user_id'],
          notes: ['id'],
        }),
      ),
    ).not.toThrow();
  });

  it('names the missing tables in required order', () => {
    expect(() => assertSchemaComplete(required, present({ raids: ['id', 'guild_id', 'display_id'] }))).toThrow(
      new Error('Missing required DB tables: dungeons, raid_votes'),
    );
  });

  it('reports missing tables before missing columns', () => {
    expect(() => assertSchemaComplete(required, present({ dungeons: ['id'], raids: ['id'] }))).toThrow(
      new Error('Missing required DB tables: raid_votes'),
    );
  });

  it('names the missing columns per table', () => {
    expect(() =>
      assertSchemaComplete(
        required,
        present({ dungeons: ['id', 'name', 'short_code'], raids: ['id'], raid_votes: ['id', 'kind'] }),
      ),
    ).toThrow(new Error('Missing required DB columns: raids(guild_id, display_id); raid_votes(raid_id, user_id)'));
  });
});
