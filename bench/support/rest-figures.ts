/** The bot's REST calls to the emulator during a run, counted the way the benchmarks report them. */
import type { RestCall } from '../../tests/support/discord-emulator';

export interface RestFigures {
  readonly restCalls: number;
  readonly byMethod: Record<string, number>;
  /** `METHOD route` → calls, most first. */
  readonly byRoute: Record<string, number>;
  readonly rateLimited: number;
  readonly messagesPosted: number;
  readonly messageEdits: number;
  readonly maxEditsPerMessage: number;
  readonly messageReads: number;
  readonly channelPages: number;
}

/** `calls` without interaction answers and webhooks (those are the members' doing, not the bot's own). */
export function restFigures(calls: readonly RestCall[]): RestFigures {
  const own = calls.filter((call) => !call.path.startsWith('/interactions/') && !call.path.startsWith('/webhooks/'));
  const byMethod: Record<string, number> = {};
  const byRoute = new Map<string, number>();
  for (const call of own) {
    byMethod[call.method] = (byMethod[call.method] ?? 0) + 1;
    byRoute.set(`${call.method} ${call.route}`, (byRoute.get(`${call.method} ${call.route}`) ?? 0) + 1);
  }
  const edits = own.filter((call) => call.method === 'PATCH' && call.route === '/channels/:channel_id/messages/:message_id' && call.status === 200);
  const editsPerMessage = new Map<string, number>();
  for (const edit of edits) editsPerMessage.set(edit.path, (editsPerMessage.get(edit.path) ?? 0) + 1);
  return {
    restCalls: own.length,
    byMethod,
    byRoute: Object.fromEntries([...byRoute].sort((a, b) => b[1] - a[1])),
    rateLimited: own.filter((call) => call.status === 429).length,
    messagesPosted: own.filter((call) => call.method === 'POST' && call.route === '/channels/:channel_id/messages' && call.status === 200).length,
    messageEdits: edits.length,
    maxEditsPerMessage: Math.max(0, ...editsPerMessage.values()),
    messageReads: own.filter((call) => call.method === 'GET' && call.route === '/channels/:channel_id/messages/:message_id').length,
    channelPages: own.filter((call) => call.method === 'GET' && call.route === '/channels/:channel_id/messages').length,
  };
}
