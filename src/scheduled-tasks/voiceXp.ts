import type { ScheduledTask } from '@sapphire/plugin-scheduled-tasks';
import { awardVoiceXp, VoiceSessions } from '../lib/leveling';
import { voicePresences } from '../lib/leveling/voice-presence';
import { BotTask, type BotTaskOptions } from '../lib/tasks/bot-task';
import { TASK_NAMES } from '../lib/tasks/task-names';

/**
 * Every minute: +1 XP per full hour a member has spent in a guild's voice channels (reference 7.2).
 * Sharded, each process awards its own servers' members (their voice states are in its cache only).
 */
export class VoiceXpTask extends BotTask {
  public constructor(context: ScheduledTask.LoaderContext, options: BotTaskOptions) {
    super(context, { ...options, name: TASK_NAMES.voiceXp, everyMs: 60_000, needsGateway: true, perShard: true });
  }

  protected async execute(): Promise<unknown> {
    const sessions = new VoiceSessions(await this.container.redis(), this.container.redisKeys.levelingPrefix);
    return awardVoiceXp({ sessions, db: this.container.db, now: Date.now() }, await voicePresences(this.container.client));
  }
}
