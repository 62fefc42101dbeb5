import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { container, type SapphireClient } from '@sapphire/framework';
import { IntentsBitField } from 'discord.js';
import Redis from 'ioredis';
import { loadConfig, type Config } from '../../../src/config';
import { clientOptions, createClient, redisConnectionOptions } from '../../../src/lib/client';
import { SapphireLoggerAdapter } from '../../../src/lib/logging';
import { redisKeys } from '../../../src/lib/redis-namespace';
import '../../../src/lib/setup';

/** Redis database index of the boot tests. */
const REDIS_URL = 'redis://127.0.0.1:6379/13';

function config(overrides: Record<string, string> = {}): Config {
  return loadConfig({ DISCORD_TOKEN: 'x', DATABASE_URL: 'postgres://db/x', REDIS_URL, ...overrides });
}

function intentNames(options: ReturnType<typeof clientOptions>): string[] {
  return new IntentsBitField(options.intents).toArray().sort();
}

describe('clientOptions', () => {
  it('requests Guilds, GuildMembers, GuildMessages, GuildVoiceStates and Message Content by default', () => {
    expect(intentNames(clientOptions(config()))).toEqual(['GuildMembers', 'GuildMessages', 'GuildVoiceStates', 'Guilds', 'MessageContent']);
  });

  it('leaves Message Content out when ENABLE_MESSAGE_CONTENT_INTENT is off', () => {
    expect(intentNames(clientOptions(config({ ENABLE_MESSAGE_CONTENT_INTENT: 'false' })))).toEqual(['GuildMembers', 'GuildMessages', 'GuildVoiceStates', 'Guilds']);
  });

  it('overrides the REST base only when DISCORD_API_URL is set', () => {
    expect(clientOptions(config({ DISCORD_API_URL: 'http://127.0.0.1:4000/api/' })).rest).toEqual({ api: 'http://127.0.0.1:4000/api' });
    expect(clientOptions(config()).rest).toBeUndefined();
  });

  it('loads pieces from the compiled tree, without message commands or Sapphire’s own error listeners', () => {
    const options = clientOptions(config());
    // In jest the "compiled tree" is src/ itself; in production it is dist/.
    expect(options.baseUserDirectory).toBe(join(__dirname, '..', '..', '..', 'src'));
    expect(options.loadMessageCommandListeners).toBe(false);
    expect(options.loadDefaultErrorListeners).toBe(false);
    expect(options.logger?.instance).toBeInstanceOf(SapphireLoggerAdapter);
  });

  it('points the scheduled-task queue at REDIS_URL and names it after the Redis namespace', () => {
    expect(clientOptions(config({ REDIS_URL: 'redis://:pw@cache:6380/3', REDIS_NAMESPACE: 'blue' })).tasks).toEqual({
      queue: 'blue.scheduled-tasks',
      bull: { connection: { host: 'cache', port: 6380, username: undefined, password: 'pw', db: 3, tls: undefined } },
    });
  });
});

describe('createClient', () => {
  let client: SapphireClient;
  let redis: Redis;

  beforeAll(async () => {
    redis = new Redis(REDIS_URL);
    client = createClient(config({ DISCORD_API_URL: 'http://127.0.0.1:4000/api' }));
    // BullMQ's worker must reach its stalled-job check before it is closed, or that
    // check leaves a 30 s timer behind (a race inside BullMQ, harmless in the bot,
    // which exits after closing).
    const stalledCheck = `bull:${redisKeys(config().redisNamespace).taskQueue}:stalled-check`;
    for (let i = 0; i < 100 && (await redis.exists(stalledCheck)) === 0; i++) await sleep(50);
    await sleep(50);
  });

  afterAll(async () => {
    await container.tasks.close();
    await client.destroy();
    await redis.flushdb();
    redis.disconnect();
  });

  it('routes container.logger through our logging and REST through DISCORD_API_URL', () => {
    expect(container.logger).toBeInstanceOf(SapphireLoggerAdapter);
    expect(client.rest.options.api).toBe('http://127.0.0.1:4000/api');
  });

  it('gives the scheduled-task queue (container.tasks.client) a working connection to REDIS_URL', async () => {
    const connection = await container.tasks.client.client;
    expect(await connection.ping()).toBe('PONG');
    // The connection uses database 13: a key written through it is visible there.
    await connection.set('dmw-boot-client-test', 'here');
    expect(await redis.get('dmw-boot-client-test')).toBe('here');
  });
});

describe('redisConnectionOptions', () => {
  it('reads host, port, credentials, database index and TLS from the URL', () => {
    expect(redisConnectionOptions('rediss://user:p%40ss@cache.example:6380/4')).toEqual({
      host: 'cache.example',
      port: 6380,
      username: 'user',
      password: 'p@ss',
      db: 4,
      tls: {},
    });
    expect(redisConnectionOptions('redis://127.0.0.1')).toEqual({ host: '127.0.0.1', port: 6379, username: undefined, password: undefined, db: 0, tls: undefined });
    expect(redisConnectionOptions('redis://[::1]:7000').host).toBe('::1');
  });
});
