import { ChannelType, GatewayDispatchEvents, GuildScheduledEventEntityType, GuildScheduledEventPrivacyLevel, GuildScheduledEventStatus, PermissionFlagsBits } from 'discord-api-types/v10';
import { basePermissions, has } from '../../permissions';
import { errors } from '../../errors';
import { apiScheduledEvent, canTransition, MAX_UNCOMPLETED_EVENTS, scheduledEventErrors, scheduledEventsOf, type ScheduledEventRecord } from '../../scheduled-events';
import { snowflake } from '../../snowflake';
import type { GuildRecord } from '../../state';
import { FormErrors, isRecord } from '../../validation/form-errors';
import { botOf, guildOfBot } from '../guards';
import type { RequestContext, Router } from '../router';
import type { RouteDeps } from './deps';

/** Create Events (1 << 44): Discord accepts it or Manage Events for the bot's own events. */
const CREATE_EVENTS = 1n << 44n;
const ENTITY_TYPES = [GuildScheduledEventEntityType.StageInstance, GuildScheduledEventEntityType.Voice, GuildScheduledEventEntityType.External];
const STATUSES = [GuildScheduledEventStatus.Scheduled, GuildScheduledEventStatus.Active, GuildScheduledEventStatus.Completed, GuildScheduledEventStatus.Canceled];

function requireEventPermission(guild: GuildRecord, botUserId: string): void {
  const permissions = basePermissions(guild, botUserId);
  if (!has(permissions, PermissionFlagsBits.ManageEvents) && !has(permissions, CREATE_EVENTS)) throw errors.missingPermissions();
}

function instant(form: FormErrors, field: string, value: unknown, required: boolean): string | null | undefined {
  if (value === undefined || value === null) {
    if (required) form.add([field], 'BASE_TYPE_REQUIRED', 'This field is required');
    return value === null ? null : undefined;
  }
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
    form.add([field], 'DATE_TIME_TYPE_INVALID', 'Could not parse datetime');
    return undefined;
  }
  return new Date(value).toISOString();
}

