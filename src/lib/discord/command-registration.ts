/**
 * The parts every slash command registration shares: localized descriptions, who may
 * see the command (default member permissions) and where it can be used (contexts).
 * Command names stay English (SPEC.md); descriptions come from the locale files.
 */
import {
  InteractionContextType,
  PermissionFlagsBits,
  type ApplicationCommandOptionBase,
  type SlashCommandBuilder,
  type SlashCommandIntegerOption,
} from 'discord.js';
import { commandLocalizations, type CommandTextKey } from '../i18n';
import type { CommandName } from './command-names';
import { integerBounds, type CommandWithIntegerOptions, type IntegerOptionName } from './integer-options';

/**
 * - `anywhere`: every member, in servers and DMs;
 * - `guild`: every member, in servers only;
 * - `admin`: servers only, hidden from members without Administrator;
 * - `privileged`: hidden behind Administrator as well, and usable in a DM with the bot,
 *   where default permissions do not apply, so the operator needs no server role
 *   (the PrivilegedOnly precondition is what actually admits them).
 */
export type CommandAccess = 'anywhere' | 'guild' | 'admin' | 'privileged';

export function describeCommand(builder: SlashCommandBuilder, name: CommandName, access: CommandAccess): SlashCommandBuilder {
  const { description, descriptionLocalizations } = commandLocalizations(`commands.${name}.description` as CommandTextKey);
  builder.setName(name).setDescription(description).setDescriptionLocalizations(descriptionLocalizations);
  if (access === 'admin' || access === 'privileged') builder.setDefaultMemberPermissions(PermissionFlagsBits.Administrator);
  if (access === 'guild' || access === 'admin') builder.setContexts(InteractionContextType.Guild);
  if (access === 'privileged') builder.setContexts(InteractionContextType.Guild, InteractionContextType.BotDM);
  return builder;
}

/** Names an option and gives it the localized description `commands.<command>.options.<option>`. */
export function describeOption<T extends ApplicationCommandOptionBase>(option: T, command: CommandName, name: string): T {
  const { description, descriptionLocalizations } = commandLocalizations(`commands.${command}.options.${name}` as CommandTextKey);
  return option.setName(name).setDescription(description).setDescriptionLocalizations(descriptionLocalizations);
}

/** An integer option: described, and limited to its declared range (`INTEGER_OPTIONS`), the only way commands add one. */
export function describeIntegerOption<Command extends CommandWithIntegerOptions>(
  option: SlashCommandIntegerOption,
  command: Command,
  name: IntegerOptionName<Command>,
): SlashCommandIntegerOption {
  const { min, max } = integerBounds(command, name);
  return describeOption(option, command, name).setMinValue(min).setMaxValue(max);
}
