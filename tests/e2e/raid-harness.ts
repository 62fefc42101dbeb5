/**
 * The raid-flow e2e suites on `startHarness()` (built bot + emulator + own database
 * and leased Redis database), shaped as the `World` of restore-support.ts so its
 * member actions (create a raid through /raidplan, vote through the selects) are
 * shared rather than copied. Adds a data source on the harness database for
 * repository read-backs.
 */
import { createDataSource } from '../../src/lib/db/data-source';
import { createRepositories } from '../../src/lib/db/repositories';
import { startHarness, type Harness } from '../support/harness';
import type { World } from './restore-support';

export interface RaidWorld extends World {
  readonly harness: Harness;
}

/**
 * The emulator, database and Redis, with the bot not started yet: build guilds and
 * members first (the bot then sees them in READY), then `world.harness.startBot({ env })`.
 */
export async function createRaidWorld(): Promise<RaidWorld> {
  const harness = await startHarness({ deferBotStart: true, readyTimeoutMs: 90_000 });
  const dataSource = createDataSource(harness.db.url, { logging: false });
  await dataSource.initialize();
  return {
    harness,
    emulator: harness.emulator,
    db: harness.db,
    dataSource,
    repos: createRepositories(dataSource),
    redisUrl: harness.redisUrl,
    get bot() {
      return harness.bot;
    },
    set bot(_replacement) {
      throw new Error('the harness owns the bot process; use world.harness.restartBot()');
    },
  };
}

export async function stopRaidWorld(world: RaidWorld | undefined): Promise<void> {
  if (world === undefined) return;
  await world.dataSource.destroy();
  await world.harness.stop();
}
