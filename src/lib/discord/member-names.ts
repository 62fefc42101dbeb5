/**
 * Display names of guild members the client's member cache let go (cache-policy.ts):
 * one short string per member instead of a GuildMember and a User object, so the
 * planner names voters without a REST call. Bounded: beyond MAX_NAMES the name
 * remembered longest ago is forgotten (the planner then shows "User <id>" until its
 * next refresh fetches the member).
 */
import type { Client, GuildMember } from 'discord.js';

export const MAX_NAMES = 200_000;

const registry = new WeakMap<Client, MemberNames>();

export class MemberNames {
  /** guild id → user id → display name; a Map per guild keeps the keys short. */
  private readonly byGuild = new Map<string, Map<string, string>>();
  private size = 0;

  public constructor(private readonly maxNames = MAX_NAMES) {}

  /** The names kept for `client` (set up by createClient); undefined for a client built elsewhere. */
  public static of(client: Client): MemberNames | undefined {
    return registry.get(client);
  }

  public attachTo(client: Client): void {
    registry.set(client, this);
  }

  public remember(member: GuildMember): void {
    this.set(member.guild.id, member.id, member.displayName);
  }

  public set(guildId: string, userId: string, name: string): void {
    let names = this.byGuild.get(guildId);
    if (names === undefined) {
      names = new Map();
      this.byGuild.set(guildId, names);
    }
    if (names.delete(userId)) this.size -= 1;
    names.set(userId, name);
    this.size += 1;
    if (this.size > this.maxNames) this.forgetOne(names);
  }

  public get(guildId: string, userId: string): string | undefined {
    return this.byGuild.get(guildId)?.get(userId);
  }

  /** A member left the guild, or the bot left it. */
  public forget(guildId: string, userId?: string): void {
    const names = this.byGuild.get(guildId);
    if (names === undefined) return;
    if (userId === undefined) {
      this.size -= names.size;
      this.byGuild.delete(guildId);
    } else if (names.delete(userId)) {
      this.size -= 1;
    }
  }

  public get count(): number {
    return this.size;
  }

  /** Drops the oldest name of the guild that just grew past the bound (its oldest entry comes first). */
  private forgetOne(names: Map<string, string>): void {
    const oldest = names.keys().next();
    if (!oldest.done) {
      names.delete(oldest.value);
      this.size -= 1;
    }
  }
}
