/** Sharded scheduled tasks: each process counts the parts it ran for its own servers (lib/tasks/fan-out.ts). */
import { taskParts } from './registry';

export async function countedTaskPart<T>(task: string, part: () => Promise<T>): Promise<T> {
  try {
    const result = await part();
    const skipped = typeof result === 'object' && result !== null && 'skipped' in result;
    taskParts.inc({ task, outcome: skipped ? 'skipped' : 'done' });
    return result;
  } catch (error) {
    taskParts.inc({ task, outcome: 'failure' });
    throw error;
  }
}
