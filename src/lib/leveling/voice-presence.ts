import { ChannelType, type Client } from 'discord.js';
import { displayNameOf } from './user-levels';
import type { GuildVoicePresence } from './voice-xp';

/** Non-bot members in voice channels (not stage channels) of every cached guild, for the voice XP pass. */
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
