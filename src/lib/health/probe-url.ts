import type { Config } from '../../config';

/**
 * Where a health check running beside the bot (the container's HEALTHCHECK) reaches
 * its /readyz: the configured host, or loopback when the bot listens on every
 * interface (`0.0.0.0`, `::`), which cannot be connected to as such.
 */
export function readinessUrl(config: Pick<Config, 'dashboardHost' | 'dashboardPort'>): string {
  const host = config.dashboardHost.trim().replace(/^\[(.*)\]$/, '$1');
  const reachable = host === '0.0.0.0' || host === '' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${config.dashboardPort}/readyz`;
}
