import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { isRecord } from '../validation/form-errors';

/** The vendored copy; the upstream commit is in the name so an update is a deliberate change (see README.md). */
export const SPEC_FILE = join(__dirname, 'discord-api-spec-74fda0f.json');
const SPEC_ID = 'discord-openapi.json';
const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

type Json = Record<string, unknown>;

/** One operation of the spec with what a request needs to be checked against it. */
export interface SpecOperation {
  operationId: string;
  method: string;
  /** The spec's path template, e.g. `/channels/{channel_id}/messages`. */
  template: string;
  /** Media types the request body may have; empty when the operation takes no body. */
  mediaTypes: string[];
  bodyRequired: boolean;
  /** The JSON body's validator (also for `payload_json` of multipart bodies), compiled on first use. */
  validator(): ValidateFunction | null;
}

/** One schema error: where (JSON pointer into the body), the ajv keyword, its message and Discord's code for it. */
export interface SchemaError {
  pointer: string;
  keyword: string;
  message: string;
  code: string;
}

interface Spec {
  operations: SpecOperation[];
}

let loaded: Spec | null = null;

/**
 * Discord's OpenAPI description, loaded and compiled lazily: the file is read once
 * per process, each operation's request schema is compiled on its first request.
 */
function spec(): Spec {
  if (loaded) return loaded;
  const document = JSON.parse(readFileSync(SPEC_FILE, 'utf8')) as Json;
  const schemas = (document.components as { schemas: Record<string, Json> }).schemas;
  sharpenTaggedUnions(document, schemas);
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
  addFormats(ajv);
  ajv.addFormat('snowflake', /^(0|[1-9][0-9]*)$/);
  ajv.addFormat('nonce', true);
  // OpenAPI's document-level keys and Discord's annotation are not JSON Schema keywords.
  ajv.addVocabulary(['openapi', 'info', 'externalDocs', 'servers', 'paths', 'components', 'x-discord-union']);
  ajv.addSchema(document, SPEC_ID);
  const operations: SpecOperation[] = [];
  for (const [template, item] of Object.entries(document.paths as Record<string, Json>)) {
    for (const method of METHODS) {
      const operation = item[method] as Json | undefined;
      if (!operation) continue;
      const body = operation.requestBody as { content?: Record<string, unknown>; required?: boolean } | undefined;
      const mediaTypes = Object.keys(body?.content ?? {});
      let compiled: ValidateFunction | null | undefined;
      operations.push({
        operationId: String(operation.operationId),
        method: method.toUpperCase(),
        template,
        mediaTypes,
        bodyRequired: body?.required === true,
        validator: () => {
          if (compiled !== undefined) return compiled;
          const mediaType = mediaTypes.includes('application/json') ? 'application/json' : mediaTypes[0];
          compiled = mediaType
            ? ajv.compile({ $ref: `${SPEC_ID}#/paths/${escape(template)}/${method}/requestBody/content/${escape(mediaType)}/schema` })
            : null;
          return compiled;
        },
      });
    }
  }
  loaded = { operations };
  return loaded;
}

/** The operation for a request path (after `/api/v10`); literal segments win over `{params}`. */
export function findOperation(method: string, path: string): SpecOperation | null {
  const parts = path.split('/').slice(1).map((part) => decodeURIComponent(part));
  let best: { operation: SpecOperation; score: number } | null = null;
  for (const operation of spec().operations) {
    if (operation.method !== method) continue;
    const segments = operation.template.split('/').slice(1);
    if (segments.length !== parts.length) continue;
    let score = 0;
    const matches = segments.every((segment, i) => {
      if (segment.startsWith('{')) return true;
      score += 1;
      return segment === parts[i];
    });
    if (matches && (!best || score > best.score)) best = { operation, score };
  }
  return best?.operation ?? null;
}

/** Validates a body; the errors a union's other branches produce are left out, only the real ones stay. */
export function validateBody(operation: SpecOperation, body: unknown): SchemaError[] {
  const validate = operation.validator();
  if (!validate || validate(body)) return [];
  return relevantErrors(validate.errors ?? []).map((error) => ({
    // Discord names the missing field itself, ajv the object that lacks it.
    pointer: error.keyword === 'required' ? `${error.instancePath}/${escape(String(error.params.missingProperty))}` : error.instancePath,
    keyword: error.keyword,
    message: error.message ?? error.keyword,
    code: discordCode(error),
  }));
}

