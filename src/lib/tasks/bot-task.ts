import { ScheduledTask, type ScheduledTasksKeys } from '@sapphire/plugin-scheduled-tasks';
import { createLogger } from '../logging';
import { runExclusive } from './exclusive';
import { registerScheduleCleanupOnLogin } from './startup-cleanup';
import { isStartupRestored } from '../startup';
import './task-names';

const log = createLogger('dmw.tasks');

registerScheduleCleanupOnLogin();

/**
 * Finished jobs kept for the dashboard: enough history to see a pattern, not an
 * ever-growing Redis (the plugin's worker keeps every job by default).
 */
export const JOB_RETENTION = {
  removeOnComplete: { count: 100 },
  removeOnFail: { count: 500 },
} as const;

export interface BotTaskOptions extends ScheduledTask.Options {
  /** Period of the task. */
  readonly everyMs: number;
  /** Skip runs while the gateway is not ready (tasks that talk to Discord). */
  readonly needsGateway: boolean;
}

/**
 * A worker of the bot: repeated every `everyMs`, never running twice at once across
 * processes, and a failing run throws so BullMQ marks that job failed (the dashboard
 * shows it) while the repeat goes on. What `execute` returns is the job's result.
 */
export abstract class BotTask extends ScheduledTask<ScheduledTasksKeys, BotTaskOptions> {
  private readonly needsGateway: boolean;

  public constructor(context: ScheduledTask.LoaderContext, options: BotTaskOptions) {
    super(context, { ...options, interval: options.everyMs, customJobOptions: { ...JOB_RETENTION, ...options.customJobOptions } });
    this.needsGateway = options.needsGateway;
  }

  protected abstract execute(): Promise<unknown>;

  public override async run(): Promise<unknown> {
    if (this.needsGateway && !this.container.client.isReady()) return { skipped: 'gateway not ready' };
    // Tasks that talk to Discord start after start-up restoration: a stale-raid run must not race it for the same messages.
    if (this.needsGateway && !isStartupRestored()) return { skipped: 'start-up restoration not finished' };
    const outcome = await runExclusive(await this.container.redis(), this.name, () => this.execute(), {
      keyPrefix: this.container.redisKeys.taskLockPrefix,
      onLost: (key) => log.warn(`Task ${this.name} lost its run lock ${key} while running`),
    });
    if (!outcome.ran) {
      log.debug(`Task ${this.name} is still running elsewhere; this run is skipped`);
      return { skipped: 'already running' };
    }
    return outcome.value ?? null;
  }
}
