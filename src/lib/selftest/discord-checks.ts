import type { Client } from 'discord.js';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import type { SelfTestChecks } from './self-test';

export function databaseCheck(db: DataSource): () => Promise<void> {
  return async () => {
    await db.query('SELECT 1');
  };
}

export function redisCheck(redis: Redis): () => Promise<void> {
  return async () => {
    const answer = await redis.ping();
    if (answer !== 'PONG') throw new Error(`PING answered ${answer}`);
  };
}

export function gatewayCheck(client: Client): () => Promise<void> {
  return async () => {
    if (!client.isReady()) throw new Error('not ready');
  };
}

/** The global application commands as Discord has them (what users can actually call). */
export function registeredCommandsOf(client: Client): () => Promise<string[]> {
  return async () => {
    if (!client.application) throw new Error('the application is not known yet (not logged in)');
    const commands = await client.application.commands.fetch();
    return commands.map((command) => command.name);
  };
}

/** The self-test's checks against the running bot. */
export function botSelfTestChecks(client: Client, db: DataSource, redis: Redis): SelfTestChecks {
  return {
    gateway: gatewayCheck(client),
    database: databaseCheck(db),
    redis: redisCheck(redis),
    registeredCommandNames: registeredCommandsOf(client),
  };
}
