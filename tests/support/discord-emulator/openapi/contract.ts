import { appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RESTJSONErrorCodes } from 'discord-api-types/v10';
import { DiscordHttpError, type FormErrorTree } from '../errors';
import { FormErrors } from '../validation/form-errors';
import { allowListEntryFor } from './allow-list';
import { checkDocumentedRules } from './documented-rules';
import { escape, findOperation, validateBody, type SpecOperation } from './spec';

/** A request as the contract sees it: the JSON body, or the parsed `payload_json` of a multipart body. */
export interface ContractRequest {
  callId: number;
  method: string;
  /** Path after `/api/v10`, without the query. */
  path: string;
  /** `application/json`, `multipart/form-data`, … (null without a body). */
  mediaType: string | null;
  body: unknown;
}

/** One way a request breaks Discord's published API: where in the body, the value there, and the rule. */
export interface Violation {
  callId: number;
  method: string;
  path: string;
  operationId: string | null;
  /** `openapi`: the operation's request schema; `documented`: a rule of Discord's docs the schema omits. */
  source: 'openapi' | 'documented';
  /** JSON pointer into the body (`''` = the whole body). */
  pointer: string;
  value: unknown;
  rule: string;
  /** Discord's error code for it, as the emulator answers it (`BASE_TYPE_MAX_LENGTH`, …). */
  code: string;
}

/** A schema error on the allow-list of known spec defects, with the entry's reason. */
export interface AllowedDeviation extends Violation {
  reason: string;
}

export interface ContractVerdict {
  violations: Violation[];
  allowed: AllowedDeviation[];
  /** Discord's answer for a violating request (400 / 50035 with the errors tree); null when it passes. */
  error: DiscordHttpError | null;
}

type Violate = (source: Violation['source'], pointer: string, value: unknown, rule: string, code?: string) => void;

/** Where each emulator appends its counts when it closes (one JSON line per emulator). */
export const CONTRACT_LOG = process.env.REQUEST_CONTRACT_LOG ?? join(tmpdir(), 'dmw-request-contract.jsonl');

/**
 * Checks every REST request against Discord's OpenAPI description (the matching
 * operation's request schema) and the documented rules it is looser about, and
 * keeps what it found. A violation fails the running test (the jest hook in
 * tests/support/request-contract-hook.ts), else `close()` of the emulator or
 * `harness.stop()`; a test that sends a bad request on purpose claims it with
 * `takeViolations()`.
 */
export class RequestContract {
  /** Requests checked so far, and per operation id (`none` for a route the spec lacks). */
  public validated = 0;
  public readonly byOperation = new Map<string, number>();
  public readonly violations: Violation[] = [];
  public readonly allowed: AllowedDeviation[] = [];
  private reported = 0;

  public check(request: ContractRequest): ContractVerdict {
    this.validated += 1;
    const operation = findOperation(request.method, request.path);
    const counted = operation?.operationId ?? 'none';
    this.byOperation.set(counted, (this.byOperation.get(counted) ?? 0) + 1);
    const verdict: ContractVerdict = { violations: [], allowed: [], error: null };
    const base = { callId: request.callId, method: request.method, path: request.path, operationId: operation?.operationId ?? null };
    const violate: Violate = (source, pointer, value, rule, code = 'BASE_TYPE_INVALID') =>
      verdict.violations.push({ ...base, source, pointer, value, rule, code });
    if (!operation) {
      violate('openapi', '', undefined, `no operation ${request.method} ${request.path} in the spec`);
    } else {
      this.checkBody(operation, request, verdict, violate);
    }
    this.violations.push(...verdict.violations);
    this.allowed.push(...verdict.allowed);
    if (verdict.violations.length > 0) verdict.error ??= formError(verdict.violations);
    return verdict;
  }

