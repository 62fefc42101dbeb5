import { ScheduledTask, type ScheduledTasksKeys } from '@sapphire/plugin-scheduled-tasks';
import { createLogger } from '../logging';
import { countedTaskPart } from '../metrics/tasks';
import { runExclusive } from './exclusive';
import { registerScheduleCleanupOnLogin } from './startup-cleanup';
import { isStartupRestored } from '../startup';
import { botFanOut } from './bot-fan-out';
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
  /**
   * The work is per server (or per process): sharded, every live process runs `execute`
   * for its own shards when the job runs, wherever it runs (fan-out.ts). Unsharded, it
   * runs in-line as any task.
   */
  readonly perShard?: boolean;
}

/** How long a job waits for the other processes' parts: half its period, at most 5 minutes. */
export function partsWaitMs(everyMs: number): number {
  return Math.min(Math.floor(everyMs / 2), 5 * 60_000);
}

/**
 * A worker of the bot: repeated every `everyMs`, never running twice at once across
 * processes, and a failing run throws so BullMQ marks that job failed (the dashboard
 * shows it) while the repeat goes on. What `execute` returns is the job's result.
 */
export abstract class BotTask extends ScheduledTask<ScheduledTasksKeys, BotTaskOptions> {
  private readonly needsGateway: boolean;
  private readonly perShard: boolean;
  private readonly everyMs: number;

  public constructor(context: ScheduledTask.LoaderContext, options: BotTaskOptions) {
    super(context, { ...options, interval: options.everyMs, customJobOptions: { ...JOB_RETENTION, ...options.customJobOptions } });
    this.needsGateway = options.needsGateway;
    this.perShard = options.perShard ?? false;
    this.everyMs = options.everyMs;
  }

  /** The task's work; for a `perShard` task, this process's part for its own servers. */
  protected abstract execute(): Promise<unknown>;

  public override async run(): Promise<unknown> {
    const notReady = this.notReady();
    if (notReady !== null) return notReady;
    const sharded = this.perShard && this.container.shards.sharded;
    const work = sharded ? () => botFanOut().run(this.name, () => countedTaskPart(this.name, () => this.execute()), partsWaitMs(this.everyMs)) : () => this.execute();
    const outcome = await runExclusive(await this.container.redis(), this.name, work, {
      keyPrefix: this.container.redisKeys.taskLockPrefix,
      onLost: (key) => log.warn(`Task ${this.name} lost its run lock ${key} while running`),
    });
    if (!outcome.ran) {
      log.debug(`Task ${this.name} is still running elsewhere; this run is skipped`);
      return { skipped: 'already running' };
    }
    return outcome.value ?? null;
  }

  /** Whether every process runs its own part of this task (`perShard`). */
  public get runsPerShard(): boolean {
    return this.perShard;
  }

  /** Sharded: this process's part of a job another process took (fan-out.ts). */
  public async runOwnPart(): Promise<unknown> {
    return countedTaskPart(this.name, async () => this.notReady() ?? this.execute());
  }

  private notReady(): { skipped: string } | null {
    if (this.needsGateway && !this.container.client.isReady()) return { skipped: 'gateway not ready' };
    // Tasks that talk to Discord start after start-up restoration: a stale-raid run must not race it for the same messages.
    if (this.needsGateway && !isStartupRestored()) return { skipped: 'start-up restoration not finished' };
    return null;
  }
}
