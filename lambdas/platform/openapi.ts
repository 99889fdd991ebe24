/**
 * The OpenAPI 3.1 document, generated from an application's routes and their
 * zod schemas with zod's own JSON Schema conversion (openapi/json-schemas.ts),
 * so a schema written with classic zod or `zod/mini` is documented alike.
 * Error responses are derived from what the HTTP chain can answer for a route
 * (openapi/responses.ts), so the document cannot drift from it.
 */
import * as z from 'zod/mini';
import { JSON_MEDIA_TYPE } from './http/body.js';
import { SchemaSet } from './openapi/json-schemas.js';
import { parameters } from './openapi/parameters.js';
import { conditionalRead, errorResponses, honoursIfMatch, successResponses } from './openapi/responses.js';
import type { DocumentedRoute, OpenApiDocument, OperationObject } from './openapi/types.js';
import { withMeta } from './schema-meta.js';

export { ProblemSchema, conditionalRead } from './openapi/responses.js';
export type { DocumentedRoute, OpenApiDocument } from './openapi/types.js';

export const BEARER_SCHEME = 'bearerAuth';

function description(route: DocumentedRoute): string {
  if (route.auth === 'jwt') return `Requires a bearer token with role **${route.role ?? 'viewer'}** or higher (viewer < marketer < admin).`;
  if (route.auth === 'signature') return 'No bearer token: the request must carry a valid signature.';
  return 'No authentication.';
}

const IDEMPOTENCY_KEY_HELP =
  'A unique key (1–255 printable characters) per logical write: a retry with the same key and body gets the first answer replayed ' +
  '(`Idempotent-Replayed: true`), 409 while the first is still running, 422 with a different body. Keys expire after 24 hours.';

/** The conditional and idempotency headers the chain reads for a route, or undefined when it reads none. */
function requestHeaders(route: DocumentedRoute) {
  const conditional = honoursIfMatch(route);
  const cacheable = conditionalRead(route);
  if (!conditional && !cacheable && !route.idempotent) return undefined;
  return z.object({
    ...(conditional ? { 'If-Match': withMeta(z.optional(z.string()), { description: 'ETag from a GET; 412 when stale.' }) } : {}),
    ...(cacheable ? { 'If-None-Match': withMeta(z.optional(z.string()), { description: 'ETags the client holds; 304 when one is current.' }) } : {}),
    ...(route.idempotent ? { 'Idempotency-Key': withMeta(z.optional(z.string()), { description: IDEMPOTENCY_KEY_HELP }) } : {}),
  });
}

function operation(set: SchemaSet, route: DocumentedRoute): OperationObject {
  const request = route.request ?? {};
  const headers = requestHeaders(route);
  const parameterList = [
    ...(request.params ? parameters(set, request.params, 'path') : []),
    ...(request.query ? parameters(set, request.query, 'query') : []),
    ...(headers ? parameters(set, headers, 'header') : []),
  ];
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: description(route),
    ...(route.tags ? { tags: [...route.tags] } : {}),
    security: route.auth === 'jwt' ? [{ [BEARER_SCHEME]: [] }] : [],
    ...(parameterList.length > 0 ? { parameters: parameterList } : {}),
    // Documented as validated: strict at the top level (`closed`), so `additionalProperties: false`.
    ...(request.body
      ? { requestBody: { required: true, content: { [request.contentType ?? JSON_MEDIA_TYPE]: { schema: set.use(request.body, 'input', { closed: true }) } } } }
      : {}),
    responses: { ...successResponses(set, route), ...errorResponses(set, route) },
  };
}

export interface OpenApiOptions {
  /** The application's routes (the platform knows no route table of its own); their schemas may be classic zod or `zod/mini`. */
  routes: readonly DocumentedRoute[];
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
  const set = new SchemaSet();
  const paths: OpenApiDocument['paths'] = {};
  for (const route of options.routes) {
    const path = route.clientPath ?? route.path;
    const method = route.method.toLowerCase() as Lowercase<DocumentedRoute['method']>;
    if (paths[path]?.[method]) throw new Error(`OpenAPI: ${route.method} ${path} is declared twice`);
    paths[path] = { ...paths[path], [method]: operation(set, route) };
  }
  const schemas = set.convert();
  const license = options.license ?? 'MIT';
  return {
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
    components: {
      securitySchemes: {
        [BEARER_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Cognito access token; its `cognito:groups` claim gives the role.',
        },
      },
      schemas: sortedByName(schemas),
    },
    paths,
  };
}

const sortedByName = <T>(record: Record<string, T>): Record<string, T> =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
