import { errors } from '../errors';
import type { ApplicationRecord } from '../state';

export interface UploadedFile {
  /** Form field name, `files[n]`. */
  field: string;
  index: number;
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface RequestContext {
  method: string;
  /** Path after `/api/v10`, without the query. */
  path: string;
  /** The route template that matched, e.g. `/channels/:channel_id/messages`. */
  route: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  files: UploadedFile[];
  /** The bot application of the `Authorization: Bot <token>` header (null on unauthenticated routes). */
  application: ApplicationRecord | null;
  reason: string | null;
}

/** What a handler answers: JSON `body` with `status` (200), or 204 without a body. */
export interface RestResult {
  status?: number;
  body?: unknown;
}

export type Handler = (context: RequestContext) => RestResult | Promise<RestResult>;

export interface Route {
  method: string;
  template: string;
  segments: string[];
  handler: Handler;
  /** Interaction callbacks and webhook follow-ups authenticate with the token in the path. */
  auth: boolean;
}

/** A tiny router: literal segments win over `:params`, so `/messages/bulk-delete` beats `/messages/:message_id`. */
export class Router {
  private readonly routes: Route[] = [];

  public add(method: string, template: string, handler: Handler, options: { auth?: boolean } = {}): void {
    this.routes.push({ method, template, segments: template.split('/').slice(1), handler, auth: options.auth ?? true });
  }

  public get(template: string, handler: Handler, options?: { auth?: boolean }): void {
    this.add('GET', template, handler, options);
  }
  public post(template: string, handler: Handler, options?: { auth?: boolean }): void {
    this.add('POST', template, handler, options);
  }
  public put(template: string, handler: Handler, options?: { auth?: boolean }): void {
    this.add('PUT', template, handler, options);
  }
  public patch(template: string, handler: Handler, options?: { auth?: boolean }): void {
    this.add('PATCH', template, handler, options);
  }
  public delete(template: string, handler: Handler, options?: { auth?: boolean }): void {
    this.add('DELETE', template, handler, options);
  }

  /** The best route for a path; throws 404/405 like Discord when there is none. */
  public match(method: string, path: string): { route: Route; params: Record<string, string> } {
    const parts = path.split('/').slice(1);
    let best: { route: Route; params: Record<string, string>; score: number } | null = null;
    let pathExists = false;
    for (const route of this.routes) {
      if (route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let score = 0;
      let ok = true;
      for (let i = 0; i < parts.length; i += 1) {
        const segment = route.segments[i]!;
        const part = decodeURIComponent(parts[i]!);
        if (segment.startsWith(':')) params[segment.slice(1)] = part;
        else if (segment === part) score += 1;
        else {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      pathExists = true;
      if (route.method !== method) continue;
      if (!best || score > best.score) best = { route, params, score };
    }
    if (best) return { route: best.route, params: best.params };
    throw pathExists ? errors.methodNotAllowed() : errors.notFound();
  }

  /** A template whose route exists, for the rate limiter when the route did not match (404s still get headers). */
  public templates(): string[] {
    return this.routes.map((r) => `${r.method} ${r.template}`);
  }
}
