#!/usr/bin/env node
/**
 * Completes package-lock.json with the platform-specific optional packages (native
 * binaries of @swc/core, msgpackr-extract, unrs-resolver, …) for other platforms.
 *
 * Why: the npm registry this project is built against serves only the Linux builds of
 * such packages, so `npm install` cannot record the others, while `npm ci` insists on
 * an entry for every optional dependency and refuses the lock ("Missing: … from lock
 * file"). An entry with the package's os/cpu/libc is all npm needs to skip it on a
 * platform it does not fit; on a platform it fits, npm fetches it as usual.
 *
 * Run after any `npm install` that changes the lock: `node scripts/complete-lockfile.js`.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const OS_NAMES = ['darwin', 'linux', 'win32', 'android', 'freebsd', 'openharmony', 'sunos', 'netbsd', 'openbsd', 'aix'];

/** os/cpu/libc of a package named like `@scope/thing-<os>-<cpu>[-<abi>]`, or null. */
function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const at = parts.findIndex((part) => OS_NAMES.includes(part));
  if (at < 0 || at + 1 >= parts.length) return null;
  const os = parts[at];
  const cpu = parts[at + 1];
  const abi = parts.slice(at + 2).join('-');
  return os === 'linux' ? { os: [os], cpu: [cpu], libc: [/musl/.test(abi) ? 'musl' : 'glibc'] } : { os: [os], cpu: [cpu] };
}

function main() {
  const file = path.join(__dirname, '..', 'package-lock.json');
  const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
  const packages = lock.packages;
  const added = [];
  for (const [location, entry] of Object.entries(packages)) {
    for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
      // npm resolves from the package's own node_modules up to the root; hoisted is the usual place.
      const nested = `${location ? `${location}/` : ''}node_modules/${name}`;
      if (packages[nested] || packages[`node_modules/${name}`]) continue;
      const platform = platformOf(name);
      if (platform === null) {
        console.warn(`complete-lockfile: ${name} (optional dependency of ${location || 'the project'}) is missing and not platform-specific; run npm install`);
        continue;
      }
      packages[`node_modules/${name}`] = { version, ...(entry.dev ? { dev: true } : {}), optional: true, ...platform };
      added.push(`${name}@${version}`);
    }
  }
  if (added.length === 0) {
    console.log('complete-lockfile: nothing missing');
    return;
  }
  const [rootKey, ...keys] = Object.keys(packages);
  lock.packages = Object.fromEntries([rootKey, ...keys.sort((a, b) => a.localeCompare(b, 'en'))].map((key) => [key, packages[key]]));
  fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(`complete-lockfile: added ${added.length} entries: ${added.join(', ')}`);
}

main();
