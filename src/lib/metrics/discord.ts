/**
 * Discord traffic, measured at discord.js's own boundaries: the REST client's
 * `response` and `rateLimited` events, and the gateway's interaction events. Nothing
 * here touches a handler; an acknowledgement is the interaction's callback answered
 * by Discord, whichever code path sent it.
 */
import { Events, RESTEvents, type Client, type Interaction, type RateLimitData } from 'discord.js';
import { callbackInteractionId } from '../discord/interaction-rest';
import { interactionAckSeconds, interactionsUnacknowledged, restRateLimited, restRequests, restWaits } from './registry';

/** Past this an interaction cannot be answered any more (Discord allows 3 s, a deferral 15 min for follow-ups only). */
const ACK_GIVE_UP_MS = 15_000;
/** Interactions waiting for their acknowledgement at most; a flood beyond it is not timed. */
const MAX_PENDING = 10_000;

/** The route without anything unbounded: snowflakes, interaction tokens, emoji. */
export function routeLabel(route: string): string {
  return route
    .replace(/^(\/(?:interactions|webhooks)\/[^/]+\/)[^/?]+/, '$1:token')
    .replace(/\/reactions\/.*/, '/reactions/:reaction')
    .replace(/\/\d{5,}(?=\/|$)/g, '/:id');
}

export function interactionKind(interaction: Interaction): string {
  if (interaction.isChatInputCommand()) return 'command';
  if (interaction.isContextMenuCommand()) return 'context_menu';
  if (interaction.isAutocomplete()) return 'autocomplete';
  if (interaction.isButton()) return 'button';
  if (interaction.isAnySelectMenu()) return 'select';
  if (interaction.isModalSubmit()) return 'modal';
  return 'other';
}

interface PendingAck {
  readonly kind: string;
  readonly receivedAt: number;
}

/** Interactions received and not yet acknowledged, oldest first (Map keeps insertion order). */
const pending = new Map<string, PendingAck>();

function sweepExpired(now: number): void {
  for (const [id, entry] of pending) {
    if (now - entry.receivedAt < ACK_GIVE_UP_MS && pending.size <= MAX_PENDING) break;
    pending.delete(id);
    interactionsUnacknowledged.inc({ kind: entry.kind });
  }
}

function onInteraction(interaction: Interaction): void {
  const now = performance.now();
  sweepExpired(now);
  pending.set(interaction.id, { kind: interactionKind(interaction), receivedAt: now });
}

function onResponse(request: { method: string; path: string; route: string }, response: { status: number; headers: Headers }): void {
  const method = request.method.toUpperCase();
  const route = routeLabel(request.route);
  restRequests.inc({ method, route, status: String(response.status) });
  if (response.status === 429) restRateLimited.inc({ method, route, scope: response.headers.get('x-ratelimit-scope') ?? 'unknown' });

  const interactionId = callbackInteractionId(request.path);
  if (interactionId === null || response.status >= 300) return;
  const entry = pending.get(interactionId);
  if (entry === undefined) return;
  pending.delete(interactionId);
  interactionAckSeconds.observe({ kind: entry.kind }, (performance.now() - entry.receivedAt) / 1000);
}

function onRateLimited(data: RateLimitData): void {
  restWaits.inc({ route: routeLabel(data.route), global: String(data.global) });
}

/**
 * Listens on the client's REST manager and gateway. Installed before login, so the
 * interaction listener runs before Sapphire's handlers and takes the receive time
 * first. Returns the function that stops listening.
 */
export function observeDiscord(client: Client): () => void {
  client.on(Events.InteractionCreate, onInteraction);
  client.rest.on(RESTEvents.Response, onResponse);
  client.rest.on(RESTEvents.RateLimited, onRateLimited);
  return () => {
    client.off(Events.InteractionCreate, onInteraction);
    client.rest.off(RESTEvents.Response, onResponse);
    client.rest.off(RESTEvents.RateLimited, onRateLimited);
    pending.clear();
  };
}
