import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DiscordHttpError, errors } from '../errors';
import type { RequestContract } from '../openapi/contract';
import type { Faults } from '../faults';
import type { RateLimiter } from '../rate-limits';
import type { ApplicationRecord, EmulatorState } from '../state';
import { FormErrors } from '../validation/form-errors';
import type { RequestContext, Router, UploadedFile } from './router';
import type { NetworkDistance } from '../distance';

/** One REST request the bot made, as the test sees it afterwards. */
export interface RestCall {
  id: number;
  method: string;
  /** Path after `/api/v10`, e.g. `/channels/123/messages`. */
  path: string;
  /** Matched route template, e.g. `/channels/:channel_id/messages` (null for unknown routes). */
  route: string | null;
  params: Record<string, string>;
  query: string;
  body: unknown;
  files: Array<{ filename: string; size: number; contentType: string }>;
  status: number;
  /** Discord error code of a failed request. */
  errorCode: number | null;
  /** Whether the answer came from fault injection. */
  injected: boolean;
  startedAt: number;
  finishedAt: number | null;
  applicationId: string | null;
}

export const API_PREFIX = '/api/v10';

/**
 * The HTTP side of the emulator: `/api/v10/...` through fault injection,
 * authentication, rate limits and the route handlers, every answer with
 * Discord's headers and error JSON, every call recorded in `calls`.
 *
 * Events: `call` (RestCall, when it finished).
 */
export class RestServer extends EventEmitter {
  public readonly calls: RestCall[] = [];
  private nextId = 1;
  private inFlightCount = 0;
  public lastActivityAt = Date.now();

  public constructor(
    private readonly router: Router,
    private readonly state: EmulatorState,
    private readonly faults: Faults,
    private readonly rateLimiter: RateLimiter,
    private readonly contract: RequestContract,
    private readonly distance: NetworkDistance,
  ) {
    super();
  }

  public get inFlight(): number {
    return this.inFlightCount;
  }

