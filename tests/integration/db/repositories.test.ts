import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../src/lib/db/data-source';
import { DUNGEON_CATALOGUE } from '../../../src/lib/db/dungeon-catalogue';
import { createRepositories, type Repositories } from '../../../src/lib/db/repositories';
import { seedDungeons } from '../../../src/lib/db/seed';
import { createTestDatabase, type TestDatabase } from '../../support/database';

describe('repositories', () => {
  let db: TestDatabase;
  let source: DataSource;
  let repos: Repositories;

  beforeAll(async () => {
    db = await createTestDatabase({ schema: 'fixture' });
    source = await createDataSource(db.url, { poolSize: 2 }).initialize();
    repos = createRepositories(source);
    await seedDungeons(source);
    // Deactivated entries exist in the table but must never be offered or accepted.
    await db.query(`UPDATE dungeons SET is_active = false WHERE name IN ('Royal Base', 'Berserk Arena')`);
  });
  afterAll(async () => {
    await source?.destroy();
    await db?.drop();
  });

  describe('dungeons', () => {
    const activeNames = DUNGEON_CATALOGUE.map((d) => d.name).filter((name) => name !== 'Royal Base' && name !== 'Berserk Arena');

    it('lists the first 25 active dungeons in catalogue order without a filter', async () => {
      const names = (await repos.dungeons.activeDungeons()).map((d) => d.name);
      expect(names).toHaveLength(25);
      expect(names[0]).toBe('Shopping Mall');
      expect(names).toEqual(activeNames.slice(0, 25));
      expect(await repos.dungeons.activeDungeons('   ')).toEqual(await repos.dungeons.activeDungeons());
    });

    it('orders by sort order, then by name ignoring case', async () => {
      const names = (await repos.dungeons.allActive()).map((d) => d.name);
      expect(names).toHaveLength(40);
      // Both have sort order 40; 'Infinite…' sorts before 'Royal…'.
      expect(names.slice(-3)).toEqual(['Infinite Mountain Dungeon', 'Royal Base Hard R1', 'Infinite Mountain Dungeon 3.0']);
    });

    it('filters by a trimmed, case-insensitive substring and honours the limit', async () => {
      expect((await repos.dungeons.activeDungeons('  rOYAL ')).map((d) => d.name)).toEqual([
        "Royal Knight's Dominion",
        'Royal Base Hard',
        'Royal Base Hard R1',
      ]);
      expect((await repos.dungeons.activeDungeons('dungeon', 3)).map((d) => d.name)).toEqual([
        'Crack of Devimon (Instance Dungeon)',
        'Crack of Devimon (Instance Dungeon)(Hard Mode)',
        'Tokyo Tower Observatory (Dungeon)',
      ]);
    });

    it('treats LIKE wildcards in the filter as plain text', async () => {
      expect(await repos.dungeons.activeDungeons('%')).toEqual([]);
      expect(await repos.dungeons.activeDungeons('_')).toEqual([]);
      expect((await repos.dungeons.activeDungeons('2.0')).map((d) => d.name)).toEqual(['Infinite Mountain Dungeon 2.0']);
    });

    it('finds an active dungeon by its exact name ignoring case and blanks, returning the canonical row', async () => {
      const found = await repos.dungeons.findActiveByName('  shadow LABYRINTH ');
      expect(found).toMatchObject({ name: 'Shadow Labyrinth', shortCode: 'shadow_labyrinth', isActive: true, sortOrder: 11 });
      expect(await repos.dungeons.findActiveByName('Shadow')).toBeNull();
      expect(await repos.dungeons.findActiveByName('   ')).toBeNull();
    });

    it('finds an active dungeon by id, and nothing for an inactive or unknown id', async () => {
      const [shadow] = await db.query<{ id: number }>(`SELECT id FROM dungeons WHERE name = 'Shadow Labyrinth'`);
      const [royalBase] = await db.query<{ id: number }>(`SELECT id FROM dungeons WHERE name = 'Royal Base'`);
      expect(await repos.dungeons.findActiveById(shadow!.id)).toMatchObject({ id: shadow!.id, name: 'Shadow Labyrinth', isActive: true });
      expect(await repos.dungeons.findActiveById(royalBase!.id)).toBeNull();
      expect(await repos.dungeons.findActiveById(2_000_000_000)).toBeNull();
    });

    it('never returns an inactive dungeon', async () => {
      expect(await repos.dungeons.findActiveByName('Royal Base')).toBeNull();
      expect((await repos.dungeons.activeDungeons('berserk')).length).toBe(0);
      expect((await repos.dungeons.allActive()).some((d) => !d.isActive)).toBe(false);
    });
  });

  describe('attendance', () => {
    beforeAll(async () => {
      await db.query(
        `INSERT INTO raid_attendance (guild_id, raid_display_id, dungeon, user_id, status) VALUES
           (100, 1, 'Royal Base Hard', 7, 'present'),
           (100, 2, 'Royal Base Hard', 7, 'present'),
           (100, 3, 'Royal Base Hard', 7, 'absent'),
           (100, 4, 'Royal Base Hard', 7, 'pending'),
           (100, 1, 'Royal Base Hard', 8, 'present'),
           (200, 1, 'Odaiba Park', 7, 'present')`,
      );
    });

    it('counts only present rows of the member in that guild', async () => {
      expect(await repos.attendance.participationCount('100', '7')).toBe(2);
      expect(await repos.attendance.participationCount('200', '7')).toBe(1);
      expect(await repos.attendance.participationCount('100', '8')).toBe(1);
    });

    it('is 0 for a member without attendance', async () => {
      expect(await repos.attendance.participationCount('100', '9')).toBe(0);
      expect(await repos.attendance.participationCount('300', '7')).toBe(0);
    });

    it('handles snowflakes beyond 2^53 exactly', async () => {
      const guild = '1234567890123456789';
      await db.query(`INSERT INTO raid_attendance (guild_id, raid_display_id, dungeon, user_id, status) VALUES ($1, 1, 'x', $2, 'present')`, [
        guild,
        '987654321987654321',
      ]);
      expect(await repos.attendance.participationCount(guild, '987654321987654321')).toBe(1);
      expect(await repos.attendance.participationCount(guild, '987654321987654320')).toBe(0);
    });

    it('sees uncommitted rows when bound to a transaction', async () => {
      await source
        .transaction(async (manager) => {
          await manager.query(`INSERT INTO raid_attendance (guild_id, raid_display_id, dungeon, user_id, status) VALUES (100, 9, 'x', 9, 'present')`);
          expect(await createRepositories(manager).attendance.participationCount('100', '9')).toBe(1);
          expect(await repos.attendance.participationCount('100', '9')).toBe(0);
          throw new Error('roll back');
        })
        .catch((error: Error) => expect(error.message).toBe('roll back'));
      expect(await repos.attendance.participationCount('100', '9')).toBe(0);
    });
  });
});
