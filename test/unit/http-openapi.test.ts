import { describe, expect, it } from 'vitest';
import { routes } from '../../lambdas/app.js';
import { buildOpenApiDocument } from '../../lambdas/platform/openapi.js';
import { testRoutes } from './http-test-routes.js';

type Operation = {
  operationId: string;
  security: unknown[];
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }>; headers?: Record<string, unknown> }>;
};

const doc = buildOpenApiDocument({ routes: [...routes, ...testRoutes], serverUrl: 'http://localhost:3000' });
const op = (path: string, method: string) => (doc.paths?.[path] as Record<string, Operation>)[method]!;

describe('OpenAPI document', () => {
  it('is 3.1 with a bearer JWT scheme, the server and every route of the table', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: 'http://localhost:3000' }]);
    expect(doc.components?.securitySchemes?.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    const ids = Object.values(doc.paths ?? {}).flatMap((item) => Object.values(item as Record<string, Operation>).map((o) => o.operationId));
    expect(ids.sort()).toEqual([...routes, ...testRoutes].map((r) => r.operationId).sort());
  });

  it('leaves health unauthenticated and requires the bearer elsewhere', () => {
    expect(op('/v1/health', 'get').security).toEqual([]);
    expect(op('/v1/widgets', 'post').security).toEqual([{ bearerAuth: [] }]);
  });

  it('documents problem+json errors the chain can answer for each route', () => {
    const create = op('/v1/widgets', 'post').responses;
    expect(Object.keys(create).sort()).toEqual(['201', '400', '401', '403', '409', '413', '415', '422', '500', '503']);
    expect(create['422']?.content?.['application/problem+json']?.schema).toEqual({ $ref: '#/components/schemas/Problem' });
    expect(create['503']?.headers).toHaveProperty('Retry-After');
    const remove = op('/v1/widgets/{id}', 'delete');
    expect(Object.keys(remove.responses)).toEqual(expect.arrayContaining(['404', '412']));
    expect(remove.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(['path:id', 'header:If-Match']);
    // Health answers with no ETag (`etag: false`), so it offers no 304.
    expect(Object.keys(op('/v1/health', 'get').responses).sort()).toEqual(['200', '422', '500', '503']);
    expect(Object.keys(op('/v1/widgets/{id}', 'get').responses)).toContain('304');
    expect(op('/v1/widgets/{id}', 'get').parameters?.map((p) => `${p.in}:${p.name}`)).toContain('header:If-None-Match');
    expect(op('/v1/widgets/{id}', 'get').responses['200']?.headers).toHaveProperty('ETag');
  });

  it('marks validated objects closed, as the chain rejects unknown fields', () => {
    const body = op('/v1/widgets', 'post').requestBody?.content['application/json']?.schema;
    expect(body?.additionalProperties).toBe(false);
    const problem = doc.components?.schemas?.Problem as { required: string[] };
    expect(problem.required).toEqual(['type', 'title', 'status', 'detail']);
  });

  it('uses the route media type for non-JSON bodies', () => {
    expect(Object.keys(op('/v1/widgets/{id}/image', 'put').requestBody?.content ?? {})).toEqual(['image/png']);
  });
});
