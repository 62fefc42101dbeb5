import { ChannelType, OverwriteType, PermissionFlagsBits, type APIOverwrite } from 'discord-api-types/v10';
import { resolveAttachments } from '../../attachments';
import { errors } from '../../errors';
import { LIMITS } from '../../limits';
import { editMessage, messageFields } from '../../message-bodies';
import { ALL_PERMISSIONS, channelPermissions, has } from '../../permissions';
import { apiChannel, apiMessage } from '../../serialize';
import { compareSnowflakes, snowflakeTimestamp } from '../../snowflake';
import type { ChannelRecord, GuildRecord, MessageRecord } from '../../state';
import { FormErrors, isRecord } from '../../validation/form-errors';
import { validateMessageBody, type MessageBody } from '../../validation/message';
import { botOf, channelOfBot, requireMessageChannel } from '../guards';
import type { Router } from '../router';
import type { RouteDeps } from './deps';

/** How long Discord remembers a nonce for `enforce_nonce` ("the past few minutes"). */
const ENFORCED_NONCE_WINDOW_MS = 5 * 60_000;

const { ViewChannel, SendMessages, ReadMessageHistory, ManageMessages, ManageChannels, ManageRoles } = PermissionFlagsBits;

/** Channels and their messages. */
export function registerChannelRoutes(router: Router, deps: RouteDeps): void {
  const { state, world } = deps;

  router.get('/channels/:channel_id', (context) => {
    const { channel } = channelOfBot(state, context.params.channel_id!, botOf(context).botUserId);
    return { body: apiChannel(channel, state) };
  });

  router.patch('/channels/:channel_id', (context) => {
    const bot = botOf(context);
    const { channel, guild } = channelOfBot(state, context.params.channel_id!, bot.botUserId, ManageChannels);
    if (!guild) throw errors.wrongChannelType();
    const body = isRecord(context.body) ? context.body : {};
    const form = new FormErrors();
    const name = form.string(['name'], body.name, { min: 1, max: LIMITS.channelName });
    const topic = form.string(['topic'], body.topic, { max: LIMITS.channelTopic });
    const overwrites = body.permission_overwrites === undefined ? undefined : parseOverwrites(form, body.permission_overwrites);
    form.throwIfAny();
    if (overwrites) requireGrantableOverwrites(channelPermissions(guild, channel, bot.botUserId), changedOverwrites(channel, overwrites));
    if (body.parent_id !== undefined && body.parent_id !== null) requireCategory(state.channels.get(String(body.parent_id)), guild);
    world.updateChannel(channel, {
      ...(name !== undefined ? { name } : {}),
      ...(body.topic !== undefined ? { topic: topic ?? null } : {}),
      ...(typeof body.position === 'number' ? { position: body.position } : {}),
      ...(body.parent_id !== undefined ? { parentId: (body.parent_id as string | null) ?? null } : {}),
      ...(overwrites ? { overwrites } : {}),
      ...(typeof body.nsfw === 'boolean' ? { nsfw: body.nsfw } : {}),
      ...(typeof body.rate_limit_per_user === 'number' ? { rateLimitPerUser: body.rate_limit_per_user } : {}),
    });
    return { body: apiChannel(channel, state) };
  });

  router.delete('/channels/:channel_id', (context) => {
    const bot = botOf(context);
    const { channel, guild } = channelOfBot(state, context.params.channel_id!, bot.botUserId, guildOnly(state.channel(context.params.channel_id!), ManageChannels));
    const body = apiChannel(channel, state);
    if (guild) world.deleteChannel(channel);
    return { body };
  });

  router.put('/channels/:channel_id/permissions/:overwrite_id', (context) => {
    const bot = botOf(context);
    const { channel, guild } = channelOfBot(state, context.params.channel_id!, bot.botUserId, ManageRoles);
    if (!guild) throw errors.wrongChannelType();
    const form = new FormErrors();
    const [overwrite] = parseOverwrites(form, [{ ...(isRecord(context.body) ? context.body : {}), id: context.params.overwrite_id }]);
    form.throwIfAny();
    requireGrantableOverwrites(channelPermissions(guild, channel, bot.botUserId), [overwrite!]);
    world.updateChannel(channel, { overwrites: [...channel.overwrites.filter((o) => o.id !== overwrite!.id), overwrite!] });
    return {};
  });

  router.delete('/channels/:channel_id/permissions/:overwrite_id', (context) => {
    const bot = botOf(context);
    const { channel, guild } = channelOfBot(state, context.params.channel_id!, bot.botUserId, ManageRoles);
    if (!guild) throw errors.wrongChannelType();
    world.updateChannel(channel, { overwrites: channel.overwrites.filter((o) => o.id !== context.params.overwrite_id) });
    return {};
  });

  router.post('/channels/:channel_id/typing', (context) => {
    const { channel } = channelOfBot(state, context.params.channel_id!, botOf(context).botUserId, SendMessages);
    requireMessageChannel(channel);
    return {};
  });

  router.get('/channels/:channel_id/pins', (context) => {
    channelOfBot(state, context.params.channel_id!, botOf(context).botUserId, ReadMessageHistory);
    return { body: [] };
  });

  // ── messages ────────────────────────────────────────────────────────────

  router.get('/channels/:channel_id/messages', (context) => {
    const { channel, permissions } = channelOfBot(state, context.params.channel_id!, botOf(context).botUserId);
    // Without Read Message History Discord answers an empty list, not an error.
    if (!has(permissions, ReadMessageHistory)) return { body: [] };
    const form = new FormErrors();
    const limitText = context.query.get('limit');
    const limit = limitText === null ? 50 : form.integer(['limit'], Number(limitText), { min: 1, max: LIMITS.messagesPerFetch }) ?? 50;
    form.throwIfAny();
    const all = state.channelMessages(channel.id);
    const before = context.query.get('before');
    const after = context.query.get('after');
    const around = context.query.get('around');
    let page: MessageRecord[];
    if (around) {
      const older = all.filter((m) => compareSnowflakes(m.id, around) < 0).slice(-Math.floor(limit / 2));
      const newer = all.filter((m) => compareSnowflakes(m.id, around) >= 0).slice(0, limit - older.length);
      page = [...older, ...newer];
    } else if (after) {
      page = all.filter((m) => compareSnowflakes(m.id, after) > 0).slice(0, limit);
    } else if (before) {
      page = all.filter((m) => compareSnowflakes(m.id, before) < 0).slice(-limit);
    } else {
      page = all.slice(-limit);
    }
    return { body: page.reverse().map((m) => apiMessage(state, m)) };
  });

  router.get('/channels/:channel_id/messages/:message_id', (context) => {
    const { channel, permissions } = channelOfBot(state, context.params.channel_id!, botOf(context).botUserId);
    if (!has(permissions, ReadMessageHistory)) throw errors.missingAccess();
    return { body: apiMessage(state, state.message(channel.id, context.params.message_id!)) };
  });

  router.post('/channels/:channel_id/messages', (context) => {
    const bot = botOf(context);
    const { channel } = channelOfBot(state, context.params.channel_id!, bot.botUserId, ViewChannel);
    requireMessageChannel(channel);
    const permissions = channel.guildId ? channelPermissions(state.guild(channel.guildId), channel, bot.botUserId) : ALL_PERMISSIONS;
    if (!has(permissions, SendMessages)) throw errors.missingPermissions();
    const body = validateMessageBody(context.body, { requireSomething: true, allowEphemeral: false, fileCount: context.files.length });
    // enforce_nonce: Discord returns the author's message of the same nonce from the past few minutes instead of a second one.
    if (body.enforce_nonce === true && body.nonce !== undefined) {
      const earlier = state.channelMessages(channel.id).find(
        (m) => m.authorId === bot.botUserId && m.nonce !== undefined && String(m.nonce) === String(body.nonce) && Date.now() - Date.parse(m.timestamp) < ENFORCED_NONCE_WINDOW_MS,
      );
      if (earlier !== undefined) return { body: apiMessage(state, earlier) };
    }
    const reference = resolveReference(state, channel, body);
    const message = world.createMessage({
      channelId: channel.id,
      authorId: bot.botUserId,
      ...messageFields(body),
      ...(body.flags !== undefined ? { flags: body.flags } : {}),
      ...(body.nonce !== undefined ? { nonce: body.nonce } : {}),
      attachments: resolveAttachments(state, deps.baseUrl(), body, context.files) ?? [],
      ...(reference ? { messageReference: reference } : {}),
    });
    return { body: apiMessage(state, message) };
  });

  router.patch('/channels/:channel_id/messages/:message_id', (context) => {
    const bot = botOf(context);
    const { channel, permissions } = channelOfBot(state, context.params.channel_id!, bot.botUserId);
    const message = state.message(channel.id, context.params.message_id!);
    const body = validateMessageBody(context.body, { requireSomething: false, allowEphemeral: false });
    if (message.authorId !== bot.botUserId) {
      // Others' messages: only the SUPPRESS_EMBEDS flag, and only with Manage Messages.
      const touchesContent = ['content', 'embeds', 'components', 'attachments'].some((key) => key in (body as object));
      if (touchesContent) throw errors.cannotEditOthersMessage();
      if (!has(permissions, ManageMessages)) throw errors.missingPermissions();
    }
    deps.oldMessageEdits.checkEdit(channel.id, message.id);
    editMessage(message, body, { state, world, baseUrl: deps.baseUrl(), files: context.files });
    return { body: apiMessage(state, message) };
  });

  router.delete('/channels/:channel_id/messages/:message_id', (context) => {
    const bot = botOf(context);
    const { channel, permissions } = channelOfBot(state, context.params.channel_id!, bot.botUserId);
    const message = state.message(channel.id, context.params.message_id!);
    if (message.authorId !== bot.botUserId && !has(permissions, ManageMessages)) throw errors.missingPermissions();
    world.deleteMessage(message);
    return {};
  });

  router.post('/channels/:channel_id/messages/bulk-delete', (context) => {
    const bot = botOf(context);
    const { channel, guild } = channelOfBot(state, context.params.channel_id!, bot.botUserId);
    if (!guild) throw errors.cannotExecuteOnDm();
    if (!has(channelPermissions(guild, channel, bot.botUserId), ManageMessages)) throw errors.missingPermissions();
    const form = new FormErrors();
    const ids = form.array(['messages'], isRecord(context.body) ? context.body.messages : undefined, {
      required: true,
      min: LIMITS.bulkDeleteMin,
      max: LIMITS.bulkDeleteMax,
    });
    const unique = new Set<string>();
    ids?.forEach((id, index) => {
      if (typeof id !== 'string' || !/^\d{17,20}$/.test(id)) form.add(['messages', index], 'NUMBER_TYPE_COERCE', `Value "${String(id)}" is not snowflake.`);
      else if (unique.has(id)) form.add(['messages', index], 'MESSAGE_BULK_DELETE_DUPLICATE', 'Duplicate message ids');
      else unique.add(id);
    });
    form.throwIfAny();
    const cutoff = Date.now() - LIMITS.bulkDeleteMaxAgeMs;
    if ([...unique].some((id) => snowflakeTimestamp(id) < cutoff)) throw errors.bulkDeleteTooOld();
    // Ids that do not exist (any more) count toward the limits but are skipped, as on Discord.
    const messages = [...unique].map((id) => state.messages.get(id)).filter((m): m is MessageRecord => m !== undefined && m.channelId === channel.id && m.visibleTo === null);
    world.bulkDeleteMessages(channel, messages);
    return {};
  });
}

