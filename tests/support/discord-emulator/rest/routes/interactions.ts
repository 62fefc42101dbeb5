import type { Router } from '../router';
import type { RouteDeps } from './deps';

/** Interaction callbacks and the interaction webhook (follow-ups, @original). */
export function registerInteractionRoutes(router: Router, { interactions }: RouteDeps): void {
  router.post('/interactions/:interaction_id/:interaction_token/callback', (context) => interactions.callback(context), { auth: false });
  const webhook = '/webhooks/:webhook_id/:webhook_token';
  router.post(webhook, (context) => interactions.followUp(context), { auth: false });
  router.get(`${webhook}/messages/:message_id`, (context) => interactions.getMessage(context), { auth: false });
  router.patch(`${webhook}/messages/:message_id`, (context) => interactions.editMessage(context), { auth: false });
  router.delete(`${webhook}/messages/:message_id`, (context) => interactions.deleteMessage(context), { auth: false });
}
