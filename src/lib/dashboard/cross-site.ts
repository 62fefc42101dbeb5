import type { NextFunction, Request, Response } from 'express';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Why a state-changing request must be refused as coming from another site, or null.
 *
 * The session cookie is SameSite=Strict, but SameSite ignores ports: a page on any
 * other port of the same host (or a sibling subdomain) is "same-site" and its form
 * posts carry the cookie, and `text/plain` needs no CORS preflight. So every request
 * other than GET/HEAD/OPTIONS must show that it comes from the dashboard's own origin:
 * - browsers send `Sec-Fetch-Site`; only `same-origin` (the page itself) and `none`
 *   (typed or bookmarked by the user) pass, `same-site` and `cross-site` do not;
 * - older browsers send `Origin` on such requests instead; its host:port must be the
 *   request's `Host`;
 * - a request with neither is not from a browser (curl, scripts with the bearer
 *   token) and cannot ride on anyone's cookie.
 */
export function crossSiteReason(request: Request): string | null {
  if (SAFE_METHODS.has(request.method)) return null;
  const fetchSite = request.headers['sec-fetch-site'];
  if (typeof fetchSite === 'string') {
    return fetchSite === 'same-origin' || fetchSite === 'none' ? null : 'Sec-Fetch-Site is not same-origin';
  }
  const origin = request.headers.origin;
  if (origin === undefined) return null;
  let originHost = '';
  try {
    originHost = new URL(origin).host;
  } catch {
    // `null` (sandboxed frames, some redirects) and other non-URLs: not our origin.
  }
  return originHost !== '' && originHost === request.headers.host ? null : 'Origin is not this host';
}

export function refuseCrossSite(request: Request, response: Response, next: NextFunction): void {
  const reason = crossSiteReason(request);
  if (reason === null) return next();
  response.status(403).type('text/plain').send(`Forbidden: cross-site ${request.method} refused (${reason}).\n`);
}
