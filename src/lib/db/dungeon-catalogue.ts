/**
 * The production dungeon catalogue (Digimon Masters), seeded when `dungeons` is
 * empty, so a new deployment offers the dungeons the community plays; an existing
 * catalogue is never touched. Sort order 40 appears twice in production and is kept
 * as it was.
 */
export interface CatalogueDungeon {
  readonly sortOrder: number;
  readonly name: string;
  readonly shortCode: string;
}

export const DUNGEON_CATALOGUE: readonly CatalogueDungeon[] = [
  { sortOrder: 1, name: 'Berserk Arena', shortCode: 'berserk_arena' },
  { sortOrder: 2, name: 'Shopping Mall', shortCode: 'shopping_mall' },
  { sortOrder: 3, name: 'Ancient Ruins of Secret', shortCode: 'ancient_ruins_of_secret' },
  { sortOrder: 4, name: 'Crack of Devimon (Instance Dungeon)', shortCode: 'crack_of_devimon' },
  { sortOrder: 5, name: 'Crack of Devimon (Instance Dungeon)(Hard Mode)', shortCode: 'crack_of_devimon_hard' },
  { sortOrder: 6, name: 'Datamon Maze (Hero)', shortCode: 'datamon_maze_hero' },
  { sortOrder: 7, name: 'Green Zone (Advanced)', shortCode: 'green_zone_advanced' },
  { sortOrder: 8, name: 'GreenZone (Night) (Guild)', shortCode: 'greenzone_night_guild' },
  { sortOrder: 9, name: "Bagramon's Domain", shortCode: 'bagramons_domain' },
  { sortOrder: 10, name: 'GreenZone (EX)', shortCode: 'greenzone_ex' },
  { sortOrder: 11, name: 'Shadow Labyrinth', shortCode: 'shadow_labyrinth' },
  { sortOrder: 12, name: 'Scar of Water Crystal', shortCode: 'scar_of_water_crystal' },
  { sortOrder: 13, name: 'Scar of Water Crystal (Hard Mode)', shortCode: 'scar_of_water_crystal_hard' },
  { sortOrder: 14, name: 'Scar of Water Crystal (SSS)', shortCode: 'scar_of_water_crystal_sss' },
  { sortOrder: 15, name: 'Descending Thunder God', shortCode: 'descending_thunder_god' },
  { sortOrder: 16, name: 'Descending Thunder God (SSS)', shortCode: 'descending_thunder_god_sss' },
  { sortOrder: 17, name: 'Boundaries of Yin and Yang', shortCode: 'boundaries_of_yin_and_yang' },
  { sortOrder: 18, name: 'Boundaries of Yin and Yang (SSS)', shortCode: 'boundaries_of_yin_and_yang_sss' },
  { sortOrder: 19, name: "Royal Knight's Dominion", shortCode: 'royal_knights_dominion' },
  { sortOrder: 20, name: 'Royal Base', shortCode: 'royal_base' },
  { sortOrder: 21, name: 'Royal Base Hard', shortCode: 'royal_base_hard' },
  { sortOrder: 22, name: 'Tokyo Tower Observatory (Dungeon)', shortCode: 'tokyo_tower_observatory_dungeon' },
  { sortOrder: 23, name: 'Rainbow Bridge', shortCode: 'rainbow_bridge' },
  { sortOrder: 24, name: 'Fuji TV Rooftop (Dungeon)', shortCode: 'fuji_tv_rooftop_dungeon' },
  { sortOrder: 25, name: 'Venomous Vortex', shortCode: 'venomous_vortex' },
  { sortOrder: 26, name: 'Chaotic Battle Field', shortCode: 'chaotic_battle_field' },
  { sortOrder: 27, name: 'Burning Battle Field', shortCode: 'burning_battle_field' },
  { sortOrder: 28, name: 'Final Battle', shortCode: 'final_battle' },
  { sortOrder: 29, name: 'Marine Dragon Domain', shortCode: 'marine_dragon_domain' },
  { sortOrder: 30, name: 'Front Yard of Marionette Mansion', shortCode: 'front_yard_of_marionette_mansion' },
  { sortOrder: 31, name: 'Back of the Empire', shortCode: 'back_of_the_empire' },
  { sortOrder: 32, name: 'Stage Of Clown', shortCode: 'stage_of_clown' },
  { sortOrder: 33, name: 'Infinite Mountain Dungeon 2.0', shortCode: 'infinite_mountain_dungeon_2_0' },
  { sortOrder: 34, name: 'Vajramon Dungeon (SSS)', shortCode: 'vajramon_dungeon_sss' },
  { sortOrder: 35, name: 'Vajramon Dungeon (Hard)', shortCode: 'vajramon_dungeon_hard' },
  { sortOrder: 36, name: 'Vikaralamon Dungeon (SSS)', shortCode: 'vikaralamon_dungeon_sss' },
  { sortOrder: 37, name: 'Vikaralamon Dungeon (Hard)', shortCode: 'vikaralamon_dungeon_hard' },
  { sortOrder: 38, name: 'Odaiba Park', shortCode: 'odaiba_park' },
  { sortOrder: 39, name: 'Abyss Dungeon', shortCode: 'abyss_dungeon' },
  { sortOrder: 40, name: 'Royal Base Hard R1', shortCode: 'royal_base_hard_r1' },
  { sortOrder: 40, name: 'Infinite Mountain Dungeon', shortCode: 'infinite_mountain_dungeon' },
  { sortOrder: 41, name: 'Infinite Mountain Dungeon 3.0', shortCode: 'infinite_mountain_dungeon_3.0' },
];
