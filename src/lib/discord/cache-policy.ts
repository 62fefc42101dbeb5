/**
 * What the discord.js client keeps in memory, and nothing more (docs/architecture.md,
 * "Client cache policy"; docs/decisions.md says why). Unlimited: guilds, channels, roles
 * (permission checks and the raid role read them; discord.js cannot limit them),
 * voice states (voice XP) and application commands (a handful). Limited: guild members
 * to the bot's own member, members sitting in voice, and the few most recently seen
 * per guild; users to the bot and the most recently seen. Nothing at all: messages
 * (tracked messages are written and read over REST), presences, reactions, threads,
 * emojis, stickers, invites, bans, scheduled events, stage instances, automod rules.
 *
 * Display names of members who left the cache stay in `MemberNames` (a string per
 * member instead of a member and a user object), so the planner still names voters
 * without a REST call while a vote waits on it.
 */
import { LimitedCollection, Options, type CacheFactory, type Client, type GuildMember, type SweeperOptions, type User } from 'discord.js';
import { MemberNames } from './member-names';

/** Members per guild kept beyond the bot's own and those in voice: the voter of the moment and their neighbours. */
export const RECENT_MEMBERS_PER_GUILD = 50;
/** Users kept beyond the bot's own (members' user objects come and go with them). */
export const RECENT_USERS = 200;
/** How often voice states of members who left voice are dropped (seconds). */
const VOICE_STATE_SWEEP_SECONDS = 3600;

/** The member cache of one guild: bounded, and every member it lets go leaves its display name behind. */
class MemberCollection extends LimitedCollection<string, GuildMember> {
  public constructor(private readonly names: MemberNames) {
    super({ maxSize: RECENT_MEMBERS_PER_GUILD, keepOverLimit: keepMember });
  }

  public override delete(key: string): boolean {
    const member = this.get(key);
    if (member !== undefined) this.names.remember(member);
    return super.delete(key);
  }
}

/** The bot's own member (every permission check) and members in a voice channel (voice XP names them). */
function keepMember(member: GuildMember): boolean {
  return member.id === member.client.user?.id || member.guild.voiceStates.cache.get(member.id)?.channelId != null;
}

function keepUser(user: User): boolean {
  return user.id === user.client.user?.id;
}

/** The client's `makeCache`: see the module comment for what is kept. */
export function cacheFactory(names: MemberNames): CacheFactory {
  const limits = Options.cacheWithLimits({
    AutoModerationRuleManager: 0,
    BaseGuildEmojiManager: 0,
    DMMessageManager: 0,
    EntitlementManager: 0,
    GuildBanManager: 0,
    GuildEmojiManager: 0,
    GuildForumThreadManager: 0,
    GuildInviteManager: 0,
    GuildMessageManager: 0,
    GuildScheduledEventManager: 0,
    GuildStickerManager: 0,
    GuildTextThreadManager: 0,
    MessageManager: 0,
    PresenceManager: 0,
    ReactionManager: 0,
    ReactionUserManager: 0,
    StageInstanceManager: 0,
    ThreadManager: 0,
    ThreadMemberManager: 0,
    UserManager: { maxSize: RECENT_USERS, keepOverLimit: keepUser },
  });
  return (managerType, holds, manager) => {
    if (managerType.name === 'GuildMemberManager') return new MemberCollection(names);
    return limits(managerType, holds, manager);
  };
}

/** Voice states of members no longer in voice are dropped hourly (discord.js keeps them forever). */
export function sweeperOptions(): SweeperOptions {
  return {
    voiceStates: { interval: VOICE_STATE_SWEEP_SECONDS, filter: () => (state) => state.channelId === null },
  };
}

/** A member's display name from the cache, else from what the cache let go; undefined when neither knows it. */
export function knownDisplayName(client: Client, guildId: string, userId: string): string | undefined {
  const member = client.guilds.cache.get(guildId)?.members.cache.get(userId);
  return member?.displayName ?? MemberNames.of(client)?.get(guildId, userId);
}
