import { container, SapphireClient } from '@sapphire/framework';
import { createLogger } from '../logging';
import { removeStaleRepeatables, schedulesOf } from './schedules';

const log = createLogger('dmw.tasks');

/**
 * Removes the queue's repeatable jobs that no loaded task wants (see
 * `removeStaleRepeatables`). Needs the task pieces loaded, i.e. after login started.
 */
export async function cleanUpTaskSchedules(): Promise<string[]> {
  const store = container.stores.get('scheduled-tasks');
  const removed = await removeStaleRepeatables(container.tasks.client, schedulesOf(store.repeatedTasks));
  if (removed.length > 0) log.info(`Removed ${removed.length} outdated task schedule(s): ${removed.join(', ')}`);
  return removed;
}

let registered = false;

/**
 * Runs the clean-up once per login, right where the scheduled-tasks plugin creates
 * the current schedules (a post-login plugin hook: the pieces are loaded by then).
 * Registered when the first task piece is loaded, so start-up code needs no extra call.
 */
export function registerScheduleCleanupOnLogin(): void {
  if (registered) return;
  registered = true;
  SapphireClient.plugins.registerPostLoginHook(() => {
    cleanUpTaskSchedules().catch((error: unknown) => log.warn('Could not clean up outdated task schedules', error));
  }, 'DMW-Task-Schedule-Cleanup');
}