  private checkBody(
    operation: SpecOperation,
    request: ContractRequest,
    verdict: ContractVerdict,
    violate: Violate,
  ): void {
    const { body, mediaType } = request;
    if (mediaType === null) {
      if (operation.bodyRequired) violate('openapi', '', undefined, 'the operation requires a request body');
      return;
    }
    if (!operation.mediaTypes.includes(mediaType)) {
      violate('openapi', '', mediaType, `the operation takes ${operation.mediaTypes.join(', ') || 'no body'}, not ${mediaType}`);
      return;
    }
    for (const error of validateBody(operation, body)) {
      const value = valueAt(body, error.pointer);
      const entry = allowListEntryFor(operation.operationId, error, value);
      const rule = `${error.keyword}: ${error.message}`;
      if (entry) {
        const { callId, method, path } = request;
        verdict.allowed.push({ callId, method, path, operationId: operation.operationId, source: 'openapi', pointer: error.pointer, value, rule, code: error.code, reason: entry.reason });
      } else {
        violate('openapi', error.pointer, value, rule, error.code);
      }
    }
    const rules = checkDocumentedRules(operation.operationId, body);
    const bySchema = new Set(verdict.violations.map((v) => v.pointer));
    for (const error of rules?.errors ?? []) {
      const pointer = error.path.map((key) => `/${escape(String(key))}`).join('');
      // Where the schema already names the field, the same finding in Discord's words adds nothing.
      if (bySchema.has(pointer)) continue;
      violate('documented', pointer, valueAt(body, pointer), `${error.code}: ${error.message}`, error.code);
    }
    // Discord's own words for the documented rules; schema errors join them at their paths.
    if (rules) verdict.error = formError(verdict.violations.filter((v) => v.source === 'openapi'), rules.tree);
  }

  /** Claims every violation not yet reported (for a test that sends bad requests on purpose, or the jest hook). */
  public takeViolations(): Violation[] {
    const taken = this.violations.slice(this.reported);
    this.reported = this.violations.length;
    return taken;
  }

  /** Throws the violations nobody has reported yet, with pointer and value each. */
  public throwIfUnreported(): void {
    const unreported = this.takeViolations();
    if (unreported.length > 0) throw new RequestContractError(unreported);
  }

  /** Appends the counts to CONTRACT_LOG, with the running test file. */
  public writeCounts(): void {
    const testPath = (globalThis as { expect?: { getState?: () => { testPath?: string } } }).expect?.getState?.().testPath ?? null;
    const line = {
      testPath,
      pid: process.pid,
      validated: this.validated,
      violations: this.violations.length,
      allowed: this.allowed.length,
      operations: Object.fromEntries(this.byOperation),
      at: new Date().toISOString(),
    };
    try {
      appendFileSync(CONTRACT_LOG, `${JSON.stringify(line)}\n`);
    } catch {
      // the count is a report, never a reason to fail a test
    }
  }
}

/** The error a test fails with: one line per violation, with its JSON pointer and value. */
export class RequestContractError extends Error {
  public constructor(public readonly violations: Violation[]) {
    super(`${violations.length} request(s) broke Discord's API contract:\n${violations.map(describeViolation).join('\n')}`);
    this.name = 'RequestContractError';
  }
}

export function describeViolation(violation: Violation): string {
  const where = violation.pointer === '' ? '(body)' : violation.pointer;
  const op = violation.operationId ?? 'no operation';
  return `  ${violation.method} ${violation.path} [${op}, ${violation.source}] ${where} = ${preview(violation.value)}: ${violation.rule}`;
}

function preview(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}… (${text.length} chars)` : text;
}

/** The value a JSON pointer names in `body` (undefined when there is none). */
export function valueAt(body: unknown, pointer: string): unknown {
  if (pointer === '') return body;
  let node: unknown = body;
  for (const token of pointer.split('/').slice(1)) {
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** 400 / 50035 "Invalid Form Body" with each violation at its path (dotted, as Discord nests them). */
function formError(violations: Violation[], tree?: FormErrorTree): DiscordHttpError {
  const form = new FormErrors();
  for (const violation of violations) {
    const path = violation.pointer.split('/').slice(1).map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
    form.add(path, violation.code, violation.rule);
  }
  const error = form.toError();
  if (!tree) return error;
  return new DiscordHttpError(400, { code: RESTJSONErrorCodes.InvalidFormBodyOrContentType, message: 'Invalid Form Body', errors: merge(tree, error.body.errors ?? {}) });
}

function merge(into: FormErrorTree, from: FormErrorTree): FormErrorTree {
  const result: FormErrorTree = { ...into };
  for (const [key, value] of Object.entries(from)) {
    const existing = result[key];
    // Where Discord's words already name a field, the schema's finding there is left out.
    if (key === '_errors') result._errors = (existing as FormErrorTree['_errors']) ?? (value as FormErrorTree['_errors']);
    else result[key] = existing ? merge(existing as FormErrorTree, value as FormErrorTree) : value;
  }
  return result;
}
