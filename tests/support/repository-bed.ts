/**
 * The setup repository tests share: a test database with the production schema, a data
 * source on it and the repositories, opened before the file's tests and closed after
 * them (call at the top level of a test file).
 */
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/lib/db/data-source';
import { createRepositories, type Repositories } from '../../src/lib/db/repositories';
import { createTestDatabase, type TestDatabase } from './database';

export interface RepositoryBed {
  readonly db: TestDatabase;
  readonly dataSource: DataSource;
  readonly repos: Repositories;
}

export function useRepositoryBed(): RepositoryBed {
  const bed = {} as { db: TestDatabase; dataSource: DataSource; repos: Repositories };
  beforeAll(async () => {
    bed.db = await createTestDatabase();
    bed.dataSource = createDataSource(bed.db.url);
    await bed.dataSource.initialize();
    bed.repos = createRepositories(bed.dataSource);
  });
  afterAll(async () => {
    await bed.dataSource?.destroy();
    await bed.db?.drop();
  });
  return bed;
}
