import type { ScheduledTask } from '@sapphire/plugin-scheduled-tasks';
import { recordRaidsClosed } from '../lib/metrics';
import { raidServices } from '../lib/raids/services';
import { BotTask, type BotTaskOptions } from '../lib/tasks/bot-task';
import { TASK_NAMES } from '../lib/tasks/task-names';

/** Every 15 minutes: raids open for 7 days or more are closed without attendance (reference 6.13). */
export class StaleRaidsTask extends BotTask {
  public constructor(context: ScheduledTask.LoaderContext, options: BotTaskOptions) {
    super(context, { ...options, name: TASK_NAMES.staleRaids, everyMs: 15 * 60_000, needsGateway: true });
  }

  protected async execute(): Promise<{ closed: number }> {
    const closed = await raidServices().closing.closeStaleRaids(new Date());
    recordRaidsClosed('stale-cleanup', closed);
    return { closed };
  }
}
