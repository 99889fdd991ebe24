/**
 * Validates path parameters, query and body with the route's zod schemas.
 * Every problem is reported at once as a field path (`body.items[2].name`),
 * and top-level objects are strict: an unknown field is an error, not silently dropped.
 */
// `clone` by name: the `util` namespace would bundle all of zod's util module.
import { _never, $ZodNever, clone, safeParse } from 'zod/v4/core';
import type { $ZodIssue, $ZodObject, $ZodType as ZodType } from 'zod/v4/core';
import './zod-messages.js';
import type { RouteDefinition } from './route.js';
import { isJsonMediaType, JSON_MEDIA_TYPE, pathsNotWellFormed, pathsWithNul } from './body.js';
import { KEY_NOT_WELL_FORMED, NOT_WELL_FORMED, NUL_MESSAGE } from '../well-formed.js';
import { ValidationError } from '../errors.js';
import { parseQueryString } from './query-string.js';
import type { FieldError } from '../errors.js';

type Location = 'params' | 'query' | 'body';

export interface RawInput {
  params: Record<string, string | undefined>;
  /** As API Gateway gives it: a repeated parameter's values joined by commas. */
  query: Record<string, string | undefined>;
  /** The raw query string, which alone tells a repeated parameter from one value holding a comma. */
  rawQuery?: string;
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

/** What to tell a client about a field a schema does not take (see unknownFieldHints). */
type Hints = Readonly<Record<string, string>>;
const hintsOf = new WeakMap<ZodType, Hints>();

/**
 * Registers messages for fields a body or query schema does not take but a
 * client may reasonably send: a read-only column (`status`: "change it with
 * POST …/status"), a column a list cannot filter on. Other unknown fields
 * are "Unknown field".
 */
export function unknownFieldHints<T extends ZodType>(schema: T, hints: Hints): T {
  hintsOf.set(schema, { ...hintsOf.get(schema), ...hints });
  return schema;
}

/** The value at zod's path inside the raw input, or undefined when a key on the way is missing. */
function valueAt(root: unknown, segments: readonly PropertyKey[]): unknown {
  let value = root;
  for (const segment of segments) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

export function issuesToFieldErrors(location: Location, issues: readonly $ZodIssue[], raw?: unknown, hints: Hints = {}): FieldError[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: fieldPath(location, [...issue.path, key]),
        message: (issue.path.length === 0 ? hints[key] : undefined) ?? 'Unknown field',
      }));
    }
    // zod says "expected string, received undefined" for a missing field; say what it means.
    if (issue.code === 'invalid_type' && raw !== undefined && issue.path.length > 0 && valueAt(raw, issue.path) === undefined) {
      const parent = valueAt(raw, issue.path.slice(0, -1));
      if (parent !== null && typeof parent === 'object' && !Object.hasOwn(parent, issue.path[issue.path.length - 1]!)) {
        return [{ path: fieldPath(location, issue.path), message: `is required (${issue.expected})` }];
      }
    }
    return [{ path: fieldPath(location, issue.path), message: issue.message }];
  });
}

/** Objects in the default strip mode become strict; an explicit `.loose()`/`.catchall()` is respected. */
export function strictTopLevel<T extends ZodType>(schema: T): ZodType {
  if (isObject(schema) && schema._zod.def.catchall === undefined) {
    // What zod's `.strict()` does: the same object with `never` for every key it does not name.
    return clone(schema, { ...schema._zod.def, catchall: _never($ZodNever) });
  }
  return schema;
}

function isObject(schema: ZodType | undefined): schema is $ZodObject {
  return schema?._zod.def.type === 'object';
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
  const result = safeParse(strictCached(schema), value);
  if (result.success) return result.data;
  errors.push(...issuesToFieldErrors(location, result.error.issues, value, hintsOf.get(schema)));
  return undefined;
}

/** Whether a query parameter's schema takes several values (a repeatable filter is an array). */
function takesMany(schema: ZodType | undefined): boolean {
  let current: ZodType | undefined = schema;
  for (let depth = 0; current && depth < 8; depth++) {
    const def = current._zod.def as { type: string; innerType?: ZodType; out?: ZodType };
    if (def.type === 'array') return true;
    current = def.type === 'pipe' ? def.out : def.innerType;
  }
  return false;
}

/** Parameters given more than once that take one value (`limit=10&limit=20`). */
function repeatedParameters(schema: ZodType | undefined, rawQuery: string | undefined): FieldError[] {
  if (!rawQuery || !isObject(schema)) return [];
  const counts = new Map<string, number>();
  for (const [name] of parseQueryString(rawQuery, 1)) counts.set(name, (counts.get(name) ?? 0) + 1);
  const shape = schema._zod.def.shape as Record<string, ZodType>;
  return [...counts]
    .filter(([name, n]) => n > 1 && Object.hasOwn(shape, name) && !takesMany(shape[name]))
    .map(([name, n]) => ({ path: fieldPath('query', [name]), message: `is given ${n} times; give it once` }));
}

function withoutKeys(query: Record<string, string | undefined>, repeated: readonly FieldError[]): Record<string, string | undefined> {
  const names = new Set(repeated.map((e) => e.path.slice('query.'.length)));
  return Object.fromEntries(Object.entries(query).filter(([name]) => !names.has(name)));
}

export function validateInput(route: RouteDefinition, input: RawInput): ValidInput {
  const errors: FieldError[] = [];
  const params = check('params', route.request?.params, input.params, errors);
  const repeated = repeatedParameters(route.request?.query, input.rawQuery);
  // A repeated parameter's joined value would only be reported as malformed: say it is repeated instead.
  const query = check('query', route.request?.query, repeated.length > 0 ? withoutKeys(input.query, repeated) : input.query, errors);
  errors.push(...repeated);
  // Only JSON bodies are validated; other media types arrive as bytes for the implementation.
  const jsonBody = isJsonMediaType(route.request?.contentType ?? JSON_MEDIA_TYPE);
  const body = jsonBody ? check('body', route.request?.body, input.body, errors) : input.body;
  if (jsonBody && route.request?.textChecks !== 'per-item') {
    // PostgreSQL's text and jsonb cannot hold U+0000, nor a lone UTF-16 surrogate (jsonb refuses it, failing the
    // statement; text would store it altered): reported with the other field errors.
    const reported = new Set(errors.map((e) => e.path));
    for (const path of pathsWithNul(input.body, 'body')) {
      if (!reported.has(path)) errors.push({ path, message: NUL_MESSAGE });
    }
    for (const { path, key } of pathsNotWellFormed(input.body, 'body')) {
      if (!reported.has(path)) errors.push({ path, message: key ? KEY_NOT_WELL_FORMED : NOT_WELL_FORMED });
    }
  }
  if (errors.length > 0) throw new ValidationError(errors);
  return { params: params as Record<string, unknown>, query: query as Record<string, unknown>, body };
}
