import { ChannelType, type Client, type Guild, type VoiceState } from 'discord.js';
import { displayNameOf } from './user-levels';
import type { GuildVoicePresence } from './voice-xp';

/**
 * Non-bot members in voice channels (not stage channels) of every cached guild, for the
 * voice XP pass. The member cache keeps members in voice (lib/discord/cache-policy.ts),
 * but a member who was in voice when the guild arrived may have been let go before its
 * voice state was read: such members are fetched once (and then kept while in voice).
 */
export async function voicePresences(client: Client): Promise<GuildVoicePresence[]> {
  const presences: GuildVoicePresence[] = [];
  for (const guild of client.guilds.cache.values()) {
    const inVoice = guild.voiceStates.cache.filter((state) => state.channel !== null && state.channel.type !== ChannelType.GuildStageVoice);
    await fetchMissingMembers(guild, [...inVoice.values()]);
    presences.push({
      guildId: guild.id,
      members: inVoice
        .filter((state) => state.member?.user.bot !== true)
        .map((state) => ({
          userId: state.id,
          username: displayNameOf(state.member?.displayName, state.member?.user.globalName, state.member?.user.username),
        })),
    });
  }
  return presences;
}

async function fetchMissingMembers(guild: Guild, states: readonly VoiceState[]): Promise<void> {
  for (const state of states) {
    if (state.member === null) await guild.members.fetch(state.id).catch(() => undefined);
  }
}
