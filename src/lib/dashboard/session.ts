import { createHmac, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'dmw_dashboard';
/** How long a browser session of the dashboard lasts (cookie Max-Age and the server's own check). */
export const DEFAULT_SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export function equalSecrets(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function macOf(token: string, expiresAt: string): string {
  return createHmac('sha256', token).update(`dmw-dashboard-session:${expiresAt}`).digest('base64url');
}

/**
 * The cookie carries `<expiry in unix milliseconds>.<HMAC of it under the token>`, not the
 * token: a leaked cookie does not reveal DASHBOARD_TOKEN, changing the token ends every
 * session, and the server refuses the cookie after its expiry even when a browser (or
 * anyone who copied it) keeps sending it past its Max-Age.
 */
export function issueSession(token: string, ttlMs: number, now = Date.now()): string {
  const expiresAt = String(now + ttlMs);
  return `${expiresAt}.${macOf(token, expiresAt)}`;
}

export function isValidSession(token: string, value: string, now = Date.now()): boolean {
  const match = /^(\d{1,15})\.([\w-]+)$/.exec(value);
  if (match === null) return false;
  const [, expiresAt, mac] = match as unknown as [string, string, string];
  if (!equalSecrets(mac, macOf(token, expiresAt))) return false;
  return Number(expiresAt) > now;
}
