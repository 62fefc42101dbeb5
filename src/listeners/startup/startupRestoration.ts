import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener } from '@sapphire/framework';
import type { Client } from 'discord.js';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { runStartupRestoration } from '../../lib/startup';

/** Restoration waits for the command sync, but never longer than this (the sync may fail without telling). */
const COMMAND_SYNC_WAIT_MS = 60_000;

/**
 * Start-up order after login: command sync, guild settings sync (restoration goes by
 * the settings rows), restoration.
 * Sapphire syncs commands on READY and announces the end with
 * `ApplicationCommandRegistriesRegistered`; restoration starts then, once per process.
 */
@ApplyOptions<Listener.Options>({ once: true, event: Events.ClientReady })
export class StartupRestorationListener extends Listener<typeof Events.ClientReady> {
  public async run(client: Client<true>): Promise<void> {
    const abort = new AbortController();
    await Promise.race([
      once(client, Events.ApplicationCommandRegistriesRegistered, { signal: abort.signal }).catch(() => undefined),
      sleep(COMMAND_SYNC_WAIT_MS, undefined, { signal: abort.signal, ref: false }).catch(() => undefined),
    ]);
    abort.abort();
    await runStartupRestoration();
  }
}
