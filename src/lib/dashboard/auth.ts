import type { NextFunction, Request, Response } from 'express';
import { LoginThrottle, type LoginThrottleOptions } from './login-throttle';
import { SESSION_COOKIE, equalSecrets, isValidSession, issueSession } from './session';

export interface TokenOptions {
  readonly token: string;
  /** Path of the session cookie. */
  readonly cookiePath: string;
  /** Lifetime of a browser session (cookie Max-Age and the server-side check). */
  readonly sessionTtlMs: number;
  readonly throttle?: LoginThrottleOptions;
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
 *
 * A wrong token (bearer or `?token=`) counts as a failed login of the client address;
 * an address with too many is answered 429 with Retry-After, without its token being
 * looked at, until the window has passed. A valid session cookie still works then, so
 * a guesser behind the same address does not lock out a signed-in operator.
 */
export function requireToken(options: TokenOptions): (request: Request, response: Response, next: NextFunction) => void {
  const { token, cookiePath, sessionTtlMs } = options;
  const throttle = new LoginThrottle(options.throttle);
  return (request, response, next) => {
    const cookie = cookieOf(request, SESSION_COOKIE);
    if (cookie !== null && isValidSession(token, cookie)) return next();

    const bearer = bearerOf(request);
    const login = typeof request.query.token === 'string' ? request.query.token : null;
    const address = request.socket.remoteAddress ?? 'unknown';
    if (bearer !== null || login !== null) {
      const waitMs = throttle.retryAfterMs(address);
      if (waitMs > 0) {
        response.setHeader('Retry-After', String(Math.ceil(waitMs / 1000)));
        response.status(429).type('text/plain').send('Too many wrong tokens from this address: try again later.\n');
        return;
      }
    }

    if (bearer !== null) {
      if (equalSecrets(bearer, token)) return next();
      throttle.recordFailure(address);
    } else if (login !== null) {
      if (!equalSecrets(login, token)) {
        throttle.recordFailure(address);
      } else if (request.method === 'GET' || request.method === 'HEAD') {
        response.cookie(SESSION_COOKIE, issueSession(token, sessionTtlMs), { httpOnly: true, sameSite: 'strict', path: cookiePath, maxAge: sessionTtlMs });
        const url = new URL(request.originalUrl, 'http://dashboard.invalid');
        url.searchParams.delete('token');
        response.redirect(303, `${url.pathname}${url.search}`);
        return;
      }
    }

    response.setHeader('WWW-Authenticate', 'Bearer realm="dmw-dashboard"');
    response.status(401).type('text/plain').send('Unauthorized: open the dashboard with ?token=<DASHBOARD_TOKEN> or send Authorization: Bearer <token>.\n');
  };
}
