import { ChannelType, GatewayIntentBits, PermissionFlagsBits, type APIRole } from 'discord-api-types/v10';
import { DiscordHttpError, errors } from '../../errors';
import { LIMITS } from '../../limits';
import { ALL_PERMISSIONS, basePermissions, canManageRole, channelPermissions, has, highestRolePosition } from '../../permissions';
import { apiChannel, apiGuild, apiMember, apiVoiceState } from '../../serialize';
import { compareSnowflakes } from '../../snowflake';
import type { GuildRecord } from '../../state';
import { FormErrors, isRecord } from '../../validation/form-errors';
import { botOf, guildOfBot, requireGuildPermissions } from '../guards';
import type { Router } from '../router';
import type { RouteDeps } from './deps';
import { parseOverwrites, requireCategory, requireGrantableOverwrites } from './channels';

const { ManageRoles, ManageChannels, KickMembers, ManageNicknames, ChangeNickname } = PermissionFlagsBits;

const CREATABLE_CHANNEL_TYPES = [
  ChannelType.GuildText,
  ChannelType.GuildVoice,
  ChannelType.GuildCategory,
  ChannelType.GuildAnnouncement,
  ChannelType.GuildStageVoice,
  ChannelType.GuildForum,
];

/** Guild, its channels and roles, members and their roles. */
export function registerGuildRoutes(router: Router, { state, world }: RouteDeps): void {
  router.get('/guilds/:guild_id', (context) => {
    const guild = guildOfBot(state, context.params.guild_id!, botOf(context).botUserId);
    const body = apiGuild(guild);
    if (context.query.get('with_counts') !== 'true') {
      delete body.approximate_member_count;
      delete body.approximate_presence_count;
    }
    return { body };
  });

  router.get('/guilds/:guild_id/channels', (context) => {
    const guild = guildOfBot(state, context.params.guild_id!, botOf(context).botUserId);
    return { body: state.guildChannels(guild).map((c) => apiChannel(c, state)) };
  });

  router.post('/guilds/:guild_id/channels', (context) => {
    const bot = botOf(context);
    const guild = guildOfBot(state, context.params.guild_id!, bot.botUserId);
    const permissions = requireGuildPermissions(guild, bot.botUserId, ManageChannels);
    const body = isRecord(context.body) ? context.body : {};
    const form = new FormErrors();
    const name = form.string(['name'], body.name, { required: true, min: 1, max: LIMITS.channelName });
    const type = body.type ?? ChannelType.GuildText;
    form.oneOf(['type'], type, CREATABLE_CHANNEL_TYPES);
    const topic = form.string(['topic'], body.topic, { max: LIMITS.channelTopic });
    const overwrites = body.permission_overwrites === undefined ? undefined : parseOverwrites(form, body.permission_overwrites);
    form.throwIfAny();
    const parentId = typeof body.parent_id === 'string' ? body.parent_id : null;
    const parent = parentId ? state.channels.get(parentId) : undefined;
    if (parentId) requireCategory(parent, guild);
    if (overwrites?.length) requireGrantableOverwrites(parent ? channelPermissions(guild, parent, bot.botUserId) : permissions, overwrites);
    const channel = world.createChannel(guild, {
      name: name!,
      type: type as ChannelType,
      parentId,
      ...(overwrites ? { overwrites } : {}),
      topic: topic ?? null,
      ...(typeof body.position === 'number' ? { position: body.position } : {}),
      ...(typeof body.nsfw === 'boolean' ? { nsfw: body.nsfw } : {}),
    });
    return { status: 201, body: apiChannel(channel, state) };
  });

  router.patch('/guilds/:guild_id/channels', (context) => {
    const bot = botOf(context);
    const guild = guildOfBot(state, context.params.guild_id!, bot.botUserId);
    requireGuildPermissions(guild, bot.botUserId, ManageChannels);
    const list = Array.isArray(context.body) ? context.body : [];
    for (const entry of list) {
      if (!isRecord(entry)) continue;
      const channel = state.channels.get(String(entry.id));
      if (!channel || channel.guildId !== guild.id) throw errors.unknownChannel();
      world.updateChannel(channel, {
        ...(typeof entry.position === 'number' ? { position: entry.position } : {}),
        ...(entry.parent_id !== undefined ? { parentId: (entry.parent_id as string | null) ?? null } : {}),
      });
    }
    return {};
  });

  // ── roles ───────────────────────────────────────────────────────────────

  router.get('/guilds/:guild_id/roles', (context) => {
    const guild = guildOfBot(state, context.params.guild_id!, botOf(context).botUserId);
    return { body: sortedRoles(guild).map((r) => ({ ...r })) };
  });

  router.get('/guilds/:guild_id/roles/:role_id', (context) => {
    const guild = guildOfBot(state, context.params.guild_id!, botOf(context).botUserId);
    return { body: { ...state.role(guild, context.params.role_id!) } };
  });

  router.post('/guilds/:guild_id/roles', (context) => {
    const bot = botOf(context);
    const guild = guildOfBot(state, context.params.guild_id!, bot.botUserId);
    const own = requireGuildPermissions(guild, bot.botUserId, ManageRoles);
    const body = isRecord(context.body) ? context.body : {};
    const changes = parseRoleBody(body, own);
    const role = world.createRole(guild, {
      name: changes.name ?? 'new role',
      ...(changes.permissions !== undefined ? { permissions: BigInt(changes.permissions) } : {}),
      ...(changes.color !== undefined ? { color: changes.color } : {}),
      ...(changes.hoist !== undefined ? { hoist: changes.hoist } : {}),
      ...(changes.mentionable !== undefined ? { mentionable: changes.mentionable } : {}),
      position: 1,
    });
    return { body: { ...role } };
  });

  router.patch('/guilds/:guild_id/roles', (context) => {
    const bot = botOf(context);
    const guild = guildOfBot(state, context.params.guild_id!, bot.botUserId);
    requireGuildPermissions(guild, bot.botUserId, ManageRoles);
    const list = Array.isArray(context.body) ? context.body : [];
    const highest = highestRolePosition(guild, bot.botUserId);
    for (const entry of list) {
      if (!isRecord(entry)) continue;
      const role = state.role(guild, String(entry.id));
      if (role.id === guild.id) continue;
      const position = Number(entry.position);
      if (!canManageRole(guild, bot.botUserId, role) || !(position < highest)) throw errors.missingPermissions();
      world.updateRole(guild, role, { position });
    }
    return { body: sortedRoles(guild).map((r) => ({ ...r })) };
  });

  router.patch('/guilds/:guild_id/roles/:role_id', (context) => {
    const bot = botOf(context);
    const guild = guildOfBot(state, context.params.guild_id!, bot.botUserId);
    const own = requireGuildPermissions(guild, bot.botUserId, ManageRoles);
    const role = state.role(guild, context.params.role_id!);
    if (!canManageRole(guild, bot.botUserId, role)) throw errors.missingPermissions();
    const changes = parseRoleBody(isRecord(context.body) ? context.body : {}, own);
    world.updateRole(guild, role, changes);
    return { body: { ...role } };
  });

  router.delete('/guilds/:guild_id/roles/:role_id', (context) => {
    const bot = botOf(context);
    const guild = guildOfBot(state, context.params.guild_id!, bot.botUserId);
    requireGuildPermissions(guild, bot.botUserId, ManageRoles);
    const role = state.role(guild, context.params.role_id!);
    if (role.id === guild.id) throw new DiscordHttpError(400, { message: 'Invalid Role', code: 50028 });
    if (role.managed || !canManageRole(guild, bot.botUserId, role)) throw errors.missingPermissions();
    world.deleteRole(guild, role);
    return {};
  });

  // ── members ─────────────────────────────────────────────────────────────

  router.get('/guilds/:guild_id/members', (context) => {
    const bot = botOf(context);
    const guild = guildOfBot(state, context.params.guild_id!, bot.botUserId);
    // Listing members needs the privileged Server Members intent enabled for the app.
    if (!(bot.privilegedIntents & GatewayIntentBits.GuildMembers)) throw errors.missingAccess();
    const form = new FormErrors();
    const limitText = context.query.get('limit');
    const limit = limitText === null ? 1 : form.integer(['limit'], Number(limitText), { min: 1, max: LIMITS.membersPerFetch }) ?? 1;
    form.throwIfAny();
    const after = context.query.get('after') ?? '0';
    const members = [...guild.members.values()]
      .filter((m) => compareSnowflakes(m.userId, after) > 0)
      .sort((a, b) => compareSnowflakes(a.userId, b.userId))
      .slice(0, limit);
    return { body: members.map((m) => apiMember(state, m)) };
  });

  router.get('/guilds/:guild_id/members/search', (context) => {
    const guild = guildOfBot(state, context.params.guild_id!, botOf(context).botUserId);
    const query = (context.query.get('query') ?? '').toLowerCase();
    const limit = Math.min(Number(context.query.get('limit') ?? 1) || 1, 1000);
    const members = [...guild.members.values()]
      .filter((m) => state.user(m.userId).username.toLowerCase().startsWith(query) || (m.nick ?? '').toLowerCase().startsWith(query))
      .slice(0, limit);
    return { body: members.map((m) => apiMember(state, m)) };
  });

  router.get('/guilds/:guild_id/members/:user_id', (context) => {
    const bot = botOf(context);
    const guild = guildOfBot(state, context.params.guild_id!, bot.botUserId);
    const userId = context.params.user_id === '@me' ? bot.botUserId : context.params.user_id!;
    return { body: apiMember(state, state.member(guild, userId)) };
  });

  router.patch('/guilds/:guild_id/members/:user_id', (context) => {
    const bot = botOf(context);
    const guild = guildOfBot(state, context.params.guild_id!, bot.botUserId);
    const userId = context.params.user_id === '@me' ? bot.botUserId : context.params.user_id!;
    const member = state.member(guild, userId);
    const body = isRecord(context.body) ? context.body : {};
    const own = basePermissions(guild, bot.botUserId);
    const changes: { roles?: string[]; nick?: string | null } = {};
    if (body.nick !== undefined) {
      const needed = userId === bot.botUserId ? ChangeNickname : ManageNicknames;
      if (!has(own, needed)) throw errors.missingPermissions();
      if (userId !== bot.botUserId && highestRolePosition(guild, userId) >= highestRolePosition(guild, bot.botUserId)) throw errors.missingPermissions();
      changes.nick = (body.nick as string | null) || null;
    }
    if (body.roles !== undefined) {
      if (!has(own, ManageRoles)) throw errors.missingPermissions();
      const next = (Array.isArray(body.roles) ? body.roles : []).map(String);
      for (const roleId of next) state.role(guild, roleId);
      const changed = [...next.filter((id) => !member.roles.includes(id)), ...member.roles.filter((id) => !next.includes(id))];
      for (const roleId of changed) requireAssignable(guild, bot.botUserId, state.role(guild, roleId));
      changes.roles = next;
    }
    world.updateMember(guild, member, changes);
    return { body: apiMember(state, member) };
  });

  router.delete('/guilds/:guild_id/members/:user_id', (context) => {
    const bot = botOf(context);
    const guild = guildOfBot(state, context.params.guild_id!, bot.botUserId);
    requireGuildPermissions(guild, bot.botUserId, KickMembers);
    const member = state.member(guild, context.params.user_id!);
    if (member.userId === guild.ownerId || highestRolePosition(guild, member.userId) >= highestRolePosition(guild, bot.botUserId)) {
      throw errors.missingPermissions();
    }
    world.removeMember(guild, member.userId);
    return {};
  });

  const changeMemberRole = (add: boolean) => (context: Parameters<Parameters<Router['put']>[1]>[0]) => {
    const bot = botOf(context);
    const guild = guildOfBot(state, context.params.guild_id!, bot.botUserId);
    requireGuildPermissions(guild, bot.botUserId, ManageRoles);
    const member = state.member(guild, context.params.user_id!);
    const role = state.role(guild, context.params.role_id!);
    requireAssignable(guild, bot.botUserId, role);
    const has = member.roles.includes(role.id);
    if (add && !has) world.updateMember(guild, member, { roles: [...member.roles, role.id] });
    if (!add && has) world.updateMember(guild, member, { roles: member.roles.filter((id) => id !== role.id) });
    return {};
  };
  router.put('/guilds/:guild_id/members/:user_id/roles/:role_id', changeMemberRole(true));
  router.delete('/guilds/:guild_id/members/:user_id/roles/:role_id', changeMemberRole(false));

  router.get('/guilds/:guild_id/voice-states/:user_id', (context) => {
    const bot = botOf(context);
    const guild = guildOfBot(state, context.params.guild_id!, bot.botUserId);
    const userId = context.params.user_id === '@me' ? bot.botUserId : context.params.user_id!;
    if (!guild.voiceStates.has(userId)) throw new DiscordHttpError(404, { message: 'Unknown Voice State', code: 10065 });
    return { body: apiVoiceState(state, guild, userId) };
  });
}

