import type { ScheduledTask } from '@sapphire/plugin-scheduled-tasks';
import { BotTask, type BotTaskOptions } from '../lib/tasks/bot-task';
import { TASK_NAMES } from '../lib/tasks/task-names';

/** Every 15 minutes: raids open for 7 days or more are closed without attendance (reference 6.13). */
export class StaleRaidsTask extends BotTask {
  public constructor(context: ScheduledTask.LoaderContext, options: BotTaskOptions) {
    super(context, { ...options, name: TASK_NAMES.staleRaids, everyMs: 15 * 60_000, needsGateway: true });
  }

  protected async execute(): Promise<{ closed: number }> {
    return { closed: await this.container.raids.closing.closeStaleRaids(new Date()) };
  }
}
