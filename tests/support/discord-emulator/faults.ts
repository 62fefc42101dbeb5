import { RESTJSONErrorCodes } from 'discord-api-types/v10';
import type { DiscordErrorBody } from './errors';

export interface FaultSpec {
  /** HTTP method to match; any when absent. */
  method?: string;
  /**
   * Which requests fail: a RegExp tested against the path after `/api/v10`, or a
   * string that is either that exact path or a template with `:params`
   * (`/channels/:channel_id/messages/:message_id`).
   */
  route: string | RegExp;
  /** How many matching requests fail (default 1). */
  times?: number;
  status: 400 | 403 | 404 | 429 | 500 | 502 | 503;
  /** Discord error code; derived from the route for 404 (10008 for a message, …) and 50013 for 403. */
  code?: number;
  message?: string;
  /** Seconds, for 429 (default 0.1). */
  retryAfter?: number;
}

export interface FaultHandle {
  readonly spec: FaultSpec;
  /** Requests this fault answered so far. */
  readonly hits: number;
  /** Failures still to come. */
  readonly remaining: number;
  cancel(): void;
}

export interface FaultAnswer {
  status: number;
  body: DiscordErrorBody | { message: string; retry_after: number; global: boolean };
  headers: Record<string, string>;
}

/** Which requests to hold back before Discord acts on them (see `Faults.holdNext`). */
export interface HoldSpec {
  method?: string;
  /** As in FaultSpec. */
  route: string | RegExp;
  /** How many matching requests are held (default 1). */
  times?: number;
}

export interface HoldHandle {
  readonly spec: HoldSpec;
  /** Requests held so far. */
  readonly held: number;
  /** Resolves once a request was held (the first, or the count given). */
  reached(count?: number): Promise<void>;
  /** Lets every held request (and any later match) go on to Discord. */
  release(): void;
}

interface ActiveHold {
  spec: HoldSpec;
  remaining: number;
  held: number;
  released: boolean;
  readonly waiting: Array<() => void>;
  readonly watchers: Array<{ count: number; resolve: () => void }>;
}

interface ActiveFault {
  spec: FaultSpec;
  remaining: number;
  hits: number;
}

/**
 * Fault injection: `failNext({ route, status, times })` makes the next matching
 * requests fail before they reach the emulated Discord (nothing changes), as
 * when Discord's edge answers 5xx, or a resource vanishes.
 */
export class Faults {
  private readonly active: ActiveFault[] = [];
  private readonly holds: ActiveHold[] = [];

  /**
   * Holds the next matching requests on their way to Discord until `release()`: to make
   * responses reach Discord in a chosen order (a later request overtakes a held one).
   */
  public holdNext(spec: HoldSpec): HoldHandle {
    const hold: ActiveHold = { spec, remaining: spec.times ?? 1, held: 0, released: false, waiting: [], watchers: [] };
    this.holds.push(hold);
    return {
      spec,
      get held() {
        return hold.held;
      },
      reached: (count = 1) => (hold.held >= count ? Promise.resolve() : new Promise((resolve) => hold.watchers.push({ count, resolve }))),
      release: () => {
        hold.released = true;
        hold.remaining = 0;
        for (const go of hold.waiting.splice(0)) go();
      },
    };
  }

  /** Waits while a hold matches this request (and uses up one of its holds). */
  public async held(method: string, path: string): Promise<void> {
    const hold = this.holds.find((h) => !h.released && h.remaining > 0 && matches(h.spec, method, path));
    if (!hold) return;
    hold.remaining -= 1;
    hold.held += 1;
    const go = new Promise<void>((resolve) => hold.waiting.push(resolve));
    for (const watcher of hold.watchers.filter((w) => hold.held >= w.count)) {
      hold.watchers.splice(hold.watchers.indexOf(watcher), 1);
      watcher.resolve();
    }
    await go;
  }

  public failNext(spec: FaultSpec): FaultHandle {
    const fault: ActiveFault = { spec, remaining: spec.times ?? 1, hits: 0 };
    this.active.push(fault);
    return {
      spec,
      get hits() {
        return fault.hits;
      },
      get remaining() {
        return fault.remaining;
      },
      cancel: () => {
        fault.remaining = 0;
      },
    };
  }

