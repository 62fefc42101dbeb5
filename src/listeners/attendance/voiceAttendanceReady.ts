import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener } from '@sapphire/framework';
import { createLogger } from '../../lib/logging';

const logger = createLogger('dmw.attendance');

/**
 * Start-up: the voice log follows who is in voice now (the gateway's voice states of
 * every server), so a restart during a slot's window loses nothing — a member still in
 * voice keeps the stretch begun before the restart, one who joined meanwhile counts from now.
 */
@ApplyOptions<Listener.Options>({ once: true, event: Events.ClientReady })
export class VoiceAttendanceReadyListener extends Listener<typeof Events.ClientReady> {
  public async run(): Promise<void> {
    const attendance = this.container.raids.attendance;
    if (attendance === null) return;
    const { guilds } = this.container.client;
    const inVoiceOf = (guildId: string) => {
      const inVoice = new Map<string, string>();
      for (const state of guilds.cache.get(guildId)?.voiceStates.cache.values() ?? []) {
        if (state.channelId !== null && state.member?.user.bot !== true) inVoice.set(state.id, state.channelId);
      }
      return inVoice;
    };
    try {
      const changed = await attendance.reconcile([...guilds.cache.keys()], inVoiceOf);
      attendance.startWatching();
      logger.info(`voice attendance: voice log reconciled with ${guilds.cache.size} server(s), ${changed} stretch(es) changed`);
    } catch (error) {
      logger.warn('voice attendance: reconciling the voice log at start-up failed; members count from their next voice change', error);
    }
  }
}
