import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import express from 'express';
import { MIN_DASHBOARD_TOKEN_LENGTH, isLoopbackHost } from '../../config';
import { requireToken } from './auth';
import { refuseCrossSite } from './cross-site';
import type { ReadinessReport } from '../health/readiness';
import type { LoginThrottleOptions } from './login-throttle';
import { metricsRoute, probeRoutes } from './probes';
import { DEFAULT_SESSION_TTL_MS } from './session';

export const DASHBOARD_BASE_PATH = '/admin/queues';

export interface DashboardOptions {
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  /** Null serves without authentication, which is allowed on a loopback host only. */
  readonly token: string | null;
  /** Queues shown under /admin/queues; none: the dashboard itself is not served. */
  readonly queues: readonly Queue[];
  /** Answers /readyz; with it, /healthz and /readyz are served without the token. */
  readonly readiness?: () => Promise<ReadinessReport>;
  /** Renders /metrics (behind the token like the dashboard). */
  readonly metrics?: () => Promise<{ contentType: string; body: string }>;
  /** Lifetime of a browser session; DEFAULT_SESSION_TTL_MS (12 hours) unless given. */
  readonly sessionTtlMs?: number;
  /** Failed-login limit per client address; 5 per minute unless given. */
  readonly loginThrottle?: LoginThrottleOptions;
}

export interface Dashboard {
  /** e.g. http://127.0.0.1:3000/admin/queues */
  readonly url: string;
  /** e.g. http://127.0.0.1:3000 */
  readonly origin: string;
  readonly port: number;
  close(): Promise<void>;
}

export class DashboardConfigError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'DashboardConfigError';
  }
}

/**
 * bull-board over the given queues under /admin/queues, on DASHBOARD_HOST:DASHBOARD_PORT,
 * with /metrics beside it and the public /healthz and /readyz probes (see probes.ts).
 * With a token, every other request (also the page's assets and API calls, and paths
 * outside the dashboard) is refused with 401 unless it carries it. Every request
 * other than GET/HEAD/OPTIONS from another site is refused with 403, with or without
 * a token (see `refuseCrossSite`). Refuses to start on a host reachable from other
 * machines without a token, and with a token shorter than MIN_DASHBOARD_TOKEN_LENGTH.
 * Resolves once listening.
 */
export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  if (options.token === null && !isLoopbackHost(options.host)) {
    throw new DashboardConfigError(`The dashboard would be open to everyone on ${options.host}: set DASHBOARD_TOKEN or use DASHBOARD_HOST=127.0.0.1`);
  }
  if (options.token !== null && options.token.length < MIN_DASHBOARD_TOKEN_LENGTH) {
    throw new DashboardConfigError(`The dashboard token is shorter than ${MIN_DASHBOARD_TOKEN_LENGTH} characters`);
  }
  const app = express();
  app.disable('x-powered-by');
  app.use(refuseCrossSite);
  if (options.readiness) app.use(probeRoutes(options.readiness));
  if (options.token !== null) {
    const sessionTtlMs = options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;
    app.use(requireToken({ token: options.token, cookiePath: DASHBOARD_BASE_PATH, sessionTtlMs, throttle: options.loginThrottle }));
  }
  if (options.metrics) app.use(metricsRoute(options.metrics));
  if (options.queues.length > 0) app.use(DASHBOARD_BASE_PATH, boardRouter(options.queues));

  const server = await listen(app, options.port, options.host);
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}${DASHBOARD_BASE_PATH}`,
    origin: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // The page polls with keep-alive connections; do not wait for them to idle out.
        server.closeAllConnections();
      }),
  };
}

function boardRouter(queues: readonly Queue[]): express.Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(DASHBOARD_BASE_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'DMW Raid Bot' } },
  });
  return serverAdapter.getRouter() as express.Router;
}

function listen(app: express.Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('listening', () => {
      server.off('error', reject);
      resolve(server);
    });
    server.once('error', reject);
  });
}
