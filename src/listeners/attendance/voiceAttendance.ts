import { ApplyOptions } from '@sapphire/decorators';
import { Listener } from '@sapphire/framework';
import { Events, type VoiceState } from 'discord.js';

/**
 * Voice-verified attendance (src/lib/attendance): every change of a member's voice
 * channel goes into the voice log in Redis (one call, no database write). Next to the
 * voice XP listener, which only cares about join and leave.
 */
@ApplyOptions<Listener.Options>({ event: Events.VoiceStateUpdate })
export class VoiceAttendanceListener extends Listener<typeof Events.VoiceStateUpdate> {
  public override async run(oldState: VoiceState, newState: VoiceState): Promise<void> {
    const attendance = this.container.raids.attendance;
    if (attendance === null || oldState.channelId === newState.channelId) return;
    if ((newState.member ?? oldState.member)?.user.bot) return;
    await attendance.onVoiceState(newState.guild.id, newState.id, newState.channelId);
  }
}
