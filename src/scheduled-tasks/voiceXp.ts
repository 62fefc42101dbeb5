import type { ScheduledTask } from '@sapphire/plugin-scheduled-tasks';
import { ChannelType, type Client } from 'discord.js';
import { awardVoiceXp, displayNameOf, VoiceSessions, type GuildVoicePresence } from '../lib/leveling';
import { BotTask, type BotTaskOptions } from '../lib/tasks/bot-task';
import { sharedRedis } from '../lib/tasks/redis';
import { TASK_NAMES } from '../lib/tasks/task-names';

/** Every minute: +1 XP per full hour a member has spent in a guild's voice channels (reference 7.2). */
export class VoiceXpTask extends BotTask {
  public constructor(context: ScheduledTask.LoaderContext, options: BotTaskOptions) {
    super(context, { ...options, name: TASK_NAMES.voiceXp, everyMs: 60_000, needsGateway: true });
  }

  protected async execute(): Promise<unknown> {
    const sessions = new VoiceSessions(await sharedRedis());
    return awardVoiceXp({ sessions, db: this.container.db, now: Date.now() }, voicePresences(this.container.client));
  }
}

/** Non-bot members in voice channels (not stage channels) of every cached guild. */
export function voicePresences(client: Client): GuildVoicePresence[] {
  return client.guilds.cache.map((guild) => ({
    guildId: guild.id,
    members: guild.voiceStates.cache
      .filter((state) => state.channel !== null && state.channel.type !== ChannelType.GuildStageVoice && state.member?.user.bot !== true)
      .map((state) => ({
        userId: state.id,
        username: displayNameOf(state.member?.displayName, state.member?.user.globalName, state.member?.user.username),
      })),
  }));
}