/** The code Discord's form errors use for what an ajv keyword checks (so the emulator still answers like Discord). */
function discordCode(error: ErrorObject): string {
  const parent = (error.parentSchema ?? {}) as Json;
  const bounded = (min: string, max: string) => min in parent && max in parent;
  switch (error.keyword) {
    case 'maxLength':
    case 'minLength':
      return bounded('minLength', 'maxLength') ? 'BASE_TYPE_BAD_LENGTH' : error.keyword === 'maxLength' ? 'BASE_TYPE_MAX_LENGTH' : 'BASE_TYPE_MIN_LENGTH';
    case 'maxItems':
    case 'minItems':
      return bounded('minItems', 'maxItems') ? 'BASE_TYPE_BAD_LENGTH' : error.keyword === 'maxItems' ? 'BASE_TYPE_MAX_LENGTH' : 'BASE_TYPE_MIN_LENGTH';
    case 'maximum':
      return 'NUMBER_TYPE_MAX';
    case 'minimum':
      return 'NUMBER_TYPE_MIN';
    case 'required':
      return 'BASE_TYPE_REQUIRED';
    case 'enum':
    case 'const':
      return 'BASE_TYPE_CHOICES';
    case 'type': {
      const wanted = ([] as unknown[]).concat(error.params.type);
      if (wanted.includes('object')) return 'MODEL_TYPE_CONVERT';
      if (wanted.includes('array')) return 'BASE_TYPE_LIST';
      if (wanted.includes('integer') || wanted.includes('number')) return 'NUMBER_TYPE_COERCE';
      if (wanted.includes('boolean')) return 'BASE_TYPE_BOOLEAN';
      return 'BASE_TYPE_STRING';
    }
    default:
      return 'BASE_TYPE_INVALID';
  }
}

/**
 * Drops the summaries (`oneOf`, `anyOf`, `if`) and the "must be null" of a
 * nullable union when a more precise error at or below the same place explains them.
 */
function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  const isSummary = (error: ErrorObject) =>
    ['oneOf', 'anyOf', 'if'].includes(error.keyword) || (error.keyword === 'type' && error.schema === 'null');
  const precise = errors.filter((error) => !isSummary(error));
  const explained = (error: ErrorObject) =>
    precise.some((other) => other.instancePath === error.instancePath || other.instancePath.startsWith(`${error.instancePath}/`));
  return errors.filter((error) => !isSummary(error) || !explained(error));
}

/**
 * Rewrites each union of object schemas told apart by a required `type` tag
 * (components, interaction callbacks) into "type is one of the tags, and the
 * branch of that tag holds": the same verdict as `oneOf`/`anyOf` when the tags are
 * disjoint and every branch is an object (both checked here), but the errors come
 * from the branch the body meant, not from every other branch as well.
 */
function sharpenTaggedUnions(node: unknown, schemas: Record<string, Json>): void {
  if (Array.isArray(node)) {
    node.forEach((child) => sharpenTaggedUnions(child, schemas));
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const schema = node as Json;
  for (const value of Object.values(schema)) sharpenTaggedUnions(value, schemas);
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const branches = schema[keyword];
    if (!Array.isArray(branches)) continue;
    const constants = branches.map((branch) => (isRecord(branch) && 'const' in branch ? branch.const : undefined));
    if (constants.every((c) => c !== undefined) && new Set(constants).size === constants.length) {
      // A union of constants is an enum: one error instead of one per constant.
      delete schema[keyword];
      schema.allOf = [...((schema.allOf as unknown[] | undefined) ?? []), { enum: constants }];
      continue;
    }
    const tags = branches.map((branch) => tagsOf(branch as Json, schemas));
    const all = tags.flat();
    if (branches.length < 2 || tags.some((t) => t === null) || new Set(all).size !== all.length) continue;
    if (['type', 'required', 'properties'].some((key) => key in schema)) continue;
    delete schema[keyword];
    schema.type = 'object';
    schema.required = ['type'];
    schema.properties = { type: { enum: all } };
    schema.allOf = [
      ...((schema.allOf as unknown[] | undefined) ?? []),
      ...branches.map((branch, i) => ({ if: { properties: { type: { enum: tags[i] } } }, then: branch })),
    ];
  }
}

/** The `type` values an object branch accepts, when it is an object that requires `type` and lists them (else null). */
function tagsOf(branch: Json, schemas: Record<string, Json>): unknown[] | null {
  const ref = typeof branch.$ref === 'string' ? /^#\/components\/schemas\/(.+)$/.exec(branch.$ref)?.[1] : undefined;
  const target = ref ? schemas[ref] : branch;
  if (!target || target.type !== 'object' || !(target.required as unknown[] | undefined)?.includes('type')) return null;
  const tag = (target.properties as Record<string, Json> | undefined)?.type;
  if (!tag) return null;
  if ('const' in tag) return [tag.const];
  return Array.isArray(tag.enum) ? tag.enum : null;
}

/** JSON pointer escaping of one reference token. */
export function escape(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}
