/**
 * A guild set up for raids, as an admin leaves it: planner, participants, raid-list
 * and general channels, members, and (unless told otherwise) the three raid channels
 * saved in the bot's settings. Used by the e2e world and the restoration bed alike.
 */
import type { GuildFixture, MemberFixture, PermissionInput } from './discord-emulator';
import type { WorldBase } from './world-base';

export interface RaidGuild {
  readonly guild: GuildFixture;
  readonly plannerChannelId: string;
  readonly participantsChannelId: string;
  readonly raidListChannelId: string;
  readonly generalChannelId: string;
  readonly members: MemberFixture[];
}

/** What the bot is invited with: enough to post, edit and delete its messages and to hand out the raid role. */
export const RAID_BOT_PERMISSIONS: PermissionInput = ['ViewChannel', 'SendMessages', 'EmbedLinks', 'ReadMessageHistory', 'ManageRoles', 'ManageMessages'];

/**
 * A guild named `name` with `memberCount` members (usernames from the name plus an
 * index). `configure: false` leaves the settings row out (a guild never configured);
 * `botPermissions` invites the bot with other permissions; `preferredLocale` (e.g. `de`)
 * is the server's language; `onShard` gives it an id on that shard (sharded bot tests).
 */
export async function createRaidGuild(
  world: Pick<WorldBase, 'emulator' | 'repos'>,
  name: string,
  memberCount = 4,
  options: { configure?: boolean; botPermissions?: PermissionInput; preferredLocale?: string; onShard?: { id: number; count: number } } = {},
): Promise<RaidGuild> {
  const { driver } = world.emulator;
  const guild = driver.createGuild({
    name,
    bot: { permissions: options.botPermissions ?? RAID_BOT_PERMISSIONS },
    ...(options.preferredLocale ? { preferredLocale: options.preferredLocale } : {}),
    ...(options.onShard ? { onShard: options.onShard } : {}),
  });
  const plannerChannelId = driver.createChannel(guild.id, { name: 'planner' }).id;
  const participantsChannelId = driver.createChannel(guild.id, { name: 'participants' }).id;
  const raidListChannelId = driver.createChannel(guild.id, { name: 'raid-list' }).id;
  const generalChannelId = driver.createChannel(guild.id, { name: 'general' }).id;
  const members = Array.from({ length: memberCount }, (_, index) => driver.createMember(guild.id, { username: `${name.toLowerCase().replace(/\W/g, '')}${index}` }));
  if (options.configure !== false) {
    await world.repos.settings.ensureGuild(guild.id, name);
    await world.repos.settings.saveChannels(guild.id, { plannerChannelId, participantsChannelId, raidListChannelId });
  }
  return { guild, plannerChannelId, participantsChannelId, raidListChannelId, generalChannelId, members };
}
