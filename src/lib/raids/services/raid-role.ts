/**
 * The temporary raid role: one mentionable role "DMW Raid: <dungeon>"
 * per dungeon, held by exactly the members who are in a qualified slot of an open raid
 * using it. A role found by name is adopted and never deleted; a role the bot created
 * is deleted when its last raid ends. Missing Manage Roles (or a role above the bot's
 * own) means "no role": logged once, never a failed vote.
 */
import { RESTJSONErrorCodes, Routes, type APIRole, type Client, type Guild } from 'discord.js';
import type { Logger } from '../../logging';
import { DISCORD_LIMITS } from '../../discord/limits';
import { KeyedCoalescer } from '../../concurrency/coalescer';
import { KeyedMutex } from '../../concurrency/mutex';
import { isDiscordError, isForbidden } from '../../discord/errors';
import { OnceReporter } from '../../discord/once-reporter';
import { botCanAssignRole, botCanManageRoles } from '../../discord/permissions';
import { membersWithRole } from '../../discord/role-members';
import { slotParticipants } from '../slots';
import type { Raid } from '../types';
import type { RaidServiceRepositories } from './context';

const AUDIT_REASON_CREATE = 'DMW Raid temp role';
const AUDIT_REASON_END = 'DMW Raid finished';

export function raidRoleName(dungeon: string): string {
  return `DMW Raid: ${dungeon}`.slice(0, DISCORD_LIMITS.roleName);
}

type RoleProblem = 'missingManageRoles' | 'roleNotAssignable';

export class RaidRoleService {
  /**
   * Members this process knows to hold each role because it gave it to them (seeded
   * from the guild's member list the first time a role is seen). Removal only ever targets
   * them, so members who got an adopted role by hand keep it.
   */
  private readonly holders = new Map<string, Set<string>>();
  /** Role creation per guild and dungeon, so two raids of one dungeon never create two roles. */
  private readonly creation = new KeyedMutex();
  /** Member passes per role, coalesced: requests during a pass collapse into one more. */
  private readonly memberSyncs: KeyedCoalescer;
  /** Member passes and the release of one role never overlap, and a release is never dropped. */
  private readonly roleLocks = new KeyedMutex();
  /** Problems per guild: one log line each, until the problem goes away. */
  private readonly problems = new OnceReporter();
  /**
   * Roles created by this process that the gateway has not reported yet (role id →
   * guild and name). Without it a second sync in that moment would create a twin.
   */
  private readonly unconfirmedRoles = new Map<string, { guildId: string; name: string }>();

  public constructor(
    private readonly client: Client,
    private readonly repos: RaidServiceRepositories,
    private readonly logger: Logger,
  ) {
    this.memberSyncs = new KeyedCoalescer({ onError: (roleId, error) => this.logger.error(`raid role ${roleId}: member update failed`, error) });
  }

  /**
   * The role the raid's slot members should hold, creating or adopting it when needed;
   * null for raids without a minimum (min players 0) or when the bot may not manage roles.
   */
  public async ensureRole(guild: Guild, raid: Raid): Promise<string | null> {
    if (raid.minPlayers <= 0) return null;
    if (raid.tempRoleId !== null && this.roleExists(guild, raid.tempRoleId)) return raid.tempRoleId;

    return this.creation.runExclusive(`${guild.id}:${raid.dungeon.toLowerCase()}`, async () => {
      const name = raidRoleName(raid.dungeon);
      const existing = this.findRoleByName(guild, name);
      if (existing !== undefined) {
        // Created by this bot for a sibling raid of the same dungeon, or made by hand: share, never own.
        const ownedBySibling = (await this.raidsUsingRole(guild.id, existing.id)).some((other) => other.id !== raid.id);
        if (!ownedBySibling) this.logger.info(`raid ${raid.id}: adopting existing role ${existing.id} "${name}"`);
        await this.repos.raids.setRaidRole(raid.id, existing.id, false);
        return existing.id;
      }
      if (botCanManageRoles(guild) === false) {
        this.logProblemOnce(guild.id, 'missingManageRoles', `guild ${guild.id}: no raid role for "${name}", the bot lacks Manage Roles`);
        return null;
      }
      let role: APIRole;
      try {
        role = (await this.client.rest.post(Routes.guildRoles(guild.id), {
          body: { name, mentionable: true },
          reason: AUDIT_REASON_CREATE,
        })) as APIRole;
      } catch (error) {
        if (!isForbidden(error)) throw error;
        this.logProblemOnce(guild.id, 'missingManageRoles', `guild ${guild.id}: creating raid role "${name}" was refused (${(error as Error).message})`);
        return null;
      }
      this.clearProblem(guild.id, 'missingManageRoles');
      this.unconfirmedRoles.set(role.id, { guildId: guild.id, name });
      this.holders.set(role.id, new Set());
      if (!(await this.repos.raids.setRaidRole(raid.id, role.id, true))) {
        // The raid ended while the role was being created: nobody will ever clean it up but us.
        await this.deleteRole(guild.id, role.id);
        return null;
      }
      this.logger.info(`raid ${raid.id}: created role ${role.id} "${name}"`);
      return role.id;
    });
  }

