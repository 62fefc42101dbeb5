/**
 * The old bot's level curve, so the XP it stored still means the same level: reaching
 * level L takes 25·L² + 75·L XP in total (L1 = 100, L2 = 250, L5 = 1000, L10 = 3250).
 */

export function xpRequiredForLevel(level: number): number {
  return 25 * level * level + 75 * level;
}

/** The largest L whose requirement is at most `xp`; negative XP counts as 0. */
export function levelForXp(xp: number): number {
  if (!(xp > 0)) return 0;
  // Closed form of 25L² + 75L = xp, then corrected a step either way for rounding.
  let level = Math.max(0, Math.floor((-75 + Math.sqrt(5625 + 100 * xp)) / 50));
  while (xpRequiredForLevel(level + 1) <= xp) level += 1;
  while (level > 0 && xpRequiredForLevel(level) > xp) level -= 1;
  return level;
}
