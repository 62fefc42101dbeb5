import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { proxyRequests } from '@discordjs/proxy';
import { REST } from 'discord.js';

/**
 * @discordjs/proxy in front of an upstream Discord (the emulator), configured as the
 * `discordjs/proxy` container runs it: one REST queue for every client, no retries and
 * `rejectOnRateLimit` (a request that would break a known limit is answered 429 with
 * Retry-After by the proxy itself, and the client retries), the clients' own
 * Authorization header forwarded. Clients use `apiUrl` as DISCORD_API_URL.
 */
export interface RestProxy {
  /** `http://127.0.0.1:<port>/api`: the proxy strips `/api/v10` and queues the rest. */
  readonly apiUrl: string;
  /** Status of every answer the proxy gave its clients, in order (429s it gave itself included). */
  readonly answered: number[];
  close(): Promise<void>;
}

export async function startRestProxy(upstreamApiUrl: string): Promise<RestProxy> {
  const rest = new REST({ api: upstreamApiUrl, rejectOnRateLimit: () => true, retries: 0 });
  const handler = proxyRequests(rest);
  const answered: number[] = [];
  const server = createServer((request, response) => {
    response.once('finish', () => answered.push(response.statusCode));
    void handler(request, response);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    answered,
    close: async () => {
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
