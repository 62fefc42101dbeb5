/**
 * Who may use a slash command, declared once per command through `commandOptions`:
 * the access decides how the command is registered (default member permissions and
 * contexts, see command-registration.ts), which preconditions guard it, and whether
 * /help lists it.
 */
import { Identifiers, UserError, type Command, type Preconditions } from '@sapphire/framework';
import type { ChatInputCommandInteraction } from 'discord.js';
import type { CommandName } from './command-names';

/**
 * - `anywhere`: every member, in servers and DMs;
 * - `guild`: every member, in servers only;
 * - `admin`: servers only, hidden from members without Administrator;
 * - `privileged`: hidden behind Administrator as well, and usable in a DM with the bot,
 *   where default permissions do not apply, so the operator needs no server role
 *   (the PrivilegedOnly precondition is what actually admits them).
 */
export type CommandAccess = 'anywhere' | 'guild' | 'admin' | 'privileged';

declare module '@sapphire/framework' {
  interface CommandOptions {
    /** Set through `commandOptions`; commands without it are `anywhere`. */
    readonly access?: CommandAccess;
  }
}

/**
 * The checks Sapphire runs before a command, in this order. Registration already keeps
 * members from seeing what they may not use; these answer whoever still gets there (a
 * changed server override, an outdated or modified client) with a private refusal.
 */
const PRECONDITIONS = {
  anywhere: [],
  guild: ['GuildOnly'],
  admin: ['GuildOnly', 'GuildAdmin'],
  privileged: ['PrivilegedOnly'],
} as const satisfies Record<CommandAccess, readonly (keyof Preconditions)[]>;

/** A command's options: its name and access, and the preconditions that follow from the access. */
export function commandOptions(name: CommandName, access: CommandAccess): Command.Options {
  return { name, access, preconditions: [...PRECONDITIONS[access]] };
}

export function accessOf(command: Command): CommandAccess {
  return command.options.access ?? 'anywhere';
}

/** /help lists a command to everyone, to administrators only (admin commands), or never (the operator's commands). */
export function listedInHelp(access: CommandAccess, isAdmin: boolean): boolean {
  if (access === 'privileged') return false;
  return access !== 'admin' || isAdmin;
}

/** The interaction of a command that GuildOnly admitted: it comes from a server. */
export type ServerCommandInteraction = ChatInputCommandInteraction<'cached' | 'raw'>;

/**
 * For commands that work with the server's channels and members: the server is in the
 * bot's cache (it is, wherever the bot is a member). Otherwise — the app added without
 * its bot — the member is refused as GuildOnly refuses a DM.
 */
export function assertCachedGuild(interaction: ChatInputCommandInteraction): asserts interaction is ChatInputCommandInteraction<'cached'> {
  if (!interaction.inCachedGuild()) throw new UserError({ identifier: Identifiers.PreconditionGuildOnly, message: 'This server is not known to the bot.' });
}