  /**
   * Brings the role's holders in line with the database soon: every member in a
   * qualified slot of an open raid using the role holds it, members it was given to who
   * are in none lose it. Coalesced per role, so a burst of votes costs one pass over
   * the changed members (Discord limits member-role changes per guild tightly), and it
   * never holds up the participant-list edits that trigger it.
   */
  public scheduleMemberSync(guild: Guild, roleId: string): void {
    void this.syncMembers(guild, roleId).catch(() => undefined);
  }

  /** As `scheduleMemberSync`, resolving when a pass that started after the call is done. */
  public syncMembers(guild: Guild, roleId: string): Promise<void> {
    return this.memberSyncs.run(roleId, () => this.roleLocks.runExclusive(roleId, () => this.applyMembers(guild, roleId)));
  }

  /** Resolves when no member pass or release of the role is running or queued. */
  public async whenIdle(roleId: string): Promise<void> {
    await this.memberSyncs.whenIdle(roleId);
    await this.roleLocks.runExclusive(roleId, async () => undefined);
  }

  public whenAllIdle(): Promise<void> {
    return this.memberSyncs.whenAllIdle();
  }

  private async applyMembers(guild: Guild, roleId: string): Promise<void> {
    if (!this.mayAssign(guild, roleId)) return;
    const wanted = new Set<string>();
    const voters = new Set<string>();
    const raids = await this.raidsUsingRole(guild.id, roleId);
    for (const raid of raids) {
      const state = await this.repos.raids.loadRaidState(raid.id);
      if (state === null) continue;
      for (const userId of slotParticipants(state)) wanted.add(userId);
      for (const vote of state.votes) voters.add(vote.userId);
    }
    const createdByBot = raids.some((raid) => raid.tempRoleCreated);
    const holders = await this.holdersOf(guild, roleId, (userId) => createdByBot || voters.has(userId));
    for (const userId of wanted) {
      if (holders.has(userId)) continue;
      if (await this.changeMemberRole(guild, userId, roleId, 'add')) holders.add(userId);
    }
    for (const userId of [...holders]) {
      if (wanted.has(userId)) continue;
      if (await this.changeMemberRole(guild, userId, roleId, 'remove')) holders.delete(userId);
    }
  }

  /**
   * After a raid was deleted: hands the role over to a sibling raid that still uses it
   * (keeping only the members still in a slot), otherwise deletes it when the bot
   * created it, or takes it from everyone it was given to when it was adopted. Runs
   * after any member pass of the role in progress, never instead of one.
   */
  public async releaseRole(guild: Guild | null, raid: Raid): Promise<void> {
    const roleId = raid.tempRoleId;
    if (roleId === null) return;
    await this.roleLocks.runExclusive(roleId, async () => {
      const siblings = (await this.raidsUsingRole(raid.guildId, roleId)).filter((other) => other.id !== raid.id);
      if (siblings.length > 0) {
        if (raid.tempRoleCreated) await this.repos.raids.setRaidRole(siblings[0]!.id, roleId, true);
        if (guild !== null) await this.applyMembers(guild, roleId);
        return;
      }
      if (raid.tempRoleCreated) {
        await this.deleteRole(raid.guildId, roleId);
        return;
      }
      if (guild === null || !this.mayAssign(guild, roleId)) return;
      for (const userId of [...(await this.holdersOf(guild, roleId))]) await this.changeMemberRole(guild, userId, roleId, 'remove');
      this.holders.delete(roleId);
    });
  }

