/**
 * What every test bed with Discord stands on: the local Discord emulator, a database
 * of the production schema and the bot's repositories on it. The e2e world (world.ts)
 * adds Redis and the built bot as a process; the restoration bed
 * (tests/integration/restore/support.ts) a discord.js client in the test's process.
 */
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/lib/db/data-source';
import { createRepositories, type Repositories } from '../../src/lib/db/repositories';
import { createTestDatabase, type TestDatabase } from './database';
import { RequestContractError, startDiscordEmulator, type DiscordEmulator, type DiscordEmulatorOptions } from './discord-emulator';

export interface WorldBaseOptions {
  /** A database to use (and not drop); by default a fresh one from the production schema fixture. */
  db?: TestDatabase;
  /** Emulator options (heartbeat every 5 s unless given). */
  emulator?: DiscordEmulatorOptions;
}

export interface WorldBase {
  readonly emulator: DiscordEmulator;
  readonly db: TestDatabase;
  readonly dataSource: DataSource;
  readonly repos: Repositories;
  /** Adds something to undo at `close()`; the last added is undone first. */
  onClose(cleanup: () => void | Promise<void>): void;
  /**
   * Undoes everything, best effort, except that a request that broke Discord's API
   * contract fails the test file: then it throws that `RequestContractError`.
   */
  close(): Promise<void>;
}

export async function openWorldBase(options: WorldBaseOptions = {}): Promise<WorldBase> {
  const cleanups: Array<() => void | Promise<void>> = [];
  const close = async (): Promise<void> => {
    let broken: RequestContractError | null = null;
    for (const cleanup of cleanups.splice(0).reverse()) {
      await Promise.resolve()
        .then(cleanup)
        .catch((error: unknown) => {
          if (error instanceof RequestContractError) broken = error;
        });
    }
    if (broken) throw broken;
  };
  const onClose = (cleanup: () => void | Promise<void>): void => {
    cleanups.push(cleanup);
  };
  return buildOrClose({ close }, async () => {
    const emulator = await startDiscordEmulator({ heartbeatIntervalMs: 5_000, ...options.emulator });
    onClose(() => emulator.close());
    const db = options.db ?? (await createTestDatabase());
    if (!options.db) onClose(() => db.drop());
    const dataSource = createDataSource(db.url, { logging: false });
    await dataSource.initialize();
    onClose(() => dataSource.destroy());
    return { emulator, db, dataSource, repos: createRepositories(dataSource), onClose, close };
  });
}

/**
 * Runs `build`; when it fails, closes what was built so far and throws its error (with
 * the API contract break, if closing found one, appended to its message).
 */
export async function buildOrClose<T>(closable: { close(): Promise<void> }, build: () => Promise<T>): Promise<T> {
  try {
    return await build();
  } catch (error) {
    const broken = await closable.close().then(
      () => null,
      (closeError: unknown) => closeError as Error,
    );
    if (broken && error instanceof Error) error.message += `\n${broken.message}`;
    throw error;
  }
}
