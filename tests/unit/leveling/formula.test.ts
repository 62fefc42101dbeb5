import { levelForXp, xpRequiredForLevel } from '../../../src/lib/leveling';

describe('level formula', () => {
  it('needs 25·L² + 75·L XP in total to reach level L', () => {
    expect([1, 2, 3, 4, 5, 10].map(xpRequiredForLevel)).toEqual([100, 250, 450, 700, 1000, 3250]);
  });

  it('is the largest level whose requirement is reached, exactly at the boundaries', () => {
    expect(levelForXp(0)).toBe(0);
    expect(levelForXp(99)).toBe(0);
    expect(levelForXp(100)).toBe(1);
    expect(levelForXp(249)).toBe(1);
    expect(levelForXp(250)).toBe(2);
    expect(levelForXp(3249)).toBe(9);
    expect(levelForXp(3250)).toBe(10);
  });

  it('treats negative XP as 0', () => {
    expect(levelForXp(-500)).toBe(0);
  });

  it('agrees with counting up level by level over a wide range', () => {
    let level = 0;
    for (let xp = 0; xp <= 200_000; xp += 7) {
      while (xpRequiredForLevel(level + 1) <= xp) level += 1;
      expect(levelForXp(xp)).toBe(level);
    }
    for (let l = 1; l <= 9000; l += 1) {
      const needed = xpRequiredForLevel(l);
      expect(levelForXp(needed)).toBe(l);
      expect(levelForXp(needed - 1)).toBe(l - 1);
    }
  });
});
