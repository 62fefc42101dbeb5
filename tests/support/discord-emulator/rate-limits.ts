import { createHash } from 'node:crypto';

/** One Discord rate-limit bucket: the routes that share it, and its window. */
export interface RateLimitRule {
  /** Bucket name; routes listed together share one counter per major parameter. */
  bucket: string;
  /** `METHOD /route/:template` as the emulator's router names them. */
  routes: string[];
  limit: number;
  windowMs: number;
}

export interface RateLimitOptions {
  /** Replaces the default rules (message create/edit 5 per 5 s per channel, …). */
  rules?: RateLimitRule[];
  /** Limit for every other route, per route and major parameter. */
  fallback?: { limit: number; windowMs: number };
  /** Turns per-route limiting off (headers are still sent). */
  disabled?: boolean;
}

export const DEFAULT_RATE_LIMIT_RULES: RateLimitRule[] = [
  {
    bucket: 'channel-messages',
    routes: ['POST /channels/:channel_id/messages', 'PATCH /channels/:channel_id/messages/:message_id'],
    limit: 5,
    windowMs: 5000,
  },
  { bucket: 'channel-message-delete', routes: ['DELETE /channels/:channel_id/messages/:message_id'], limit: 5, windowMs: 1000 },
  /** Discord allows only a few scheduled-event creations per guild and minute. */
  { bucket: 'guild-scheduled-event-create', routes: ['POST /guilds/:guild_id/scheduled-events'], limit: 5, windowMs: 60_000 },
  { bucket: 'channel-bulk-delete', routes: ['POST /channels/:channel_id/messages/bulk-delete'], limit: 1, windowMs: 1000 },
  {
    bucket: 'member-roles',
    routes: ['PUT /guilds/:guild_id/members/:user_id/roles/:role_id', 'DELETE /guilds/:guild_id/members/:user_id/roles/:role_id'],
    limit: 10,
    windowMs: 10_000,
  },
  {
    bucket: 'webhook-messages',
    routes: [
      'POST /webhooks/:webhook_id/:webhook_token',
      'PATCH /webhooks/:webhook_id/:webhook_token/messages/:message_id',
      'DELETE /webhooks/:webhook_id/:webhook_token/messages/:message_id',
    ],
    limit: 5,
    windowMs: 2000,
  },
];

const DEFAULT_FALLBACK = { limit: 50, windowMs: 1000 };

/** Routes Discord does not bucket (interaction callbacks use the burst handler). */
const UNLIMITED = new Set(['POST /interactions/:interaction_id/:interaction_token/callback']);

export interface RateLimitDecision {
  headers: Record<string, string>;
  /** Seconds to wait, when the request is over the limit. */
  retryAfter: number | null;
}

/**
 * Fixed-window buckets keyed like Discord's: bucket hash + major parameter
 * (channel, guild, or webhook id/token). Headers say exactly what the window
 * allows, so a client that honours them (discord.js) never gets a 429.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { resetAt: number; remaining: number }>();
  private readonly rules: RateLimitRule[];
  private readonly fallback: { limit: number; windowMs: number };

  public constructor(private readonly options: RateLimitOptions = {}) {
    this.rules = options.rules ?? DEFAULT_RATE_LIMIT_RULES;
    this.fallback = options.fallback ?? DEFAULT_FALLBACK;
  }

  public check(method: string, template: string, params: Record<string, string>, now = Date.now()): RateLimitDecision {
    const route = `${method} ${template}`;
    if (UNLIMITED.has(route)) return { headers: {}, retryAfter: null };
    const rule = this.rules.find((r) => r.routes.includes(route));
    const bucketName = rule?.bucket ?? route;
    const limit = rule?.limit ?? this.fallback.limit;
    const windowMs = rule?.windowMs ?? this.fallback.windowMs;
    const major =
      params.channel_id ?? params.guild_id ?? (params.webhook_id ? `${params.webhook_id}/${params.webhook_token}` : 'global');
    const key = `${bucketName}:${major}`;
    let window = this.windows.get(key);
    if (!window || now >= window.resetAt) {
      window = { resetAt: now + windowMs, remaining: limit };
      this.windows.set(key, window);
    }
    const limited = !this.options.disabled && window.remaining <= 0;
    if (!limited && !this.options.disabled) window.remaining -= 1;
    const resetAfter = Math.max(0, window.resetAt - now) / 1000;
    const headers: Record<string, string> = {
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Remaining': String(Math.max(0, window.remaining)),
      'X-RateLimit-Reset': (window.resetAt / 1000).toFixed(3),
      'X-RateLimit-Reset-After': resetAfter.toFixed(3),
      'X-RateLimit-Bucket': bucketHash(bucketName),
    };
    if (!limited) return { headers, retryAfter: null };
    headers['Retry-After'] = String(Math.max(1, Math.ceil(resetAfter)));
    headers['X-RateLimit-Scope'] = 'user';
    return { headers, retryAfter: Number(resetAfter.toFixed(3)) };
  }

  public reset(): void {
    this.windows.clear();
  }
}

/** Discord's bucket ids are opaque hex strings; derive a stable one per bucket. */
export function bucketHash(bucketName: string): string {
  return createHash('md5').update(bucketName).digest('hex');
}
