import { ApplyOptions } from '@sapphire/decorators';
import { Listener } from '@sapphire/framework';
import { Events, type VoiceState } from 'discord.js';
import { VoiceSessions, voiceTransition } from '../../lib/leveling';
import { createLogger } from '../../lib/logging';

const log = createLogger('dmw.runtime');

/**
 * Voice join times for voice XP: joining voice starts the clock, leaving stops it,
 * moving between channels keeps it (the member is still in voice). Kept in Redis, so a
 * restart loses nothing.
 */
@ApplyOptions<Listener.Options>({ event: Events.VoiceStateUpdate })
export class VoiceStateUpdateListener extends Listener<typeof Events.VoiceStateUpdate> {
  public override async run(oldState: VoiceState, newState: VoiceState): Promise<void> {
    const member = newState.member ?? oldState.member;
    if (member?.user.bot) return;
    const transition = voiceTransition(oldState.channelId, newState.channelId);
    if (transition === 'none') return;
    try {
      const sessions = new VoiceSessions(await this.container.redis(), this.container.redisKeys.levelingPrefix);
      if (transition === 'join') await sessions.join(newState.guild.id, newState.id, Date.now());
      else await sessions.leave(oldState.guild.id, oldState.id);
    } catch (error) {
      log.warn(`Voice join time of ${newState.id} in guild ${newState.guild.id} not updated`, error);
    }
  }
}
