/**
 * Interaction follow-ups outside the global budget. Discord does not count interaction
 * endpoints against a bot's 50 requests per second (discord-limits.md), but
 * @discordjs/rest exempts only the initial callback: follow-ups and edits of a response
 * (`/webhooks/<application>/<interaction token>…`) queue behind its global limiter
 * like every other request. In a vote burst each vote's private follow-up then takes
 * one of those 50 slots a second, and the participant lists, planner catch-ups and role
 * grants that share the budget wait seconds behind them (bench/vote-burst: 400 votes in
 * 2 s held the lists back 6 s). Those requests go through a REST manager of their own
 * with the same options but no global limit; their per-route limits (one bucket per
 * interaction token) still apply, and its events reach the client's REST listeners
 * (metrics, restoration's call counts) as before.
 */
import { REST, RESTEvents, RequestMethod, type InternalRequest, type ResponseLike } from 'discord.js';
import type { PendingAcknowledgements } from './pending-acks';

/** True for a request on an interaction's webhook: the application's own id and an interaction token. */
export function isInteractionWebhookRoute(fullRoute: string, applicationId: string | null): boolean {
  return applicationId !== null && fullRoute.startsWith(`/webhooks/${applicationId}/`);
}

/** Who the bot is: its application id (known from READY on) and token. */
export interface BotIdentity {
  applicationId(): string | null;
  token(): string | null;
}

/** New follow-up messages wait for the acknowledgements still pending (pending-acks.ts), at most `maxWaitMs`. */
export interface FollowUpPriority {
  readonly acks: PendingAcknowledgements;
  readonly maxWaitMs: number;
}

const CALLBACK_ROUTE = /^\/interactions\/(\d+)\/[^/]+\/callback$/;

/** The interaction a request path answers (`/interactions/<id>/<token>/callback`), or null for any other request. */
export function callbackInteractionId(path: string): string | null {
  return CALLBACK_ROUTE.exec(path)?.[1] ?? null;
}

/**
 * Sends `main`'s interaction-webhook requests through a second REST manager without the
 * global limit. Returns that manager.
 */
export function exemptInteractionWebhooks(main: REST, bot: BotIdentity, priority: FollowUpPriority | null = null): REST {
  const webhooks = new REST({ ...main.options, globalRequestsPerSecond: Number.POSITIVE_INFINITY });
  // What the client's REST listeners (metrics, restoration's call counts, logs) must see too.
  webhooks.on(RESTEvents.Response, (request, response) => main.emit(RESTEvents.Response, request, response));
  webhooks.on(RESTEvents.RateLimited, (info) => main.emit(RESTEvents.RateLimited, info));
  webhooks.on(RESTEvents.InvalidRequestWarning, (info) => main.emit(RESTEvents.InvalidRequestWarning, info));
  webhooks.on(RESTEvents.Debug, (info) => main.emit(RESTEvents.Debug, info));
  const queueOnMain = main.queueRequest.bind(main);
  main.queueRequest = async (request: InternalRequest): Promise<ResponseLike> => {
    const answered = priority === null ? null : callbackInteractionId(request.fullRoute);
    if (answered !== null) {
      try {
        return await queueOnMain(request);
      } finally {
        priority!.acks.acknowledged(answered);
      }
    }
    // Interactions arrive only after READY, when the application id is known.
    const applicationId = bot.applicationId();
    if (!isInteractionWebhookRoute(request.fullRoute, applicationId)) return queueOnMain(request);
    // A new follow-up (not an edit of the response): the acknowledgements still waiting go first.
    if (priority !== null && request.method === RequestMethod.Post && request.fullRoute.split('/').length === 4) await priority.acks.settled(priority.maxWaitMs);
    // Follow-ups are sent without authorization (discord.js sets auth: false); the token is for any that are not.
    const token = bot.token();
    if (token !== null) webhooks.setToken(token);
    return webhooks.queueRequest(request);
  };
  return webhooks;
}