function guildOnly(channel: ChannelRecord, permission: bigint): bigint {
  return channel.guildId ? permission : 0n;
}

/** A reply's message_reference must point at a message of this channel (unless fail_if_not_exists is false). */
function resolveReference(state: RouteDeps['state'], channel: ChannelRecord, body: MessageBody) {
  const reference = body.message_reference;
  if (!reference || typeof reference.message_id !== 'string') return undefined;
  const target = state.messages.get(reference.message_id);
  if (!target || target.channelId !== channel.id || target.visibleTo !== null) {
    if (reference.fail_if_not_exists === false) return undefined;
    const form = new FormErrors();
    form.add(['message_reference'], 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message');
    throw form.toError();
  }
  return { type: 0, message_id: target.id, channel_id: channel.id, ...(channel.guildId ? { guild_id: channel.guildId } : {}) };
}

export function parseOverwrites(form: FormErrors, raw: unknown): APIOverwrite[] {
  const list = form.array(['permission_overwrites'], raw, { max: 100 }) ?? [];
  return list.flatMap((entry, index) => {
    const path = ['permission_overwrites', index];
    if (!isRecord(entry)) {
      form.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return [];
    }
    const type = entry.type === 'role' ? OverwriteType.Role : entry.type === 'member' ? OverwriteType.Member : entry.type;
    if (!form.oneOf([...path, 'type'], type, [OverwriteType.Role, OverwriteType.Member])) return [];
    return [{ id: String(entry.id), type: type as OverwriteType, allow: String(entry.allow ?? '0'), deny: String(entry.deny ?? '0') }];
  });
}

/**
 * Discord lets a bot allow or deny only permissions it has itself in that
 * channel (Administrator bypasses); anything else is 50013.
 */
export function requireGrantableOverwrites(botPermissions: bigint, overwrites: APIOverwrite[]): void {
  if (botPermissions === ALL_PERMISSIONS) return;
  for (const overwrite of overwrites) {
    const bits = BigInt(overwrite.allow) | BigInt(overwrite.deny);
    if ((bits & ~botPermissions) !== 0n) throw errors.missingPermissions();
  }
}

export function requireCategory(channel: ChannelRecord | undefined, guild: GuildRecord): void {
  if (!channel || channel.guildId !== guild.id || channel.type !== ChannelType.GuildCategory) {
    const form = new FormErrors();
    form.add(['parent_id'], 'CHANNEL_PARENT_INVALID', 'Category does not exist');
    throw form.toError();
  }
}

/** Only overwrites that differ from the current ones need the bot to hold their bits. */
function changedOverwrites(channel: ChannelRecord, next: APIOverwrite[]): APIOverwrite[] {
  return next.filter((o) => !channel.overwrites.some((c) => c.id === o.id && c.allow === o.allow && c.deny === o.deny));
}
