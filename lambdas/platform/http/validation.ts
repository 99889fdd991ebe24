/**
 * Validates path parameters, query and body with the route's zod schemas.
 * Every problem is reported at once as a field path (`body.items[2].name`),
 * and top-level objects are strict: an unknown field is an error, not silently dropped.
 */
import { ZodObject } from 'zod';
import type { ZodType, core } from 'zod';
import type { RouteDefinition } from './route.js';
import { isJsonMediaType, JSON_MEDIA_TYPE, pathsWithNul } from './body.js';
import { ValidationError } from '../errors.js';
import type { FieldError } from '../errors.js';

type Location = 'params' | 'query' | 'body';

export interface RawInput {
  params: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  body: unknown;
}

export interface ValidInput {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
}

/** A path like `body.items[2].name` from a location and zod's path segments. */
export function fieldPath(location: Location, segments: readonly PropertyKey[]): string {
  let path: string = location;
  for (const segment of segments) {
    path += typeof segment === 'number' ? `[${segment}]` : `.${String(segment)}`;
  }
  return path;
}

export function issuesToFieldErrors(location: Location, issues: readonly core.$ZodIssue[]): FieldError[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: fieldPath(location, [...issue.path, key]), message: 'Unknown field' }))
      : [{ path: fieldPath(location, issue.path), message: issue.message }],
  );
}

/** Objects in the default strip mode become strict; an explicit `.loose()`/`.catchall()` is respected. */
export function strictTopLevel<T extends ZodType>(schema: T): ZodType {
  if (schema instanceof ZodObject && schema._zod.def.catchall === undefined) return schema.strict();
  return schema;
}

const cache = new WeakMap<ZodType, ZodType>();
function strictCached(schema: ZodType): ZodType {
  let strict = cache.get(schema);
  if (!strict) {
    strict = strictTopLevel(schema);
    cache.set(schema, strict);
  }
  return strict;
}

function check(location: Location, schema: ZodType | undefined, value: unknown, errors: FieldError[]): unknown {
  if (!schema) {
    // No schema means the route takes nothing here: anything sent is unknown.
    if (value && typeof value === 'object') {
      for (const key of Object.keys(value)) errors.push({ path: fieldPath(location, [key]), message: 'Unknown field' });
    }
    return location === 'body' ? undefined : {};
  }
  const result = strictCached(schema).safeParse(value);
  if (result.success) return result.data;
  errors.push(...issuesToFieldErrors(location, result.error.issues));
  return undefined;
}

export function validateInput(route: RouteDefinition, input: RawInput): ValidInput {
  const errors: FieldError[] = [];
  const params = check('params', route.request?.params, input.params, errors);
  const query = check('query', route.request?.query, input.query, errors);
  // Only JSON bodies are validated; other media types arrive as bytes for the implementation.
  const jsonBody = isJsonMediaType(route.request?.contentType ?? JSON_MEDIA_TYPE);
  const body = jsonBody ? check('body', route.request?.body, input.body, errors) : input.body;
  if (jsonBody) {
    // PostgreSQL's text and jsonb cannot hold U+0000: reported with the other field errors.
    const reported = new Set(errors.map((e) => e.path));
    for (const path of pathsWithNul(input.body, 'body')) {
      if (!reported.has(path)) errors.push({ path, message: 'Must not contain the NUL character (\\u0000)' });
    }
  }
  if (errors.length > 0) throw new ValidationError(errors);
  return { params: params as Record<string, unknown>, query: query as Record<string, unknown>, body };
}
