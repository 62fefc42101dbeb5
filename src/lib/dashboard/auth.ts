import { createHmac, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export const SESSION_COOKIE = 'dmw_dashboard';

/**
 * The cookie carries a value derived from the token, not the token itself: a
 * leaked cookie does not reveal DASHBOARD_TOKEN, and changing the token ends
 * every session.
 */
export function sessionValue(token: string): string {
  return createHmac('sha256', token).update('dmw-dashboard-session').digest('base64url');
}

function equalSecrets(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieOf(request: Request, name: string): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    if (part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return null;
}

function bearerOf(request: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match ? match[1]! : null;
}

/**
 * Every request must carry the token: `Authorization: Bearer <token>` (scripts), or
 * the session cookie that a `?token=<token>` visit sets (browsers: the page's own
 * XHRs then carry the cookie). The login visit is redirected to the same URL without
 * the token so it does not stay in the address bar or in history. Anything else is
 * answered 401 before it reaches the dashboard.
 */
export function requireToken(token: string, cookiePath: string): (request: Request, response: Response, next: NextFunction) => void {
  const session = sessionValue(token);
  return (request, response, next) => {
    const bearer = bearerOf(request);
    if (bearer !== null && equalSecrets(bearer, token)) return next();

    const cookie = cookieOf(request, SESSION_COOKIE);
    if (cookie !== null && equalSecrets(cookie, session)) return next();

    const login = typeof request.query.token === 'string' ? request.query.token : null;
    if (login !== null && equalSecrets(login, token) && (request.method === 'GET' || request.method === 'HEAD')) {
      response.cookie(SESSION_COOKIE, session, { httpOnly: true, sameSite: 'strict', path: cookiePath });
      const url = new URL(request.originalUrl, 'http://dashboard.invalid');
      url.searchParams.delete('token');
      response.redirect(303, `${url.pathname}${url.search}`);
      return;
    }

    response.setHeader('WWW-Authenticate', 'Bearer realm="dmw-dashboard"');
    response.status(401).type('text/plain').send('Unauthorized: open the dashboard with ?token=<DASHBOARD_TOKEN> or send Authorization: Bearer <token>.\n');
  };
}
