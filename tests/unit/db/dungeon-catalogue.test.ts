import { DUNGEON_CATALOGUE } from '../../../src/lib/db/dungeon-catalogue';

describe('production dungeon catalogue', () => {
  it('holds the 42 dungeons of the production dump', () => {
    expect(DUNGEON_CATALOGUE).toHaveLength(42);
    expect(DUNGEON_CATALOGUE[0]).toEqual({ sortOrder: 1, name: 'Berserk Arena', shortCode: 'berserk_arena' });
    expect(DUNGEON_CATALOGUE.at(-1)).toEqual({ sortOrder: 41, name: 'Infinite Mountain Dungeon 3.0', shortCode: 'infinite_mountain_dungeon_3.0' });
  });

  it('satisfies the unique name and short code constraints of the table, also ignoring case', () => {
    const names = DUNGEON_CATALOGUE.map((d) => d.name.toLowerCase());
    const codes = DUNGEON_CATALOGUE.map((d) => d.shortCode);
    expect(new Set(names).size).toBe(42);
    expect(new Set(codes).size).toBe(42);
    for (const dungeon of DUNGEON_CATALOGUE) expect(dungeon.name).toBe(dungeon.name.trim());
  });

  it('keeps the production sort order, including the shared 40', () => {
    const orders = DUNGEON_CATALOGUE.map((d) => d.sortOrder);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
    expect(DUNGEON_CATALOGUE.filter((d) => d.sortOrder === 40).map((d) => d.name)).toEqual(['Royal Base Hard R1', 'Infinite Mountain Dungeon']);
  });
});