  public async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = (request.method ?? 'GET').toUpperCase();
    const path = url.pathname.slice(API_PREFIX.length) || '/';
    const call: RestCall = {
      id: this.nextId++,
      method,
      path,
      route: null,
      params: {},
      query: url.search,
      body: undefined,
      files: [],
      status: 0,
      errorCode: null,
      injected: false,
      startedAt: Date.now(),
      finishedAt: null,
      applicationId: null,
    };
    this.calls.push(call);
    this.inFlightCount += 1;
    this.lastActivityAt = Date.now();
    let status = 200;
    let body: unknown;
    let headers: Record<string, string> = {};
    try {
      const raw = await readBody(request);
      await this.distance.travel(); // the request's way to Discord
      await this.faults.held(method, path); // a test holding it back (faults.holdNext)
      const parsed = await parseBody(raw, request.headers['content-type']);
      call.body = parsed.body;
      call.files = parsed.files.map((f) => ({ filename: f.filename, size: f.data.length, contentType: f.contentType }));
      const application = this.authenticate(request);
      call.applicationId = application?.id ?? null;
      // Every request the client sends is checked once: injected faults and unknown routes too (they keep their answer).
      const checkContract = () =>
        this.contract.check({
          callId: call.id,
          method,
          path,
          mediaType: parsed.mediaType,
          body: parsed.mediaType === 'multipart/form-data' ? (parsed.body ?? {}) : parsed.body,
        });

      const fault = this.faults.take(method, path);
      if (fault) {
        checkContract();
        call.injected = true;
        status = fault.status;
        body = fault.body;
        headers = fault.headers;
        try {
          const { route } = this.router.match(method, path);
          call.route = route.template;
        } catch {
          // an injected fault may target any path
        }
      } else {
        const { route, params } = this.matchOrCheck(method, path, checkContract);
        call.route = route.template;
        call.params = params;
        if (route.auth && !application) throw errors.unauthorized();
        const decision = this.rateLimiter.check(method, route.template, params);
        headers = decision.headers;
        if (decision.retryAfter !== null) {
          status = 429;
          body = { message: 'You are being rate limited.', retry_after: decision.retryAfter, global: false };
        } else {
          const verdict = checkContract();
          if (verdict.error) throw verdict.error;
          validateSnowflakes(params);
          const context: RequestContext = {
            method,
            path,
            route: route.template,
            params,
            query: url.searchParams,
            body: parsed.body,
            files: parsed.files,
            application,
            reason: headerValue(request.headers['x-audit-log-reason']),
          };
          const result = await route.handler(context);
          status = result.status ?? (result.body === undefined ? 204 : 200);
          body = result.body;
        }
      }
    } catch (error) {
      if (error instanceof DiscordHttpError) {
        status = error.status;
        body = error.body;
      } else {
        status = 500;
        body = { message: '500: Internal Server Error', code: 0, emulatorError: String((error as Error)?.stack ?? error) };
        this.emit('internalError', error);
      }
    }
    call.status = status;
    if (status >= 400 && body && typeof body === 'object' && 'code' in body) call.errorCode = Number((body as { code: unknown }).code);
    const payload = body === undefined || status === 204 ? '' : JSON.stringify(body);
    await this.distance.travel(); // the answer's way back
    response.writeHead(status, {
      ...headers,
      ...(payload ? { 'Content-Type': 'application/json' } : {}),
      'Content-Length': Buffer.byteLength(payload),
    });
    response.end(payload);
    call.finishedAt = Date.now();
    this.inFlightCount -= 1;
    this.lastActivityAt = Date.now();
    this.emit('call', call);
  }

  /** The route; a request to a path the emulator does not serve is still checked before its 404/405. */
  private matchOrCheck(method: string, path: string, checkContract: () => unknown): ReturnType<Router['match']> {
    try {
      return this.router.match(method, path);
    } catch (error) {
      checkContract();
      throw error;
    }
  }

  private authenticate(request: IncomingMessage): ApplicationRecord | null {
    const header = headerValue(request.headers.authorization);
    if (!header) return null;
    const match = /^Bot\s+(.+)$/i.exec(header);
    if (!match) return null;
    return this.state.applicationByToken(match[1]!.trim()) ?? null;
  }
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** JSON, or multipart/form-data with `payload_json` and `files[n]` as discord.js sends uploads. */
async function parseBody(
  raw: Buffer,
  contentType: string | undefined,
): Promise<{ body: unknown; files: UploadedFile[]; mediaType: string | null }> {
  if (raw.length === 0) return { body: undefined, files: [], mediaType: null };
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() || 'application/json';
  if (mediaType === 'multipart/form-data') {
    const form = await new Response(raw, { headers: { 'content-type': contentType ?? mediaType } }).formData();
    const files: UploadedFile[] = [];
    let body: unknown;
    for (const [field, value] of form.entries()) {
      if (field === 'payload_json' && typeof value === 'string') {
        body = parseJson(value);
      } else if (typeof value !== 'string') {
        const index = Number(/\[(\d+)\]/.exec(field)?.[1] ?? files.length);
        files.push({
          field,
          index,
          filename: value.name,
          contentType: value.type || 'application/octet-stream',
          data: Buffer.from(await value.arrayBuffer()),
        });
      }
    }
    return { body, files, mediaType };
  }
  return { body: parseJson(raw.toString('utf8')), files: [], mediaType };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new DiscordHttpError(400, { message: 'The request body contains invalid JSON.', code: 50109 });
  }
}

/** Ids in the path must be snowflakes, as Discord checks before anything else. */
function validateSnowflakes(params: Record<string, string>): void {
  const form = new FormErrors();
  for (const [name, value] of Object.entries(params)) {
    if (!name.endsWith('_id') || value === '@me' || value === '@original') continue;
    if (!/^\d{1,20}$/.test(value)) form.add([name], 'NUMBER_TYPE_COERCE', `Value "${value}" is not snowflake.`);
  }
  form.throwIfAny();
}
