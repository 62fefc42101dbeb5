import { ApplicationCommandType, ApplicationIntegrationType, type APIApplicationCommand } from 'discord-api-types/v10';
import { errors } from '../../errors';
import { snowflake } from '../../snowflake';
import type { ApplicationRecord } from '../../state';
import { validateCommandBody, validateCommandList } from '../../validation/commands';
import { FormErrors, isRecord } from '../../validation/form-errors';
import { botOf, guildOfBot } from '../guards';
import type { RequestContext, Router } from '../router';
import type { RouteDeps } from './deps';

/** Application commands, global and per guild, with Discord's create-or-overwrite semantics. */
export function registerCommandRoutes(router: Router, { state }: RouteDeps): void {
  const scope = (context: RequestContext): { application: ApplicationRecord; guildId: string | null; commands: Map<string, APIApplicationCommand> } => {
    const application = botOf(context);
    if (context.params.application_id !== application.id) throw errors.missingAccess();
    const guildId = context.params.guild_id ?? null;
    if (guildId === null) return { application, guildId, commands: application.globalCommands };
    guildOfBot(state, guildId, application.botUserId);
    let commands = application.guildCommands.get(guildId);
    if (!commands) {
      commands = new Map();
      application.guildCommands.set(guildId, commands);
    }
    return { application, guildId, commands };
  };

  for (const base of ['/applications/:application_id/commands', '/applications/:application_id/guilds/:guild_id/commands']) {
    router.get(base, (context) => ({ body: [...scope(context).commands.values()].map((c) => structuredClone(c)) }));

    router.post(base, (context) => {
      const { application, guildId, commands } = scope(context);
      const form = new FormErrors();
      validateCommandBody(form, [], context.body);
      form.throwIfAny();
      const raw = context.body as Record<string, unknown>;
      const existing = findByName(commands, raw);
      const command = buildCommand(application, raw, guildId, existing);
      commands.set(command.id, command);
      return { status: existing ? 200 : 201, body: structuredClone(command) };
    });

    router.put(base, (context) => {
      const { application, guildId, commands } = scope(context);
      const list = validateCommandList(context.body);
      const next = new Map<string, APIApplicationCommand>();
      for (const raw of list) {
        const command = buildCommand(application, raw, guildId, findByName(commands, raw));
        next.set(command.id, command);
      }
      commands.clear();
      for (const [id, command] of next) commands.set(id, command);
      return { body: [...commands.values()].map((c) => structuredClone(c)) };
    });

    router.get(`${base}/:command_id`, (context) => {
      const command = scope(context).commands.get(context.params.command_id!);
      if (!command) throw errors.unknownCommand();
      return { body: structuredClone(command) };
    });

    router.patch(`${base}/:command_id`, (context) => {
      const { application, guildId, commands } = scope(context);
      const existing = commands.get(context.params.command_id!);
      if (!existing) throw errors.unknownCommand();
      if (!isRecord(context.body)) throw new FormErrors().toError();
      const merged = { ...existing, ...context.body, type: existing.type } as Record<string, unknown>;
      const form = new FormErrors();
      validateCommandBody(form, [], merged);
      const clash = findByName(commands, merged);
      if (clash && clash.id !== existing.id) form.add(['name'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', 'Application command names must be unique');
      form.throwIfAny();
      const command = buildCommand(application, merged, guildId, existing);
      commands.set(command.id, command);
      return { body: structuredClone(command) };
    });

    router.delete(`${base}/:command_id`, (context) => {
      const { commands } = scope(context);
      if (!commands.delete(context.params.command_id!)) throw errors.unknownCommand();
      return {};
    });
  }

  router.get('/applications/:application_id/guilds/:guild_id/commands/permissions', (context) => {
    scope(context);
    return { body: [] };
  });
}

function findByName(commands: Map<string, APIApplicationCommand>, raw: Record<string, unknown>): APIApplicationCommand | undefined {
  const type = raw.type ?? ApplicationCommandType.ChatInput;
  return [...commands.values()].find((c) => c.name === raw.name && c.type === type);
}

/** The command as Discord stores and returns it (ids kept across overwrites of the same name). */
function buildCommand(
  application: ApplicationRecord,
  raw: Record<string, unknown>,
  guildId: string | null,
  existing: APIApplicationCommand | undefined,
): APIApplicationCommand {
  const type = (raw.type as ApplicationCommandType | undefined) ?? ApplicationCommandType.ChatInput;
  const command: Record<string, unknown> = {
    id: existing?.id ?? snowflake(),
    application_id: application.id,
    version: snowflake(),
    type,
    name: raw.name,
    name_localizations: raw.name_localizations ?? null,
    description: type === ApplicationCommandType.ChatInput ? raw.description : '',
    description_localizations: raw.description_localizations ?? null,
    default_member_permissions: raw.default_member_permissions ?? null,
    nsfw: raw.nsfw ?? false,
    integration_types: raw.integration_types ?? [ApplicationIntegrationType.GuildInstall],
    contexts: raw.contexts ?? null,
  };
  if (raw.options !== undefined && raw.options !== null) command.options = structuredClone(raw.options);
  if (guildId) command.guild_id = guildId;
  else command.dm_permission = raw.dm_permission ?? true;
  return command as unknown as APIApplicationCommand;
}
