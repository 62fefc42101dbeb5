import { join } from 'node:path';
import { SapphireClient, container } from '@sapphire/framework';
import type { ScheduledTaskHandlerOptions } from '@sapphire/plugin-scheduled-tasks';
import { ClusterClient } from 'discord-hybrid-sharding';
import { Events, GatewayIntentBits, type ClientOptions } from 'discord.js';
import type { RedisOptions } from 'ioredis';
import type { Config } from '../config';
import { cacheFactory, sweeperOptions } from './discord/cache-policy';
import { exemptInteractionWebhooks } from './discord/interaction-rest';
import { PendingAcknowledgements } from './discord/pending-acks';
import { MemberNames } from './discord/member-names';
import { SapphireLoggerAdapter } from './logging';
import { redisKeys } from './redis-namespace';
import { sharedIdentifyThrottler } from './sharding/identify-throttle';

/** Connection options for BullMQ (the scheduled-tasks plugin) from REDIS_URL. */
export function redisConnectionOptions(redisUrl: string): RedisOptions {
  const url = new URL(redisUrl);
  const db = url.pathname.replace(/^\//, '');
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1',
    port: url.port === '' ? 6379 : Number(url.port),
    username: url.username === '' ? undefined : decodeURIComponent(url.username),
    password: url.password === '' ? undefined : decodeURIComponent(url.password),
    db: db === '' ? 0 : Number(db),
    tls: url.protocol === 'rediss:' ? {} : undefined,
  };
}

/**
 * The plugin's queue and worker, named after the deployment's Redis namespace; the
 * plugin exposes the queue as `container.tasks.client`.
 */
export function scheduledTaskOptions(config: Pick<Config, 'redisUrl' | 'redisNamespace'>): ScheduledTaskHandlerOptions {
  return { queue: redisKeys(config.redisNamespace).taskQueue, bull: { connection: redisConnectionOptions(config.redisUrl) } };
}

export function gatewayIntents(config: Pick<Config, 'enableMessageContentIntent'>): GatewayIntentBits[] {
  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers, GatewayIntentBits.GuildMessages, GatewayIntentBits.GuildVoiceStates];
  if (config.enableMessageContentIntent) intents.push(GatewayIntentBits.MessageContent);
  return intents;
}

/**
 * Everything the Sapphire client is built with, derived from the config alone (and the
 * store that keeps the display names of members the cache lets go).
 */
export function clientOptions(config: Config, memberNames: MemberNames = new MemberNames()): ClientOptions {
  const options: ClientOptions = {
    intents: gatewayIntents(config),
    // Only what the bot reads (lib/discord/cache-policy.ts): 100 servers × 1,000 members fit in 150 MB.
    makeCache: cacheFactory(memberNames),
    sweepers: sweeperOptions(),
    // Slash commands only; the error listeners in src/listeners replace Sapphire's defaults.
    loadMessageCommandListeners: false,
    loadDefaultErrorListeners: false,
    // Pieces are loaded from the compiled tree (dist/commands, dist/listeners, …).
    baseUserDirectory: join(__dirname, '..'),
    logger: { instance: new SapphireLoggerAdapter('dmw.runtime') },
    // Hundreds of per-piece lines at DEBUG otherwise.
    enableLoaderTraceLoggings: false,
    tasks: scheduledTaskOptions(config),
  };
  if (config.discordApiUrl !== null) options.rest = { api: config.discordApiUrl };
  if (config.sharding !== null) {
    // A cluster process of `npm start` (lib/supervisor/clusters.ts): its shards only.
    options.shards = [...config.sharding.shardIds];
    options.shardCount = config.sharding.shardCount;
    // Shard processes on one token keep Discord's max_concurrency identifies per 5 s together (Redis; the flood guards' fail-fast connection).
    options.ws = { buildIdentifyThrottler: sharedIdentifyThrottler({ redis: () => container.flood.redis, namespace: config.redisNamespace }) };
  }
  return options;
}

/** Longest a new follow-up waits for other interactions' acknowledgements (its token lives 15 minutes). */
const FOLLOW_UP_MAX_WAIT_MS = 2000;

/**
 * The Sapphire client of the bot. Creating it also creates the scheduled-tasks
 * queue and worker (they connect to Redis at once), so it is built only after
 * the database steps of start-up succeeded.
 */
export function createClient(config: Config): SapphireClient {
  const memberNames = new MemberNames();
  const client = new SapphireClient(clientOptions(config, memberNames));
  memberNames.attachTo(client);
  // Follow-ups and response edits do not count against Discord's global 50/s, and new
  // follow-ups let pending acknowledgements go first (lib/discord/interaction-rest.ts).
  const acks = new PendingAcknowledgements();
  client.on(Events.InteractionCreate, (interaction) => acks.received(interaction.id));
  exemptInteractionWebhooks(client.rest, { applicationId: () => client.application?.id ?? null, token: () => client.token }, { acks, maxWaitMs: FOLLOW_UP_MAX_WAIT_MS });
  // discord-hybrid-sharding's side of the cluster: IPC with the launcher's manager, ready reported to it.
  if (config.sharding !== null) {
    const cluster = new ClusterClient(client);
    client.once(Events.ClientReady, () => cluster.triggerReady());
  }
  client.on(Events.GuildMemberRemove, (member) => memberNames.forget(member.guild.id, member.id));
  client.on(Events.GuildDelete, (guild) => memberNames.forget(guild.id));
  return client;
}
