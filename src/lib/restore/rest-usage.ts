/**
 * Counts the Discord REST calls made while something runs (start-up restoration),
 * from discord.js's own `response` events, so the restoration log line and the
 * benchmark say what a restart cost: reads, edits, posts, deletes and 429s. Interaction
 * answers that happen meanwhile are left out; other work running at the same time (a
 * vote's list sync) is counted too.
 */
import { RESTEvents, type REST } from 'discord.js';

export interface RestUsage {
  readonly total: number;
  readonly byMethod: Readonly<Record<string, number>>;
  /** Answers with status 429 (discord.js retries them; a well-paced client sees none). */
  readonly rateLimited: number;
  /** Answers with a 5xx status. */
  readonly serverErrors: number;
}

export interface RestUsageMeter {
  /** Usage since the meter was started. */
  snapshot(): RestUsage;
  stop(): RestUsage;
}

export function meterRestUsage(rest: REST): RestUsageMeter {
  const byMethod: Record<string, number> = {};
  let total = 0;
  let rateLimited = 0;
  let serverErrors = 0;
  const onResponse = (request: { method: string; path: string }, response: { status: number }): void => {
    // Answers to interactions (callbacks, follow-ups) are members' traffic, not the work being measured.
    if (request.path.startsWith('/interactions/') || request.path.startsWith('/webhooks/')) return;
    total += 1;
    const method = request.method.toUpperCase();
    byMethod[method] = (byMethod[method] ?? 0) + 1;
    if (response.status === 429) rateLimited += 1;
    if (response.status >= 500) serverErrors += 1;
  };
  rest.on(RESTEvents.Response, onResponse);
  const snapshot = (): RestUsage => ({ total, byMethod: { ...byMethod }, rateLimited, serverErrors });
  return {
    snapshot,
    stop: () => {
      rest.off(RESTEvents.Response, onResponse);
      return snapshot();
    },
  };
}

export function describeRestUsage(usage: RestUsage): string {
  const methods = ['GET', 'PATCH', 'POST', 'PUT', 'DELETE'].map((method) => `${method} ${usage.byMethod[method] ?? 0}`).join(', ');
  return `${usage.total} REST calls (${methods}), ${usage.rateLimited} answered 429, ${usage.serverErrors} answered 5xx`;
}
