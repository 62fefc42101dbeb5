import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionContextType,
  InteractionType,
  PermissionFlagsBits,
  type APIApplicationCommand,
  type APIApplicationCommandOption,
} from 'discord-api-types/v10';
import type { DiscordEmulator } from '../index';
import type { NewInteraction } from '../interaction-records';
import { LIMITS } from '../limits';
import { ALL_PERMISSIONS, basePermissions, channelPermissions, has } from '../permissions';
import type { ApplicationRecord, ChannelRecord, GuildRecord } from '../state';
import { InteractionRefusedError } from './errors';
import type { InteractionHandle } from './handle';
import { DriverPart } from './part';
import { ResolvedBuilder } from './resolved';

/** Values for slash options: strings, numbers and booleans as typed; ids for users/channels/roles; a file for attachments. */
export type OptionValue = string | number | boolean | { filename: string; content: string | Buffer; contentType?: string };

/** A member typing a slash command, or into one of its autocomplete options. */
export class CommandInput extends DriverPart {
  /**
   * Runs a slash command. `command` is the full path as the member types it,
   * e.g. `'raidplan'` or `'settings language'` (subcommand [group] included).
   * Options are checked against what the bot registered; the member must have
   * the command's default_member_permissions (Administrator and owner pass).
   */
  public async slash(options: { channelId: string; userId: string; command: string; options?: Record<string, OptionValue>; locale?: string; application?: ApplicationRecord }): Promise<InteractionHandle> {
    const { command, path, definitions, channel, guild } = resolveCommand(this.emulator, options);
    const resolved = new ResolvedBuilder(this.state, guild, channel, options.userId);
    const values = wrapPath(path, buildOptions(definitions, options.options ?? {}, resolved, null));
    return this.send(
      commandInteraction('command', options, command, channel.id, {
        ...(values.length ? { options: values } : {}),
        ...(resolved.isEmpty ? {} : { resolved: resolved.toJSON() }),
      }),
    );
  }

  /** Types into an autocomplete option: the bot's answer is `await handle.choices()`. */
  public async autocomplete(options: {
    channelId: string;
    userId: string;
    command: string;
    focused: string;
    /** What the member typed so far in the focused option. */
    value: string;
    options?: Record<string, OptionValue>;
    locale?: string;
    application?: ApplicationRecord;
  }): Promise<InteractionHandle> {
    const { command, path, definitions, channel, guild } = resolveCommand(this.emulator, options);
    const focusedDefinition = definitions.find((d) => d.name === options.focused);
    if (!focusedDefinition) throw new InteractionRefusedError('unknown_option', `/${options.command} has no option "${options.focused}"`);
    if (!('autocomplete' in focusedDefinition) || focusedDefinition.autocomplete !== true) {
      throw new InteractionRefusedError('not_autocomplete', `option "${options.focused}" of /${options.command} does not autocomplete`);
    }
    const resolved = new ResolvedBuilder(this.state, guild, channel, options.userId);
    const values = buildOptions(definitions, { ...(options.options ?? {}), [options.focused]: options.value }, resolved, options.focused);
    return this.send(commandInteraction('autocomplete', options, command, channel.id, { options: wrapPath(path, values) }));
  }
}

/** The interaction of a typed command (or of typing into one of its options), as Discord sends it. */
function commandInteraction(
  kind: 'command' | 'autocomplete',
  options: { userId: string; locale?: string; application?: ApplicationRecord },
  command: APIApplicationCommand,
  channelId: string,
  data: Record<string, unknown>,
): Omit<NewInteraction, 'application'> & { application: ApplicationRecord | undefined } {
  return {
    application: options.application,
    type: kind === 'command' ? InteractionType.ApplicationCommand : InteractionType.ApplicationCommandAutocomplete,
    kind,
    userId: options.userId,
    channelId,
    data: { id: command.id, name: command.name, type: ApplicationCommandType.ChatInput, ...(command.guild_id ? { guild_id: command.guild_id } : {}), ...data },
    commandName: command.name,
    commandType: ApplicationCommandType.ChatInput,
    ...(options.locale ? { locale: options.locale } : {}),
  };
}