  private roleExists(guild: Guild, roleId: string): boolean {
    if (guild.roles.cache.has(roleId)) {
      this.unconfirmedRoles.delete(roleId);
      return true;
    }
    return this.unconfirmedRoles.has(roleId);
  }

  private findRoleByName(guild: Guild, name: string): { id: string } | undefined {
    const cached = guild.roles.cache.find((role) => role.name === name);
    if (cached !== undefined) return cached;
    for (const [id, role] of this.unconfirmedRoles) if (role.guildId === guild.id && role.name === name) return { id };
    return undefined;
  }

  /** Open raids of the guild that reference the role. */
  private async raidsUsingRole(guildId: string, roleId: string): Promise<Raid[]> {
    return (await this.repos.raids.openRaidsOfGuild(guildId)).filter((raid) => raid.tempRoleId === roleId);
  }

  private mayAssign(guild: Guild, roleId: string): boolean {
    if (botCanManageRoles(guild) === false) {
      this.logProblemOnce(guild.id, 'missingManageRoles', `guild ${guild.id}: raid role ${roleId} not assigned, the bot lacks Manage Roles`);
      return false;
    }
    if (botCanAssignRole(guild, roleId) === false) {
      this.logProblemOnce(guild.id, 'roleNotAssignable', `guild ${guild.id}: raid role ${roleId} is above the bot's highest role or managed; not assigned`);
      return false;
    }
    return true;
  }

  /**
   * Members the bot gave the role to. The first time a role is seen in this process
   * (e.g. after a restart) they are read from the guild's member list: everyone holding a
   * role the bot created, but of an adopted role only members who voted on a raid
   * using it — whoever got it by hand keeps it.
   */
  private async holdersOf(guild: Guild, roleId: string, givenByBot: (userId: string) => boolean = () => false): Promise<Set<string>> {
    let holders = this.holders.get(roleId);
    if (holders === undefined) {
      // From Discord's member list: the member cache holds only a few members per guild.
      holders = new Set((await membersWithRole(this.client.rest, guild.id, roleId)).filter(givenByBot));
      this.holders.set(roleId, holders);
    }
    return holders;
  }

  /** True when the member's role now is as asked (a member who left counts as done). */
  private async changeMemberRole(guild: Guild, userId: string, roleId: string, change: 'add' | 'remove'): Promise<boolean> {
    const route = Routes.guildMemberRole(guild.id, userId, roleId);
    try {
      if (change === 'add') await this.client.rest.put(route, { reason: AUDIT_REASON_CREATE });
      else await this.client.rest.delete(route, { reason: AUDIT_REASON_END });
      return true;
    } catch (error) {
      if (isDiscordError(error, RESTJSONErrorCodes.UnknownMember, RESTJSONErrorCodes.UnknownUser)) return true;
      if (isDiscordError(error, RESTJSONErrorCodes.UnknownRole)) return false;
      if (isForbidden(error)) {
        this.logProblemOnce(guild.id, 'roleNotAssignable', `guild ${guild.id}: changing raid role ${roleId} was refused (${(error as Error).message})`);
        return false;
      }
      throw error;
    }
  }

  private async deleteRole(guildId: string, roleId: string): Promise<void> {
    try {
      await this.client.rest.delete(Routes.guildRole(guildId, roleId), { reason: AUDIT_REASON_END });
      this.logger.info(`guild ${guildId}: deleted raid role ${roleId}`);
    } catch (error) {
      if (isDiscordError(error, RESTJSONErrorCodes.UnknownRole)) return;
      if (!isForbidden(error)) throw error;
      this.logProblemOnce(guildId, 'missingManageRoles', `guild ${guildId}: deleting raid role ${roleId} was refused (${(error as Error).message})`);
    } finally {
      this.holders.delete(roleId);
      this.unconfirmedRoles.delete(roleId);
    }
  }

  private logProblemOnce(guildId: string, problem: RoleProblem, message: string): void {
    this.problems.report(`${guildId}:${problem}`, () => this.logger.warn(message));
  }

  private clearProblem(guildId: string, problem: RoleProblem): void {
    this.problems.clear(`${guildId}:${problem}`);
  }
}
