/**
 * Who holds a role, read from Discord rather than from the client's member cache
 * (which keeps only a few members per guild, see cache-policy.ts): the guild's member
 * list in pages of 1,000 over REST, nothing cached. Needs the Server Members intent
 * (the bot has it). One page per 1,000 members, asked once per role and process.
 */
import { Routes, type APIGuildMember, type REST } from 'discord.js';

const PAGE_SIZE = 1000;

/** User ids of the guild's members holding `roleId`. */
export async function membersWithRole(rest: REST, guildId: string, roleId: string): Promise<string[]> {
  const holders: string[] = [];
  let after = '0';
  for (;;) {
    const page = (await rest.get(Routes.guildMembers(guildId), {
      query: new URLSearchParams({ limit: String(PAGE_SIZE), after }),
    })) as APIGuildMember[];
    for (const member of page) if (member.user !== undefined && member.roles.includes(roleId)) holders.push(member.user.id);
    if (page.length < PAGE_SIZE) return holders;
    after = page.at(-1)!.user!.id;
  }
}
