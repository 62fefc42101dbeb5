import { errors } from '../../errors';
import { basePermissions } from '../../permissions';
import { apiChannel, apiUser } from '../../serialize';
import { isRecord } from '../../validation/form-errors';
import { botOf } from '../guards';
import type { Router } from '../router';
import type { RouteDeps } from './deps';

/** Gateway discovery, the bot's own user and application, DMs. */
export function registerMiscRoutes(router: Router, { state, world, gateway, sessionStarts }: RouteDeps): void {
  router.get('/gateway', () => ({ body: { url: gateway.url } }), { auth: false });

  router.get('/gateway/bot', (context) => {
    const bot = botOf(context);
    return {
      body: {
        url: gateway.url,
        shards: sessionStarts.recommendedShards(state.guildsOf(bot.botUserId).length),
        session_start_limit: sessionStarts.limitOf(bot.id),
      },
    };
  });

  router.get('/users/@me', (context) => ({
    body: { ...apiUser(state.user(botOf(context).botUserId)), verified: true, mfa_enabled: false, email: null },
  }));

  router.get('/users/:user_id', (context) => {
    const id = context.params.user_id === '@me' ? botOf(context).botUserId : context.params.user_id!;
    return { body: apiUser(state.user(id)) };
  });

  router.get('/users/@me/guilds', (context) => {
    const bot = botOf(context);
    return {
      body: state.guildsOf(bot.botUserId).map((guild) => ({
        id: guild.id,
        name: guild.name,
        icon: null,
        banner: null,
        owner: guild.ownerId === bot.botUserId,
        permissions: basePermissions(guild, bot.botUserId).toString(),
        features: [...guild.features],
      })),
    };
  });

  router.delete('/users/@me/guilds/:guild_id', (context) => {
    const bot = botOf(context);
    const guild = state.guild(context.params.guild_id!);
    if (!guild.members.has(bot.botUserId)) throw errors.unknownGuild();
    world.removeMember(guild, bot.botUserId);
    return {};
  });

  router.post('/users/@me/channels', (context) => {
    const bot = botOf(context);
    const recipient = isRecord(context.body) ? context.body.recipient_id : undefined;
    if (typeof recipient !== 'string' || !state.users.has(recipient)) throw errors.invalidRecipient();
    const channel = world.dmChannel(bot.botUserId, recipient);
    return { body: apiChannel(channel, state) };
  });

  const application = (context: Parameters<Parameters<Router['get']>[1]>[0]) => {
    const bot = botOf(context);
    const user = state.user(bot.botUserId);
    const guilds = state.guildsOf(bot.botUserId);
    return {
      body: {
        id: bot.id,
        name: bot.name,
        icon: null,
        description: '',
        summary: '',
        type: null,
        bot_public: true,
        bot_require_code_grant: false,
        verify_key: '0'.repeat(64),
        flags: bot.flags,
        flags_new: String(bot.flags),
        hook: true,
        is_monetized: false,
        is_verified: false,
        is_discoverable: false,
        storefront_available: false,
        integration_types_config: { '0': {} },
        approximate_guild_count: guilds.length,
        approximate_user_install_count: 0,
        bot: apiUser(user),
        owner: apiUser(user),
        team: null,
        tags: [],
        redirect_uris: [],
        interactions_endpoint_url: null,
        role_connections_verification_url: null,
      },
    };
  };
  router.get('/applications/@me', application);
  router.get('/oauth2/applications/@me', application);
}
