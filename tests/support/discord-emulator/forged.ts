import { ApplicationCommandType, ComponentType, InteractionType, type APIApplicationCommandOption } from 'discord-api-types/v10';
import { InteractionHandle } from './driver';
import type { DiscordEmulator } from './index';

/**
 * Interactions Discord's own client never sends but a modified one (or one with an
 * outdated command list) can: the driver refuses what the client would refuse, these
 * send what they are told, so tests can check that the bot refuses it by itself.
 * Only what Discord's gateway itself guarantees still holds: the member is in the
 * server, the command exists, an option has the registered type, the message exists.
 */

/** A slash command whose option values skip the client's checks (min/max, length, choices). */
export function forgedSlash(
  emulator: DiscordEmulator,
  options: { channelId: string; userId: string; command: string; options?: Record<string, string | number | boolean>; locale?: string },
): InteractionHandle {
  const channel = emulator.state.channel(options.channelId);
  const application = emulator.bot.application;
  const candidates = [
    ...(channel.guildId ? [...(application.guildCommands.get(channel.guildId)?.values() ?? [])] : []),
    ...application.globalCommands.values(),
  ];
  const command = candidates.find((candidate) => candidate.name === options.command);
  if (!command) throw new Error(`the bot registered no command /${options.command}`);
  const definitions = (command.options ?? []) as APIApplicationCommandOption[];
  const values = Object.entries(options.options ?? {}).map(([name, value]) => {
    const definition = definitions.find((candidate) => candidate.name === name);
    if (!definition) throw new Error(`/${options.command} has no option "${name}"`);
    return { name, type: definition.type, value };
  });
  const record = emulator.interactions.create({
    application,
    type: InteractionType.ApplicationCommand,
    kind: 'command',
    userId: options.userId,
    channelId: channel.id,
    data: { id: command.id, name: command.name, type: ApplicationCommandType.ChatInput, ...(values.length ? { options: values } : {}) },
    commandName: command.name,
    commandType: ApplicationCommandType.ChatInput,
    ...(options.locale ? { locale: options.locale } : {}),
  });
  return new InteractionHandle(emulator, record);
}

/**
 * A button click (or, with `values`, a string-select choice) on a message of the bot,
 * carrying whatever custom id it is told, whether or not the message has it.
 */
export function forgedComponent(
  emulator: DiscordEmulator,
  options: { channelId: string; messageId: string; userId: string; customId: string; values?: string[]; locale?: string },
): InteractionHandle {
  const message = emulator.state.messages.get(options.messageId);
  if (!message || message.channelId !== options.channelId) throw new Error(`no message ${options.messageId} in channel ${options.channelId}`);
  const data =
    options.values === undefined
      ? { custom_id: options.customId, component_type: ComponentType.Button }
      : { custom_id: options.customId, component_type: ComponentType.StringSelect, values: [...options.values] };
  const record = emulator.interactions.create({
    application: emulator.bot.application,
    type: InteractionType.MessageComponent,
    kind: 'component',
    userId: options.userId,
    channelId: options.channelId,
    data,
    sourceMessage: message,
    ...(options.locale ? { locale: options.locale } : {}),
  });
  return new InteractionHandle(emulator, record);
}