/** Applies the body's fields onto `event` (a new one, or a copy of the stored one), with Discord's checks. */
function applyFields(body: Record<string, unknown>, event: ScheduledEventRecord, now: number, creating: boolean): void {
  const form = new FormErrors();
  const name = form.string(['name'], body.name, { required: creating, min: 1, max: 100 });
  const description = form.string(['description'], body.description, { max: 1000 });
  if (body.privacy_level !== undefined) form.oneOf(['privacy_level'], body.privacy_level, [GuildScheduledEventPrivacyLevel.GuildOnly]);
  if (body.entity_type !== undefined) form.oneOf(['entity_type'], body.entity_type, ENTITY_TYPES);
  else if (creating) form.add(['entity_type'], 'BASE_TYPE_REQUIRED', 'This field is required');
  const start = instant(form, 'scheduled_start_time', body.scheduled_start_time, creating);
  const end = instant(form, 'scheduled_end_time', body.scheduled_end_time, false);
  const metadata = isRecord(body.entity_metadata) ? body.entity_metadata : null;
  const location = metadata === null ? undefined : form.string(['entity_metadata', 'location'], metadata.location, { min: 1, max: 100 });
  form.throwIfAny();
  if (name !== undefined) event.name = name;
  if (body.description !== undefined) event.description = description ?? null;
  if (body.entity_type !== undefined) event.entityType = body.entity_type as GuildScheduledEventEntityType;
  if (start !== undefined && start !== null && start !== event.scheduledStart) {
    if (event.status !== GuildScheduledEventStatus.Scheduled) form.add(['scheduled_start_time'], 'GUILD_SCHEDULED_EVENT_CANNOT_UPDATE_STARTED', 'Cannot change the start of an event that has started');
    else if (Date.parse(start) <= now) form.add(['scheduled_start_time'], 'GUILD_SCHEDULED_EVENT_SCHEDULED_IN_THE_PAST', 'Cannot schedule event in the past.');
    event.scheduledStart = start;
  }
  if (end !== undefined) event.scheduledEnd = end;
  if (body.channel_id !== undefined) event.channelId = typeof body.channel_id === 'string' ? body.channel_id : null;
  if (metadata !== null || body.entity_metadata === null) event.location = location ?? null;
  if (event.entityType === GuildScheduledEventEntityType.External) {
    if (event.location === null) form.add(['entity_metadata', 'location'], 'BASE_TYPE_REQUIRED', 'This field is required');
    if (event.scheduledEnd === null) form.add(['scheduled_end_time'], 'BASE_TYPE_REQUIRED', 'This field is required');
    if (event.channelId !== null) form.add(['channel_id'], 'GUILD_SCHEDULED_EVENT_CHANNEL_ID_NOT_ALLOWED', 'Channel id must be null for external events');
  } else if (event.channelId === null) form.add(['channel_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
  if (event.scheduledEnd !== null && Date.parse(event.scheduledEnd) <= Date.parse(event.scheduledStart)) {
    form.add(['scheduled_end_time'], 'GUILD_SCHEDULED_EVENT_END_BEFORE_START', 'The end must be after the start');
  }
  form.throwIfAny();
}

function withUserCount(context: RequestContext): boolean {
  return context.query.get('with_user_count') === 'true';
}

/** Guild scheduled events: list, create, read, modify (fields and status), delete, interested users. */
export function registerScheduledEventRoutes(router: Router, { state, gateway }: RouteDeps): void {
  const store = scheduledEventsOf(state);
  const dispatch = (t: GatewayDispatchEvents, event: ScheduledEventRecord) => gateway.dispatch(t, apiScheduledEvent(event, false), { guildId: event.guildId });
  const guildOf = (context: RequestContext) => guildOfBot(state, context.params.guild_id!, botOf(context).botUserId);

  router.get('/guilds/:guild_id/scheduled-events', (context) => {
    const guild = guildOf(context);
    return { body: store.ofGuild(guild.id).map((event) => apiScheduledEvent(event, withUserCount(context))) };
  });

  router.post('/guilds/:guild_id/scheduled-events', (context) => {
    const bot = botOf(context);
    const guild = guildOf(context);
    requireEventPermission(guild, bot.botUserId);
    const body = isRecord(context.body) ? context.body : {};
    const event: ScheduledEventRecord = {
      id: snowflake(),
      guildId: guild.id,
      creatorId: bot.botUserId,
      name: '',
      description: null,
      scheduledStart: '',
      scheduledEnd: null,
      privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly,
      status: GuildScheduledEventStatus.Scheduled,
      entityType: GuildScheduledEventEntityType.External,
      channelId: null,
      location: null,
      interested: new Set(),
      history: ['created'],
    };
    applyFields(body, event, store.now(), true);
    if (Date.parse(event.scheduledStart) <= store.now()) {
      const form = new FormErrors();
      form.add(['scheduled_start_time'], 'GUILD_SCHEDULED_EVENT_SCHEDULED_IN_THE_PAST', 'Cannot schedule event in the past.');
      form.throwIfAny();
    }
    if (event.channelId !== null) {
      const channel = state.channels.get(event.channelId);
      const wanted = event.entityType === GuildScheduledEventEntityType.Voice ? ChannelType.GuildVoice : ChannelType.GuildStageVoice;
      if (channel?.guildId !== guild.id || channel.type !== wanted) throw errors.unknownChannel();
    }
    if (store.uncompletedCount(guild.id) >= MAX_UNCOMPLETED_EVENTS) throw scheduledEventErrors.tooMany();
    store.add(event);
    dispatch(GatewayDispatchEvents.GuildScheduledEventCreate, event);
    return { body: apiScheduledEvent(event, false) };
  });

  router.get('/guilds/:guild_id/scheduled-events/:event_id', (context) => {
    const guild = guildOf(context);
    return { body: apiScheduledEvent(store.get(guild.id, context.params.event_id!), withUserCount(context)) };
  });

  router.patch('/guilds/:guild_id/scheduled-events/:event_id', (context) => {
    const bot = botOf(context);
    const guild = guildOf(context);
    requireEventPermission(guild, bot.botUserId);
    const stored = store.get(guild.id, context.params.event_id!);
    const body = isRecord(context.body) ? context.body : {};
    const form = new FormErrors();
    if (body.status !== undefined && form.oneOf(['status'], body.status, STATUSES) && !canTransition(stored.status, body.status)) {
      form.add(['status'], 'GUILD_SCHEDULED_EVENT_INVALID_STATUS_TRANSITION', 'Cannot change the status of this event to the one given');
    }
    if (!canTransition(stored.status, stored.status) && Object.keys(body).some((key) => key !== 'status')) {
      form.add(['status'], 'GUILD_SCHEDULED_EVENT_ENDED', 'Cannot modify a completed or canceled event');
    }
    form.throwIfAny();
    // Validate on a copy, so a refused PATCH changes nothing; the interested members stay.
    const next: ScheduledEventRecord = { ...stored, interested: stored.interested, history: stored.history };
    applyFields(body, next, store.now(), false);
    if (body.status !== undefined) next.status = body.status as GuildScheduledEventStatus;
    Object.assign(stored, next);
    stored.history.push(body.status !== undefined && Object.keys(body).length === 1 ? `status ${String(body.status)}` : 'updated');
    dispatch(GatewayDispatchEvents.GuildScheduledEventUpdate, stored);
    return { body: apiScheduledEvent(stored, false) };
  });

  router.delete('/guilds/:guild_id/scheduled-events/:event_id', (context) => {
    const bot = botOf(context);
    const guild = guildOf(context);
    requireEventPermission(guild, bot.botUserId);
    const event = store.get(guild.id, context.params.event_id!);
    store.remove(event.id);
    dispatch(GatewayDispatchEvents.GuildScheduledEventDelete, event);
    return { status: 204 };
  });

  router.get('/guilds/:guild_id/scheduled-events/:event_id/users', (context) => {
    const guild = guildOf(context);
    const event = store.get(guild.id, context.params.event_id!);
    return { body: [...event.interested].map((userId) => ({ guild_scheduled_event_id: event.id, user: { id: userId, username: state.users.get(userId)?.username ?? userId } })) };
  });
}
