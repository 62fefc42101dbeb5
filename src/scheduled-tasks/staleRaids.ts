import type { ScheduledTask } from '@sapphire/plugin-scheduled-tasks';
import { BotTask, type BotTaskOptions } from '../lib/tasks/bot-task';
import { TASK_NAMES } from '../lib/tasks/task-names';

/**
 * Every 15 minutes: raids that are over are closed — a raid whose last slot began more
 * than its server's grace period ago (finished with attendance when a slot qualified,
 * cancelled otherwise), and a raid without dates open for 7 days or more (reference 6.13).
 * Sharded, each process closes its own servers' raids (lib/tasks/fan-out.ts).
 */
export class StaleRaidsTask extends BotTask {
  public constructor(context: ScheduledTask.LoaderContext, options: BotTaskOptions) {
    super(context, { ...options, name: TASK_NAMES.staleRaids, everyMs: 15 * 60_000, needsGateway: true, perShard: true });
  }

  protected async execute(): Promise<{ closed: number }> {
    return { closed: await this.container.raids.closing.closeStaleRaids(this.container.raids.time.now()) };
  }
}
