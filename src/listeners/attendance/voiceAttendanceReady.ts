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
    const guilds = new Map<string, Map<string, string>>();
    for (const guild of this.container.client.guilds.cache.values()) {
      const inVoice = new Map<string, string>();
      for (const state of guild.voiceStates.cache.values()) {
        if (state.channelId !== null && state.member?.user.bot !== true) inVoice.set(state.id, state.channelId);
      }
      guilds.set(guild.id, inVoice);
    }
    try {
      const changed = await attendance.reconcile(guilds);
      logger.info(`voice attendance: voice log reconciled with ${guilds.size} server(s), ${changed} stretch(es) changed`);
    } catch (error) {
      logger.warn('voice attendance: reconciling the voice log at start-up failed; members count from their next voice change', error);
    }
  }
}
