// Imported first by src/index.ts. Source maps come before every other import, so
// stack traces and log records of the modules loaded after it point at TypeScript lines.
process.setSourceMapsEnabled(true);

import 'reflect-metadata';
import '@sapphire/plugin-scheduled-tasks/register';
import { ApplicationCommandRegistries, RegisterBehavior } from '@sapphire/framework';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { Repositories } from './db/repositories';
import type { Shutdown } from './shutdown';

// One PUT of the whole command set per scope instead of a request per command.
ApplicationCommandRegistries.setDefaultBehaviorWhenNotIdentical(RegisterBehavior.BulkOverwrite);

declare module '@sapphire/pieces' {
  interface Container {
    /** The frozen configuration of this process. */
    config: Config;
    /** The one TypeORM data source; pieces never open connections of their own. */
    db: DataSource;
    /** Repositories bound to `db`. */
    repos: Repositories;
    /** Graceful shutdown of this process (signals, `/restart`, a lost lock). */
    shutdown: Shutdown;
  }
}
