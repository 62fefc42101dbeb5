import type { Raid as RaidEntity } from '../../../src/lib/db/entities';
import { VoteBases } from '../../../src/lib/raids/services/vote-basis';

interface FakeRaid {
  readonly guildId: string;
  displayId: number | null;
}

/** A reader over in-memory raids and zones that counts its reads; `hold` keeps reads waiting until released. */
function reader(raids: Record<number, FakeRaid>, zones: Record<string, string>) {
  const reads: number[] = [];
  let held: Array<() => void> | null = null;
  const read = async (raidId: number) => {
    reads.push(raidId);
    if (held !== null) await new Promise<void>((resolve) => held!.push(resolve));
    const raid = raids[raidId];
    if (raid === undefined) return null;
    return { basis: { raid: { id: raidId, ...raid } as unknown as RaidEntity, options: [] }, zone: zones[raid.guildId]! };
  };
  return {
    read,
    reads,
    hold: () => {
      held = [];
    },
    release: () => {
      const waiting = held ?? [];
      held = null;
      for (const resume of waiting) resume();
    },
  };
}

describe('VoteBases', () => {
  test('a raid is read once: later votes get the kept basis', async () => {
    const source = reader({ 1: { guildId: 'g', displayId: 4 } }, { g: 'Europe/Berlin' });
    const bases = new VoteBases(source.read);
    const first = await bases.get(1);
    const second = await bases.get(1);
    expect(second).toBe(first);
    expect(second?.zone).toBe('Europe/Berlin');
    expect(source.reads).toEqual([1]);
  });

  test('votes arriving while a read is on its way share it', async () => {
    const source = reader({ 1: { guildId: 'g', displayId: 4 } }, { g: 'Europe/Berlin' });
    const bases = new VoteBases(source.read);
    source.hold();
    const reads = [bases.get(1), bases.get(1), bases.get(1)];
    source.release();
    const [a, b, c] = await Promise.all(reads);
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(source.reads).toEqual([1]);
  });

  test('a raid without a display id (the old bot) is read again by every vote until it has one', async () => {
    const raid: FakeRaid = { guildId: 'g', displayId: null };
    const source = reader({ 1: raid }, { g: 'Europe/Berlin' });
    const bases = new VoteBases(source.read);
    await bases.get(1);
    await bases.get(1);
    raid.displayId = 9; // numbered by the first vote
    expect((await bases.get(1))?.basis.raid.displayId).toBe(9);
    await bases.get(1);
    expect(source.reads).toEqual([1, 1, 1]);
  });

  test('a gone raid is not kept', async () => {
    const source = reader({}, {});
    const bases = new VoteBases(source.read);
    expect(await bases.get(5)).toBeNull();
    expect(await bases.get(5)).toBeNull();
    expect(source.reads).toEqual([5, 5]);
  });

  test('a zone change drops the server\'s bases (not others\') and marks those already handed out', async () => {
    const zones = { g: 'Europe/Berlin', h: 'Europe/London' };
    const source = reader({ 1: { guildId: 'g', displayId: 1 }, 2: { guildId: 'h', displayId: 1 } }, zones);
    const bases = new VoteBases(source.read);
    const before = (await bases.get(1))!;
    const other = (await bases.get(2))!;
    zones.g = 'America/New_York';
    bases.zoneChanged('g');
    expect(bases.isCurrent(before)).toBe(false);
    expect(bases.isCurrent(other)).toBe(true);
    const after = (await bases.get(1))!;
    expect(after.zone).toBe('America/New_York');
    expect(bases.isCurrent(after)).toBe(true);
    expect(await bases.get(2)).toBe(other);
    expect(source.reads).toEqual([1, 2, 1]);
  });

  test('a read on its way when the zone changes is neither kept nor shared with later votes', async () => {
    const zones = { g: 'Europe/Berlin' };
    const source = reader({ 1: { guildId: 'g', displayId: 1 } }, zones);
    const bases = new VoteBases(source.read);
    source.hold();
    const early = bases.get(1);
    zones.g = 'America/New_York';
    bases.zoneChanged('g');
    const late = bases.get(1); // must not join the read begun before the change
    source.release();
    const [earlyBasis, lateBasis] = await Promise.all([early, late]);
    // The early read ran after the change here, but it began before: the vote checks it again under the lock.
    expect(bases.isCurrent(earlyBasis!)).toBe(false);
    expect(bases.isCurrent(lateBasis!)).toBe(true);
    expect(await bases.get(1)).toBe(lateBasis);
    expect(source.reads).toEqual([1, 1]);
  });

  test('a refused vote forgets the raid, and the least recently used raids go beyond the limit', async () => {
    const raids = { 1: { guildId: 'g', displayId: 1 }, 2: { guildId: 'g', displayId: 2 }, 3: { guildId: 'g', displayId: 3 } };
    const source = reader(raids, { g: 'Europe/Berlin' });
    const bases = new VoteBases(source.read, 2);
    await bases.get(1);
    await bases.get(2);
    await bases.get(1); // 1 used last: 2 goes when 3 comes
    await bases.get(3);
    await bases.get(1);
    expect(source.reads).toEqual([1, 2, 3]);
    await bases.get(2);
    expect(source.reads).toEqual([1, 2, 3, 2]);
    bases.forget(2);
    await bases.get(2);
    expect(source.reads).toEqual([1, 2, 3, 2, 2]);
  });
});
