/**
 * Reads the request body against the route's declared media type:
 * 413 over the limit, 415 for another media type, 400 for JSON that does not parse.
 */
import type { RouteDefinition } from './route.js';
import { escapeUnstorable, illFormedStrings, isWellFormed } from '../well-formed.js';
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../errors.js';
import { headerValue } from './event.js';
import type { HttpApiEvent } from './event.js';
import { MAX_JSON_DEPTH, withinDepth } from './json-depth.js';

/**
 * Largest accepted body. Writes go to the Data API as one JSON parameter inside
 * its 4 MiB request limit, and JSON escaping can nearly double a text, so 1 MiB
 * leaves room for the SQL and the encoding.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

export const JSON_MEDIA_TYPE = 'application/json';

export interface ReadBody {
  body: unknown;
  rawBody: Buffer | undefined;
}

function mediaTypeOf(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type === '' ? undefined : type;
}

export const isJsonMediaType = (type: string): boolean => type === JSON_MEDIA_TYPE || /^application\/[\w.-]+\+json$/.test(type);

function accepts(expected: string, actual: string): boolean {
  if (isJsonMediaType(expected)) return isJsonMediaType(actual);
  if (expected.endsWith('/*')) return actual.startsWith(expected.slice(0, -1));
  return actual === expected;
}

export function readBody(event: HttpApiEvent, route: RouteDefinition): ReadBody {
  const rawBody =
    event.body === undefined || event.body === null
      ? undefined
      : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
  const schema = route.request?.body;
  if (!schema) return { body: undefined, rawBody };
  const limit = route.request?.maxBody;
  if (rawBody && rawBody.length > (limit?.bytes ?? MAX_BODY_BYTES)) {
    throw new PayloadTooLargeError(
      `The request body is ${rawBody.length} bytes; the limit is ${limit?.bytes ?? MAX_BODY_BYTES} bytes${limit ? ` (${limit.because})` : ''}.`,
    );
  }
  if (!rawBody || rawBody.length === 0) return { body: undefined, rawBody: undefined };

  const expected = (route.request?.contentType ?? JSON_MEDIA_TYPE).toLowerCase();
  const actual = mediaTypeOf(headerValue(event, 'content-type'));
  if (actual === undefined || !accepts(expected, actual)) {
    // RFC 9110 §15.5.16: tell the client which media type would work.
    const advertise = route.method === 'PATCH' ? 'accept-patch' : 'accept-post';
    throw new UnsupportedMediaTypeError(`Send the body as ${expected}${actual ? `, not ${actual}` : ''}.`, {
      headers: { [advertise]: expected },
    });
  }
  if (!isJsonMediaType(expected)) return { body: rawBody, rawBody };
  let body: unknown;
  // The event's own string when it is text: decoding the bytes again would copy a body of megabytes once more.
  const text = event.isBase64Encoded ? rawBody.toString('utf8') : (event.body as string);
  try {
    body = JSON.parse(text) as unknown;
  } catch (error) {
    throw new BadRequestError(`The request body is not valid JSON: ${(error as Error).message}`);
  }
  if (!withinDepth(body)) throw new BadRequestError(`The request body nests deeper than ${MAX_JSON_DEPTH} levels of arrays and objects.`);
  if (body !== null && typeof body === 'object' && !mayHoldNul(text)) parsedWithoutNul.add(body);
  if (body !== null && typeof body === 'object' && !mayHoldLoneSurrogate(text)) parsedWellFormed.add(body);
  return { body, rawBody };
}

/**
 * Bodies parsed from a JSON text that cannot hold U+0000. JSON writes that
 * character only as the escape `\u0000` (a raw control character is not
 * valid JSON), so a text without that sequence parses to strings and keys
 * without it; one native scan of the text then replaces a walk of every
 * value (~2 ms for a 3 MB body). A text with the sequence (perhaps only as
 * an escaped backslash, `\\u0000`) still gets the walk.
 */
const parsedWithoutNul = new WeakSet<object>();

function mayHoldNul(text: string): boolean {
  return text.includes('\\u0000');
}

/** True when some string or key in `value` holds U+0000; builds no paths, so the common case is one cheap walk. */
function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (const item of value) if (holdsNul(item)) return true;
    return false;
  }
  for (const key of Object.keys(value)) {
    if (key.includes('\u0000') || holdsNul((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

function nulPaths(value: unknown, path: string): string[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => nulPaths(item, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => (key.includes('\u0000') ? [path] : nulPaths(item, `${path}.${key}`)));
  }
  return [];
}

/**
 * Bodies parsed from a JSON text that cannot hold a lone UTF-16 surrogate. The
 * text itself is well-formed (API Gateway decodes the bytes as UTF-8, which
 * cannot carry one), so a surrogate can only come from a `\uD800`-`\uDFFF`
 * escape; a text without any (a pair such as an escaped emoji has them too,
 * and then gets the walk) parses to well-formed strings and keys only.
 */
const parsedWellFormed = new WeakSet<object>();
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

function mayHoldLoneSurrogate(text: string): boolean {
  return SURROGATE_ESCAPE.test(text);
}

/** Where a JSON value holds a string, or key, with a lone surrogate (`body.title`, `body.meta.key\uD800`). */
export function pathsNotWellFormed(value: unknown, path: string): { path: string; key: boolean }[] {
  if (value === null || typeof value !== 'object') return typeof value === 'string' && !isWellFormed(value) ? [{ path, key: false }] : [];
  if (parsedWellFormed.has(value)) return [];
  return illFormedStrings(value).map((found) => ({
    path: found.path.reduce<string>((at, step) => (typeof step === 'number' ? `${at}[${step}]` : `${at}.${escapeUnstorable(step)}`), path),
    key: found.key,
  }));
}

/**
 * Where a JSON value holds a string (or key) with U+0000: PostgreSQL's text and
 * jsonb refuse it, so it is a field error here rather than a database failure.
 * The paths are built only when there is one (a 10,000-item body would
 * otherwise build a path string for each of its values).
 */
export function pathsWithNul(value: unknown, path: string): string[] {
  if (value !== null && typeof value === 'object' && parsedWithoutNul.has(value)) return [];
  return holdsNul(value) ? nulPaths(value, path) : [];
}
