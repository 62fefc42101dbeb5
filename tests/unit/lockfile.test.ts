import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * package-lock.json pins every package with the registry's integrity hash, so `npm ci`
 * verifies what it downloads on every platform, and it lists every optional
 * dependency (the other platforms' native builds included), which `npm ci` insists on.
 */

interface LockEntry {
  readonly version?: string;
  readonly resolved?: string;
  readonly integrity?: string;
  readonly link?: boolean;
  readonly optionalDependencies?: Record<string, string>;
}

const lock = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package-lock.json'), 'utf8')) as { lockfileVersion: number; packages: Record<string, LockEntry> };
const packages = Object.entries(lock.packages).filter(([location, entry]) => location !== '' && entry.link !== true);

it('is a version 3 lock with packages', () => {
  expect(lock.lockfileVersion).toBe(3);
  expect(packages.length).toBeGreaterThan(100);
});

it('gives every package (all but the root and links) a sha512 integrity', () => {
  const without = packages.filter(([, entry]) => !/^sha512-[A-Za-z0-9+/]{86}==$/.test(entry.integrity ?? '')).map(([location]) => location);
  expect(without).toEqual([]);
});

it('gives every entry with a resolved URL an integrity', () => {
  expect(packages.filter(([, entry]) => entry.resolved !== undefined && entry.integrity === undefined).map(([location]) => location)).toEqual([]);
});

it('lists every optional dependency, for every platform', () => {
  const missing: string[] = [];
  for (const [location, entry] of Object.entries(lock.packages)) {
    for (const name of Object.keys(entry.optionalDependencies ?? {})) {
      // npm looks in the package's own node_modules first, then upwards to the root.
      const parts = location === '' ? [] : location.split('/node_modules/');
      const candidates = parts.map((_, i) => `${parts.slice(0, parts.length - i).join('/node_modules/')}/node_modules/${name}`);
      candidates.push(`node_modules/${name}`);
      if (!candidates.some((candidate) => lock.packages[candidate] !== undefined)) missing.push(`${name} (of ${location || 'the project'})`);
    }
  }
  expect(missing).toEqual([]);
});
