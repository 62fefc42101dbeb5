import type { Config } from '../../config';
import { addLogSink } from '../logging';
import { LogForwarder } from './forwarder';

let installed: { forwarder: LogForwarder; remove: () => void } | null = null;

/**
 * Starts collecting log records for the Discord log channel. Called by start-up
 * right after the configuration is loaded, so the lines written before the gateway
 * is ready are kept (bounded) and sent once it is. Does nothing when no log channel
 * is configured. Returns the forwarder (or null).
 */
export function installLogForwarder(config: Pick<Config, 'logGuildId' | 'logChannelId' | 'discordLogLevel'>): LogForwarder | null {
  if (config.logGuildId === null || config.logChannelId === null) return null;
  if (installed) return installed.forwarder;
  const forwarder = new LogForwarder({ level: config.discordLogLevel });
  installed = { forwarder, remove: addLogSink(forwarder.sink) };
  return forwarder;
}

/** The installed forwarder, for the log forwarder task. */
export function installedLogForwarder(): LogForwarder | null {
  return installed?.forwarder ?? null;
}

/** Detaches the sink (shutdown, tests). Lines still buffered are discarded. */
export function uninstallLogForwarder(): void {
  installed?.remove();
  installed = null;
}
