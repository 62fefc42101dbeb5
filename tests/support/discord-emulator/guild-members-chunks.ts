import { GatewayIntentBits } from 'discord-api-types/v10';
import type { GatewaySession } from './gateway';
import { apiMember } from './serialize';
import type { EmulatorState } from './state';

/**
 * GUILD_MEMBERS_CHUNK payloads answering one REQUEST_GUILD_MEMBERS (op 8): by user ids,
 * by name prefix, or everyone (only with the GuildMembers intent), at most 1000 a chunk.
 */
export function guildMembersChunks(state: EmulatorState, session: GatewaySession, data: any): Array<Record<string, unknown>> {
  const chunks: Array<Record<string, unknown>> = [];
  const guildIds: string[] = Array.isArray(data?.guild_id) ? data.guild_id : [data?.guild_id];
  const limit = typeof data?.limit === 'number' && data.limit > 0 ? data.limit : Number.POSITIVE_INFINITY;
  const query = typeof data?.query === 'string' ? data.query.toLowerCase() : '';
  const userIds: string[] | null = Array.isArray(data?.user_ids) ? data.user_ids : typeof data?.user_ids === 'string' ? [data.user_ids] : null;
  const mayListAll = (session.intents & GatewayIntentBits.GuildMembers) !== 0;
  for (const guildId of guildIds) {
    const guild = state.guilds.get(guildId);
    if (!guild || !guild.members.has(session.application.botUserId)) continue;
    let members = [...guild.members.values()];
    const notFound: string[] = [];
    if (userIds) {
      notFound.push(...userIds.filter((id) => !guild.members.has(id)));
      members = members.filter((member) => userIds.includes(member.userId));
    } else if (query !== '' || mayListAll) {
      members = members.filter((member) => {
        const user = state.user(member.userId);
        return user.username.toLowerCase().startsWith(query) || (member.nick ?? '').toLowerCase().startsWith(query);
      });
    } else {
      members = [];
    }
    members = members.slice(0, limit);
    const chunkSize = 1000;
    const chunkCount = Math.max(1, Math.ceil(members.length / chunkSize));
    for (let index = 0; index < chunkCount; index += 1) {
      chunks.push({
        guild_id: guild.id,
        members: members.slice(index * chunkSize, (index + 1) * chunkSize).map((member) => apiMember(state, member)),
        chunk_index: index,
        chunk_count: chunkCount,
        ...(notFound.length && index === 0 ? { not_found: notFound } : {}),
        ...(data?.nonce !== undefined ? { nonce: data.nonce } : {}),
      });
    }
  }
  return chunks;
}
