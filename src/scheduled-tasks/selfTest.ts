import { container } from '@sapphire/framework';
import type { ScheduledTask } from '@sapphire/plugin-scheduled-tasks';
import { botSelfTestChecks, runSelfTest } from '../lib/selftest';
import { BotTask, type BotTaskOptions } from '../lib/tasks/bot-task';
import { TASK_NAMES } from '../lib/tasks/task-names';

/**
 * Every SELF_TEST_INTERVAL_SECONDS: the registered commands are exactly the expected
 * set, PostgreSQL and Redis answer, the gateway is ready. The outcome is kept for
 * `/status`; a failure fails the job. Runs without a ready gateway too (that is
 * one of the things it reports).
 */
export class SelfTestTask extends BotTask {
  public constructor(context: ScheduledTask.LoaderContext, options: BotTaskOptions) {
    const everyMs = container.config.selfTestIntervalSeconds * 1000;
    super(context, { ...options, name: TASK_NAMES.selfTest, everyMs, needsGateway: false });
  }

  protected async execute(): Promise<unknown> {
    const redis = await this.container.redis();
    return runSelfTest(redis, botSelfTestChecks(this.container.client, this.container.db, redis), { statusKey: this.container.redisKeys.selfTestStatus });
  }
}
