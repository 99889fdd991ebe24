/**
 * A route's responses: its own successes, and the error responses derived
 * from what the HTTP chain can answer for it (its auth, body, method), so the
 * document cannot drift from the chain.
 */
import * as z from 'zod/mini';
import { JSON_MEDIA_TYPE, MAX_BODY_BYTES, isJsonMediaType } from '../http/body.js';
import { PROBLEM_MEDIA_TYPE } from '../http/problem.js';
import type { SchemaSet } from './json-schemas.js';
import { headers } from './parameters.js';
import type { DocumentedRoute, HeaderObject, ResponseObject } from './types.js';
import { withMeta } from '../schema-meta.js';

const FieldError = z.object({
  path: withMeta(z.string(), { description: 'Where: `body.title`, `query.limit`, `params.id`, `body.items[2].name`.' }),
  message: z.string(),
});

export const ProblemSchema = withMeta(z.object({
    type: withMeta(z.string(), { description: 'Problem type URI, e.g. `urn:marketing-ops:problem:validation-failed`.' }),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    instance: withMeta(z.optional(z.string()), { description: 'The request path.' }),
    requestId: withMeta(z.optional(z.string()), { description: 'Quote this when reporting a 5xx.' }),
    errors: withMeta(z.optional(z.array(FieldError)), { description: 'One entry per invalid or conflicting field.' }),
  }), { id: 'Problem', description: 'RFC 9457 problem details.' });

/** What an Idempotency-Key retry gets instead of a first answer too large to keep (idempotency/index.ts). */
const ReplayOmitted = withMeta(z.object({ replay_omitted: z.literal(true), detail: z.string() }), { id: 'IdempotentReplayOmitted', description: 'A retry under the same Idempotency-Key of a success whose answer was too large to keep: only its status is replayed.' });

const GatewayMessage = withMeta(z.object({ message: z.string() }), { id: 'GatewayMessage', example: { message: 'Unauthorized' } });

const RetryAfter = z.object({ 'Retry-After': z.optional(z.string()) });
const EtagHeader = z.object({ ETag: withMeta(z.optional(z.string()), { description: 'Send as If-Match / If-None-Match.' }) });

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** PATCH and DELETE always check If-Match; other writes say so (`ifMatch`). */
export const honoursIfMatch = (route: DocumentedRoute): boolean => route.ifMatch ?? (route.method === 'PATCH' || route.method === 'DELETE');

/** A GET whose 200 carries an ETag, so If-None-Match is answered with 304 (serialise.ts). */
export const conditionalRead = (route: DocumentedRoute): boolean => route.method === 'GET' && route.responses[200] !== undefined && route.etag !== false;

export function errorResponses(set: SchemaSet, route: DocumentedRoute): Record<number, ResponseObject> {
  const problem = (description: string, with_?: Record<string, HeaderObject>): ResponseObject => ({
    description,
    ...(with_ ? { headers: with_ } : {}),
    content: { [PROBLEM_MEDIA_TYPE]: { schema: set.use(ProblemSchema, 'output') } },
  });
  const body = route.request?.body;
  const json = body !== undefined && isJsonMediaType(route.request?.contentType ?? JSON_MEDIA_TYPE);
  const out: Record<number, ResponseObject> = {};
  if (json) out[400] = problem('The body is not valid JSON.');
  if (route.auth === 'signature') {
    // The implementation checks the signed payload itself (webhooks).
    out[400] = problem('The signed body is not what the sender documents (not JSON, or not its shape).');
    out[401] = problem('The signature is missing, wrong or stale.');
  }
  if (route.auth === 'jwt') {
    // Answered by API Gateway's JWT authorizer, in its own format rather than problem+json.
    out[401] = {
      description: 'Missing, expired or invalid bearer token.',
      content: { [JSON_MEDIA_TYPE]: { schema: set.use(GatewayMessage, 'output') } },
    };
    out[403] = problem(`The caller's role is below ${route.role ?? 'viewer'}.`);
  }
  if (route.request?.params) out[404] = problem('No such resource.');
  if (WRITES.has(route.method)) out[409] = problem('A unique, exclusion or foreign-key conflict (or a state the operation says); `errors` names the fields as the client sent them: `body.<field>`, or `params.<name>` for a part of the URL.');
  if (honoursIfMatch(route)) out[412] = problem('`If-Match` does not match the current ETag.');
  if (body) {
    out[413] = problem(`The body is over ${MAX_BODY_BYTES} bytes.`);
    out[415] = problem(`The body is not ${route.request?.contentType ?? JSON_MEDIA_TYPE}.`);
  }
  out[422] = problem('Invalid or unknown fields; `errors` lists each one with its path.');
  for (const [status, when] of Object.entries(route.errors ?? {})) out[Number(status)] = problem(when);
  out[500] = problem('Unexpected error; the body carries no internals.');
  out[503] = problem('The database is resuming or unreachable; retry after `Retry-After` seconds.', headers(set, RetryAfter));
  return out;
}

export function successResponses(set: SchemaSet, route: DocumentedRoute): Record<number, ResponseObject> {
  const out: Record<number, ResponseObject> = {};
  for (const [status, response] of Object.entries(route.responses)) {
    const etag = conditionalRead(route) && status === '200';
    const mediaType = response.contentType ?? JSON_MEDIA_TYPE;
    const replayable = route.idempotent && response.schema && isJsonMediaType(mediaType);
    const schema = response.schema
      ? replayable
        ? { anyOf: [set.use(response.schema, 'output'), set.use(ReplayOmitted, 'output')] }
        : set.use(response.schema, 'output')
      : undefined;
    out[Number(status)] = {
      description: response.description,
      ...(etag ? { headers: headers(set, EtagHeader) } : {}),
      ...(schema ? { content: { [mediaType]: { schema } } } : {}),
    };
  }
  if (conditionalRead(route)) {
    out[304] = { description: '`If-None-Match` names the current ETag: the copy the client holds is current (no body).', headers: headers(set, EtagHeader) };
  }
  return out;
}
