/**
 * The OpenAPI 3.1 document, generated from an application's routes and their zod
 * schemas. Error responses are derived from what the HTTP chain can answer
 * for a route (its auth, body, method), so the document cannot drift from it.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type { ResponseConfig, RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { RouteDefinition } from './http/route.js';
import { JSON_MEDIA_TYPE, MAX_BODY_BYTES, isJsonMediaType } from './http/body.js';
import { PROBLEM_MEDIA_TYPE } from './http/problem.js';
import { strictTopLevel } from './http/validation.js';

type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

export const BEARER_SCHEME = 'bearerAuth';

const FieldError = z.object({
  path: z.string().meta({ description: 'Where: `body.title`, `query.limit`, `params.id`, `body.items[2].name`.' }),
  message: z.string(),
});

export const ProblemSchema = z
  .object({
    type: z.string().meta({ description: 'Problem type URI, e.g. `urn:marketing-ops:problem:validation-failed`.' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional().meta({ description: 'The request path.' }),
    requestId: z.string().optional().meta({ description: 'Quote this when reporting a 5xx.' }),
    errors: z.array(FieldError).optional().meta({ description: 'One entry per invalid or conflicting field.' }),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details.' });

/** What an Idempotency-Key retry gets instead of a first answer too large to keep (idempotency/index.ts). */
const ReplayOmitted = z
  .object({ replay_omitted: z.literal(true), detail: z.string() })
  .meta({ id: 'IdempotentReplayOmitted', description: 'A retry under the same Idempotency-Key of a success whose answer was too large to keep: only its status is replayed.' });

const GatewayMessage = z.object({ message: z.string() }).meta({ id: 'GatewayMessage', example: { message: 'Unauthorized' } });

const problem = (description: string, headers?: ResponseConfig['headers']): ResponseConfig => ({
  description,
  ...(headers ? { headers } : {}),
  content: { [PROBLEM_MEDIA_TYPE]: { schema: ProblemSchema } },
});

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function errorResponses(route: RouteDefinition): Record<number, ResponseConfig> {
  const body = route.request?.body;
  const json = body !== undefined && isJsonMediaType(route.request?.contentType ?? JSON_MEDIA_TYPE);
  const out: Record<number, ResponseConfig> = {};
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
      content: { [JSON_MEDIA_TYPE]: { schema: GatewayMessage } },
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
  out[503] = problem('The database is resuming or unreachable; retry after `Retry-After` seconds.', z.object({ 'Retry-After': z.string().optional() }));
  return out;
}

/** PATCH and DELETE always check If-Match; other writes say so (`ifMatch`). */
const honoursIfMatch = (route: RouteDefinition): boolean => route.ifMatch ?? (route.method === 'PATCH' || route.method === 'DELETE');

/** A GET whose 200 carries an ETag, so If-None-Match is answered with 304 (serialise.ts). */
export const conditionalRead = (route: RouteDefinition): boolean => route.method === 'GET' && route.responses[200] !== undefined && route.etag !== false;

const etagHeader = () => z.object({ ETag: z.string().optional().meta({ description: 'Send as If-Match / If-None-Match.' }) });

function successResponses(route: RouteDefinition): Record<number, ResponseConfig> {
  const out: Record<number, ResponseConfig> = {};
  for (const [status, response] of Object.entries(route.responses)) {
    const etag = conditionalRead(route) && status === '200';
    const mediaType = response.contentType ?? JSON_MEDIA_TYPE;
    const replayable = route.idempotent && response.schema && isJsonMediaType(mediaType);
    const schema = replayable ? z.union([response.schema!, ReplayOmitted]) : response.schema;
    out[Number(status)] = {
      description: response.description,
      ...(etag ? { headers: etagHeader() } : {}),
      ...(schema ? { content: { [mediaType]: { schema } } } : {}),
    };
  }
  if (conditionalRead(route)) {
    out[304] = { description: '`If-None-Match` names the current ETag: the copy the client holds is current (no body).', headers: etagHeader() };
  }
  return out;
}