  public clear(): void {
    this.active.length = 0;
    for (const hold of this.holds.splice(0)) for (const go of hold.waiting.splice(0)) go();
  }

  /** The answer for this request when a fault matches it (and uses up one failure). */
  public take(method: string, path: string): FaultAnswer | null {
    const fault = this.active.find((f) => f.remaining > 0 && matches(f.spec, method, path));
    if (!fault) return null;
    fault.remaining -= 1;
    fault.hits += 1;
    return answer(fault.spec, path);
  }
}

function matches(spec: Pick<FaultSpec, 'method' | 'route'>, method: string, path: string): boolean {
  if (spec.method && spec.method.toUpperCase() !== method.toUpperCase()) return false;
  if (spec.route instanceof RegExp) return spec.route.test(path);
  const route = spec.route.replace(/^\/api\/v\d+/, '').replace(/\?.*$/, '');
  if (!route.includes(':')) return route === path;
  const expected = route.split('/');
  const actual = path.split('/');
  return expected.length === actual.length && expected.every((part, index) => part.startsWith(':') || part === actual[index]);
}

/** The error code Discord gives for a missing resource at this path. */
export function unknownResourceCode(path: string): { code: number; message: string } {
  const checks: Array<[RegExp, number, string]> = [
    [/^\/interactions\//, RESTJSONErrorCodes.UnknownInteraction, 'Unknown interaction'],
    [/^\/webhooks\/\d+\/[^/]+\/messages\//, RESTJSONErrorCodes.UnknownMessage, 'Unknown Message'],
    [/^\/webhooks\//, RESTJSONErrorCodes.UnknownWebhook, 'Unknown Webhook'],
    [/\/commands(\/|$)/, RESTJSONErrorCodes.UnknownApplicationCommand, 'Unknown application command'],
    [/^\/channels\/\d+\/messages\/\d+/, RESTJSONErrorCodes.UnknownMessage, 'Unknown Message'],
    [/^\/channels\//, RESTJSONErrorCodes.UnknownChannel, 'Unknown Channel'],
    [/^\/guilds\/\d+\/roles\/\d+/, RESTJSONErrorCodes.UnknownRole, 'Unknown Role'],
    [/^\/guilds\/\d+\/members\/\d+\/roles\/\d+/, RESTJSONErrorCodes.UnknownRole, 'Unknown Role'],
    [/^\/guilds\/\d+\/members\/\d+/, RESTJSONErrorCodes.UnknownMember, 'Unknown Member'],
    [/^\/guilds\//, RESTJSONErrorCodes.UnknownGuild, 'Unknown Guild'],
    [/^\/users\/\d+/, RESTJSONErrorCodes.UnknownUser, 'Unknown User'],
  ];
  for (const [pattern, code, message] of checks) if (pattern.test(path)) return { code, message };
  return { code: 0, message: '404: Not Found' };
}

const STATUS_TEXT: Record<number, string> = { 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' };

function answer(spec: FaultSpec, path: string): FaultAnswer {
  if (spec.status === 429) {
    const retryAfter = spec.retryAfter ?? 0.1;
    return {
      status: 429,
      body: { message: spec.message ?? 'You are being rate limited.', retry_after: retryAfter, global: false },
      headers: {
        'Retry-After': String(retryAfter),
        'X-RateLimit-Scope': 'shared',
      },
    };
  }
  if (spec.status >= 500) {
    return { status: spec.status, body: { message: spec.message ?? `${spec.status}: ${STATUS_TEXT[spec.status]}`, code: spec.code ?? 0 }, headers: {} };
  }
  if (spec.status === 404) {
    const known = unknownResourceCode(path);
    return { status: 404, body: { message: spec.message ?? known.message, code: spec.code ?? known.code }, headers: {} };
  }
  if (spec.status === 403) {
    return {
      status: 403,
      body: { message: spec.message ?? 'Missing Permissions', code: spec.code ?? RESTJSONErrorCodes.MissingPermissions },
      headers: {},
    };
  }
  return { status: spec.status, body: { message: spec.message ?? 'Invalid Form Body', code: spec.code ?? 50035 }, headers: {} };
}
