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
  if (route.auth === 'jwt') {
    // Answered by API Gateway's JWT authorizer, in its own format rather than problem+json.
    out[401] = {
      description: 'Missing, expired or invalid bearer token.',
      content: { [JSON_MEDIA_TYPE]: { schema: GatewayMessage } },
    };
    out[403] = problem(`The caller's role is below ${route.role ?? 'viewer'}.`);
  }
  if (route.request?.params) out[404] = problem('No such resource.');
  if (WRITES.has(route.method)) out[409] = problem('A unique or foreign-key conflict; `errors` names the field.');
  if (route.method === 'PATCH' || route.method === 'DELETE') out[412] = problem('`If-Match` does not match the current ETag.');
  if (body) {
    out[413] = problem(`The body is over ${MAX_BODY_BYTES} bytes.`);
    out[415] = problem(`The body is not ${route.request?.contentType ?? JSON_MEDIA_TYPE}.`);
  }
  out[422] = problem('Invalid or unknown fields; `errors` lists each one with its path.');
  out[500] = problem('Unexpected error; the body carries no internals.');
  out[503] = problem('The database is resuming or unreachable; retry after `Retry-After` seconds.', z.object({ 'Retry-After': z.string().optional() }));
  return out;
}

function successResponses(route: RouteDefinition): Record<number, ResponseConfig> {
  const out: Record<number, ResponseConfig> = {};
  for (const [status, response] of Object.entries(route.responses)) {
    const etag = route.method === 'GET' && status === '200';
    out[Number(status)] = {
      description: response.description,
      ...(etag ? { headers: z.object({ ETag: z.string().optional().meta({ description: 'Send as If-Match / If-None-Match.' }) }) } : {}),
      ...(response.schema ? { content: { [response.contentType ?? JSON_MEDIA_TYPE]: { schema: response.schema } } } : {}),
    };
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
  const conditional = route.method === 'PATCH' || route.method === 'DELETE';
  return {
    method: route.method.toLowerCase() as RouteConfig['method'],
    path: route.path,
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
      ...(conditional || route.idempotent
        ? {
            headers: z.object({
              ...(conditional ? { 'If-Match': z.string().optional().meta({ description: 'ETag from a GET; 412 when stale.' }) } : {}),
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
  /** Base URL of the API (`http://localhost:3000`, the API Gateway URL). */
  serverUrl?: string;
  title?: string;
  version?: string;
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
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: options.title ?? 'Marketing operations API',
      version: options.version ?? '1.0.0',
      description:
        'Errors are RFC 9457 `application/problem+json`. Reads return an `ETag`; `PATCH`/`DELETE` honour `If-Match`.',
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    security: [{ [BEARER_SCHEME]: [] }],
  });
}