function description(route: RouteDefinition): string {
  if (route.auth === 'jwt') return `Requires a bearer token with role **${route.role ?? 'viewer'}** or higher (viewer < marketer < admin).`;
  if (route.auth === 'signature') return 'No bearer token: the request must carry a valid signature.';
  return 'No authentication.';
}

const IDEMPOTENCY_KEY_HELP =
  'A unique key (1–255 printable characters) per logical write: a retry with the same key and body gets the first answer replayed ' +
  '(`Idempotent-Replayed: true`), 409 while the first is still running, 422 with a different body. Keys expire after 24 hours.';

function pathConfig(route: RouteDefinition): RouteConfig {
  const request = route.request ?? {};
  const conditional = honoursIfMatch(route);
  const cacheable = conditionalRead(route);
  return {
    method: route.method.toLowerCase() as RouteConfig['method'],
    path: route.clientPath ?? route.path,
    operationId: route.operationId,
    summary: route.summary,
    description: description(route),
    ...(route.tags ? { tags: [...route.tags] } : {}),
    security: route.auth === 'jwt' ? [{ [BEARER_SCHEME]: [] }] : [],
    request: {
      // Documented as validated: strict at the top level, so `additionalProperties: false`.
      ...(request.params ? { params: strictTopLevel(request.params) as z.ZodObject } : {}),
      ...(request.query ? { query: strictTopLevel(request.query) as z.ZodObject } : {}),
      ...(request.body
        ? { body: { required: true, content: { [request.contentType ?? JSON_MEDIA_TYPE]: { schema: strictTopLevel(request.body) } } } }
        : {}),
      ...(conditional || cacheable || route.idempotent
        ? {
            headers: z.object({
              ...(conditional ? { 'If-Match': z.string().optional().meta({ description: 'ETag from a GET; 412 when stale.' }) } : {}),
              ...(cacheable
                ? { 'If-None-Match': z.string().optional().meta({ description: 'ETags the client holds; 304 when one is current.' }) }
                : {}),
              ...(route.idempotent ? { 'Idempotency-Key': z.string().optional().meta({ description: IDEMPOTENCY_KEY_HELP }) } : {}),
            }),
          }
        : {}),
    },
    responses: { ...successResponses(route), ...errorResponses(route) },
  };
}

export interface OpenApiOptions {
  /** The application's routes (the platform knows no route table of its own). */
  routes: readonly RouteDefinition[];
  /** Base URL of the API (`http://localhost:3000`, the API Gateway URL); default `/`, the host serving the document. */
  serverUrl?: string;
  title?: string;
  version?: string;
  /** Descriptions of the routes' tags (every tag is declared; one without a description here gets a generic one). */
  tagDescriptions?: Readonly<Record<string, string>>;
  /** SPDX identifier of the API's license. */
  license?: string;
}

/** Every tag the routes use, declared at the top level in first-use order. */
function declaredTags(options: OpenApiOptions): { name: string; description: string }[] {
  const names = [...new Set(options.routes.flatMap((route) => route.tags ?? []))];
  return names.map((name) => ({ name, description: options.tagDescriptions?.[name] ?? `Operations on ${name.replace(/-/g, ' ')}.` }));
}

export function buildOpenApiDocument(options: OpenApiOptions): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', BEARER_SCHEME, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'Cognito access token; its `cognito:groups` claim gives the role.',
  });
  for (const route of options.routes) registry.registerPath(pathConfig(route));
  const license = options.license ?? 'MIT';
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: options.title ?? 'Marketing operations API',
      version: options.version ?? '1.0.0',
      description:
        'Errors are RFC 9457 `application/problem+json`. Reads of one resource return an `ETag` (answered 304 to a matching `If-None-Match`); ' +
        '`PATCH`/`DELETE` and status moves honour `If-Match` (412 when stale).',
      license: { name: license, identifier: license },
    },
    tags: declaredTags(options),
    servers: options.serverUrl ? [{ url: options.serverUrl }] : [{ url: '/', description: 'The host that serves this document.' }],
    security: [{ [BEARER_SCHEME]: [] }],
  });
}
