import { container } from '@sapphire/framework';
import type { ScheduledTask } from '@sapphire/plugin-scheduled-tasks';
import { forwardLogBatches, installedLogForwarder, installLogForwarder } from '../lib/log-forwarder';
import { BotTask, type BotTaskOptions } from '../lib/tasks/bot-task';
import { TASK_NAMES } from '../lib/tasks/task-names';

/**
 * Every 5 seconds: a few batches of buffered log lines to LOG_CHANNEL_ID in
 * LOG_GUILD_ID. Not loaded at all (so not scheduled) without a log channel.
 * Sharded, every process sends its own buffer.
 */
export class LogForwarderTask extends BotTask {
  public constructor(context: ScheduledTask.LoaderContext, options: BotTaskOptions) {
    const { logGuildId, logChannelId } = container.config;
    const enabled = logGuildId !== null && logChannelId !== null;
    super(context, { ...options, name: TASK_NAMES.logForwarder, everyMs: 5_000, needsGateway: true, perShard: true, enabled });
  }

  /** Start-up normally installs the sink right after loading the config; this covers a boot that did not. */
  public override onLoad(): unknown {
    installLogForwarder(this.container.config);
    return super.onLoad();
  }

  protected async execute(): Promise<unknown> {
    const { logGuildId, logChannelId } = this.container.config;
    const forwarder = installedLogForwarder();
    if (forwarder === null || logGuildId === null || logChannelId === null) return { skipped: 'no log channel configured' };
    return forwardLogBatches(this.container.client, forwarder, { guildId: logGuildId, channelId: logChannelId });
  }
}
