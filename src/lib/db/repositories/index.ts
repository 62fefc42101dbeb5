import { DataSource, type EntityManager } from 'typeorm';
import { AttendanceRepository } from './attendance-repository';
import { DungeonRepository } from './dungeon-repository';

export { AttendanceRepository } from './attendance-repository';
export { DungeonRepository } from './dungeon-repository';

/** Every repository, bound to one data source or to one transaction's entity manager. */
export interface Repositories {
  readonly dungeons: DungeonRepository;
  readonly attendance: AttendanceRepository;
}

/**
 * Pass the data source for plain reads, or a transaction's manager
 * (`dataSource.transaction((manager) => createRepositories(manager)…)`) so several
 * repositories work inside one transaction.
 */
export function createRepositories(source: DataSource | EntityManager): Repositories {
  const manager = source instanceof DataSource ? source.manager : source;
  return {
    dungeons: new DungeonRepository(manager),
    attendance: new AttendanceRepository(manager),
  };
}
