// Imported first by src/index.ts. The libraries that ship big source maps load first,
// without source maps: kept in memory their maps (TypeORM alone brings ~15 MB with its
// TypeScript sources) would cost ~20 MB of heap for stack frames inside library code
// (docs/decisions.md, "Client cache policy and memory"). Then source maps, before every
// other import, so stack traces and log records of the bot's own modules point at TypeScript lines.
import 'reflect-metadata';
import 'typeorm';
import 'luxon';
import 'discord.js';
import '@sapphire/framework';
import '@sapphire/plugin-scheduled-tasks';
process.setSourceMapsEnabled(true);

import '@sapphire/plugin-scheduled-tasks/register';
import { ApplicationCommandRegistries, RegisterBehavior } from '@sapphire/framework';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { Repositories } from './db/repositories';
import type { DebugMirror } from './debug-mirror/debug-mirror';
import type { FloodGuards } from './flood';
import type { RaidServices } from './raids/services';
import type { RedisKeys } from './redis-namespace';
import type { Reminders } from './reminders';
import type { ScheduledEventService } from './scheduled-events';
import type { Shutdown } from './shutdown';
import type { Clock } from './time';
import type { ShardOwnership } from './sharding/ownership';

// One PUT of the whole command set per scope instead of a request per command.
ApplicationCommandRegistries.setDefaultBehaviorWhenNotIdentical(RegisterBehavior.BulkOverwrite);

/**
 * Everything shared is reached through Sapphire's container, created in one place at
 * start-up (src/index.ts): no module keeps state of its own that it sets on import.
 */
declare module '@sapphire/pieces' {
  interface Container {
    /** The frozen configuration of this process. */
    config: Config;
    /** Which servers this process is responsible for (all of them unless sharded; lib/sharding). */
    shards: ShardOwnership;
    /** "Now" for everything time-aware: the system clock, or the test clock of TEST_CLOCK_START. */
    clock: Clock;
    /** The one TypeORM data source; pieces never open connections of their own. */
    db: DataSource;
    /** Repositories bound to `db`. */
    repos: Repositories;
    /** Graceful shutdown of this process (signals, `/restart`, a lost lock). */
    shutdown: Shutdown;
    /** This deployment's Redis keys and queue name (REDIS_NAMESPACE). */
    redisKeys: RedisKeys;
    /**
     * The Redis connection of the scheduled-task queue, shared for the bot's own keys
     * (locks, XP cooldowns, voice join times, self-test status); closed with the queue.
     */
    redis(): Promise<Redis>;
    /** Vote-change limit and ping memory, on their own fail-fast Redis connection. */
    flood: FloodGuards;
    /** Planner, participant lists, raid role, raid list, the raid lock and the create, vote and close flows. */
    raids: RaidServices;
    /** Mirrors of raid lists and member lists into the debug channels (off unless configured). */
    debugMirror: DebugMirror;
    /** Reminders before a slot and "starting now" posts (BullMQ delayed jobs, claimed once in the database). */
    reminders: Reminders;
    /** Discord scheduled events for qualified slots (src/lib/scheduled-events). */
    scheduledEvents: ScheduledEventService;
  }
}
