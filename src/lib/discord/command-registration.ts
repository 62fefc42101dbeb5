/**
 * The parts every slash command registration shares: localized descriptions, who may
 * see the command (default member permissions) and where it can be used (contexts).
 * Command names stay the old bot's English ones, which members type from memory;
 * descriptions come from the locale files.
 */
import {
  InteractionContextType,
  PermissionFlagsBits,
  type ApplicationCommandOptionBase,
  type SlashCommandBuilder,
  type SlashCommandIntegerOption,
} from 'discord.js';
import type { Command } from '@sapphire/framework';
import { commandLocalizations, type CommandTextKey } from '../i18n';
import { accessOf } from './command-access';
import type { CommandName } from './command-names';
import { integerBounds, type CommandWithIntegerOptions, type IntegerOptionName } from './integer-options';

/** Names the command, describes it in both languages and registers it for its access (see command-access.ts). */
export function describeCommand(builder: SlashCommandBuilder, command: Command): SlashCommandBuilder {
  const { name } = command;
  const access = accessOf(command);
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
export function describeIntegerOption<Name extends CommandWithIntegerOptions>(
  option: SlashCommandIntegerOption,
  command: Name,
  name: IntegerOptionName<Name>,
): SlashCommandIntegerOption {
  const { min, max } = integerBounds(command, name);
  return describeOption(option, command, name).setMinValue(min).setMaxValue(max);
}