/** Finds the command the member typed and checks they may use it here. */
function resolveCommand(emulator: DiscordEmulator, options: { channelId: string; userId: string; command: string; application?: ApplicationRecord }): {
  command: APIApplicationCommand;
  path: string[];
  definitions: APIApplicationCommandOption[];
  channel: ChannelRecord;
  guild: GuildRecord | null;
} {
  const application = options.application ?? emulator.bot.application;
  const channel = emulator.state.channel(options.channelId);
  const guild = channel.guildId ? emulator.state.guild(channel.guildId) : null;
  const [name, ...path] = options.command.trim().replace(/^\//, '').split(/\s+/);
  const candidates = [
    ...(guild ? [...(application.guildCommands.get(guild.id)?.values() ?? [])] : []),
    ...application.globalCommands.values(),
  ];
  const command = candidates.find((c) => c.name === name && (c.type ?? ApplicationCommandType.ChatInput) === ApplicationCommandType.ChatInput);
  if (!command) throw new InteractionRefusedError('unknown_command', `the bot registered no command /${name}${guild ? ` for guild ${guild.id}` : ''}`);
  if (guild) {
    if (!guild.members.has(options.userId)) throw new InteractionRefusedError('not_a_member', `${options.userId} is not in guild ${guild.id}`);
    if (!guild.members.has(application.botUserId)) throw new InteractionRefusedError('unknown_command', `the bot is not in guild ${guild.id}`);
    if (command.contexts && !command.contexts.includes(InteractionContextType.Guild)) {
      throw new InteractionRefusedError('unavailable_here', `/${name} is not available in servers`);
    }
    const permissions = channelPermissions(guild, channel, options.userId);
    if (!has(permissions, PermissionFlagsBits.UseApplicationCommands | PermissionFlagsBits.ViewChannel)) {
      throw new InteractionRefusedError('not_allowed', `${options.userId} may not use application commands in ${channel.id}`);
    }
    if (command.default_member_permissions !== null && command.default_member_permissions !== undefined) {
      const required = BigInt(command.default_member_permissions);
      const isAdmin = basePermissions(guild, options.userId) === ALL_PERMISSIONS;
      if (!isAdmin && (required === 0n || !has(permissions, required))) {
        throw new InteractionRefusedError('not_allowed', `${options.userId} lacks the permissions /${name} requires (${command.default_member_permissions}): the client does not offer it`);
      }
    }
  } else {
    if (!channel.recipientIds.includes(options.userId)) throw new InteractionRefusedError('not_a_member', `${options.userId} is not in DM ${channel.id}`);
    const inDms = command.contexts ? command.contexts.includes(InteractionContextType.BotDM) : command.dm_permission !== false;
    if (!inDms || command.guild_id) throw new InteractionRefusedError('unavailable_here', `/${name} is not available in DMs`);
  }
  let definitions = (command.options ?? []) as APIApplicationCommandOption[];
  for (const part of path) {
    const sub = definitions.find(
      (o) => o.name === part && (o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup),
    );
    if (!sub) throw new InteractionRefusedError('unknown_command', `/${name} has no subcommand "${part}"`);
    definitions = ('options' in sub ? (sub.options ?? []) : []) as APIApplicationCommandOption[];
  }
  if (definitions.some((o) => o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup)) {
    throw new InteractionRefusedError('missing_subcommand', `/${options.command} needs a subcommand`);
  }
  return { command, path, definitions, channel, guild };
}

/** Option values as Discord sends them, validated against the registered definitions. */
function buildOptions(
  definitions: APIApplicationCommandOption[],
  given: Record<string, OptionValue>,
  resolved: ResolvedBuilder,
  focused: string | null,
): Array<Record<string, unknown>> {
  for (const key of Object.keys(given)) {
    if (!definitions.some((d) => d.name === key)) throw new InteractionRefusedError('unknown_option', `no option "${key}"`);
  }
  const result: Array<Record<string, unknown>> = [];
  for (const definition of definitions) {
    const value = given[definition.name];
    if (value === undefined) {
      if (definition.required && focused === null) throw new InteractionRefusedError('missing_option', `option "${definition.name}" is required`);
      continue;
    }
    if (definition.name === focused) {
      result.push({ name: definition.name, type: definition.type, value: String(value), focused: true });
      continue;
    }
    result.push({ name: definition.name, type: definition.type, value: optionValue(definition, value, resolved) });
  }
  return result;
}

function optionValue(definition: APIApplicationCommandOption, value: OptionValue, resolved: ResolvedBuilder): unknown {
  const invalid = (why: string) => new InteractionRefusedError('invalid_option', `option "${definition.name}": ${why}`);
  const choices = 'choices' in definition ? definition.choices : undefined;
  switch (definition.type) {
    case ApplicationCommandOptionType.String: {
      if (typeof value !== 'string') throw invalid('must be text');
      if ('min_length' in definition && definition.min_length !== undefined && [...value].length < definition.min_length) throw invalid(`at least ${definition.min_length} characters`);
      if ('max_length' in definition && definition.max_length !== undefined && [...value].length > definition.max_length) throw invalid(`at most ${definition.max_length} characters`);
      if ([...value].length > LIMITS.commandStringLength) throw invalid('too long');
      if (choices?.length && !choices.some((c) => c.value === value)) throw invalid(`must be one of ${choices.map((c) => JSON.stringify(c.value)).join(', ')}`);
      return value;
    }
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number: {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid('must be a number');
      if (definition.type === ApplicationCommandOptionType.Integer && !Number.isInteger(value)) throw invalid('must be a whole number');
      // Discord's range for integer options, whatever min/max the command registered.
      if (definition.type === ApplicationCommandOptionType.Integer && !Number.isSafeInteger(value)) throw invalid('must be between -(2^53 - 1) and 2^53 - 1');
      if ('min_value' in definition && definition.min_value !== undefined && value < definition.min_value) throw invalid(`at least ${definition.min_value}`);
      if ('max_value' in definition && definition.max_value !== undefined && value > definition.max_value) throw invalid(`at most ${definition.max_value}`);
      if (choices?.length && !choices.some((c) => c.value === value)) throw invalid(`must be one of ${choices.map((c) => c.value).join(', ')}`);
      return value;
    }
    case ApplicationCommandOptionType.Boolean:
      if (typeof value !== 'boolean') throw invalid('must be true or false');
      return value;
    case ApplicationCommandOptionType.User:
      if (typeof value !== 'string' || !resolved.addUser(value)) throw invalid(`no user ${String(value)}`);
      return value;
    case ApplicationCommandOptionType.Role:
      if (typeof value !== 'string' || !resolved.addRole(value)) throw invalid(`no role ${String(value)} in this guild`);
      return value;
    case ApplicationCommandOptionType.Mentionable:
      if (typeof value !== 'string' || !(resolved.addRole(value) || resolved.addUser(value))) throw invalid(`no user or role ${String(value)}`);
      return value;
    case ApplicationCommandOptionType.Channel: {
      const types = 'channel_types' in definition ? definition.channel_types : undefined;
      if (typeof value !== 'string' || !resolved.addChannel(value, types)) throw invalid(`no suitable channel ${String(value)}`);
      return value;
    }
    case ApplicationCommandOptionType.Attachment: {
      if (typeof value !== 'object') throw invalid('must be a file');
      return resolved.addAttachment(value);
    }
    default:
      throw invalid('unsupported option type');
  }
}

/** Nests option values under their subcommand (group), as Discord sends them. */
function wrapPath(path: string[], values: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  if (path.length === 0) return values;
  if (path.length === 1) return [{ name: path[0], type: ApplicationCommandOptionType.Subcommand, options: values }];
  return [{ name: path[0], type: ApplicationCommandOptionType.SubcommandGroup, options: [{ name: path[1], type: ApplicationCommandOptionType.Subcommand, options: values }] }];
}