/** Roles highest first, like the client lists them; Discord's REST returns them in position order. */
function sortedRoles(guild: GuildRecord): APIRole[] {
  return [...guild.roles.values()].sort((a, b) => a.position - b.position || compareSnowflakes(a.id, b.id));
}

/** The role hierarchy for assigning: below the bot's highest role, never @everyone or a managed role. */
function requireAssignable(guild: GuildRecord, botUserId: string, role: APIRole): void {
  if (role.id === guild.id || role.managed || !canManageRole(guild, botUserId, role)) throw errors.missingPermissions();
}

/** Role create/edit body; a bot may only grant permissions it has itself (Administrator bypasses). */
function parseRoleBody(body: Record<string, unknown>, own: bigint): Partial<Pick<APIRole, 'name' | 'permissions' | 'color' | 'hoist' | 'mentionable'>> {
  const form = new FormErrors();
  const name = form.string(['name'], body.name, { max: LIMITS.roleName });
  const color = form.integer(['color'], body.color, { min: 0, max: 0xffffff });
  let permissions: string | undefined;
  if (body.permissions !== undefined && body.permissions !== null) {
    if (!/^\d+$/.test(String(body.permissions))) form.add(['permissions'], 'NUMBER_TYPE_COERCE', `Value "${String(body.permissions)}" is not int.`);
    else permissions = String(body.permissions);
  }
  form.throwIfAny();
  if (permissions !== undefined && own !== ALL_PERMISSIONS && (BigInt(permissions) & ~own) !== 0n) throw errors.missingPermissions();
  return {
    ...(name !== undefined ? { name } : {}),
    ...(permissions !== undefined ? { permissions } : {}),
    ...(color !== undefined ? { color } : {}),
    ...(typeof body.hoist === 'boolean' ? { hoist: body.hoist } : {}),
    ...(typeof body.mentionable === 'boolean' ? { mentionable: body.mentionable } : {}),
  };
}
