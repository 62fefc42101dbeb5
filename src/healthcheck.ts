import { ConfigError, loadConfig } from './config';
import { readinessUrl } from './lib/health/probe-url';

/**
 * `node dist/healthcheck.js`: the container's HEALTHCHECK. Exits 0 when the bot's
 * /readyz answers 200 (gateway ready, database and Redis answering, singleton lock
 * held), 1 otherwise, with one line saying what it saw (Docker keeps it in
 * `docker inspect`). Reads the same configuration as the bot to find the port.
 */
const TIMEOUT_MS = 4_000;

async function main(): Promise<number> {
  let url: string;
  try {
    url = readinessUrl(loadConfig());
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stdout.write(`unhealthy: Config error: ${error.message}\n`);
    return 1;
  }
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    const body = (await response.text()).trim();
    process.stdout.write(`${response.ok ? 'healthy' : 'unhealthy'}: ${url} answered ${response.status} ${body}\n`);
    return response.ok ? 0 : 1;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    process.stdout.write(`unhealthy: ${url} did not answer (${cause})\n`);
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stdout.write(`unhealthy: ${String(error)}\n`);
    process.exit(1);
  },
);
