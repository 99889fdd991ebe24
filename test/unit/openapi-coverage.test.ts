import { describe, expect, it } from 'vitest';
import { routes } from '../../lambdas/app.js';
import { buildOpenApiDocument } from '../../lambdas/platform/openapi.js';

type Operation = { requestBody?: unknown; parameters?: Array<{ in: string; name: string }>; responses: Record<string, { content?: object }> };

describe('OpenAPI document of the real route table', () => {
  const doc = buildOpenApiDocument({ routes }) as unknown as { paths: Record<string, Record<string, Operation>> };
  const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, method, op })),
  );

  it('has one operation per route', () => {
    expect(operations).toHaveLength(routes.length);
  });

  it('gives every success response with a body a schema, and every write a request body', () => {
    const gaps: string[] = [];
    for (const { key, method, op } of operations) {
      for (const [code, response] of Object.entries(op.responses)) {
        if (code.startsWith('2') && code !== '204' && !response.content) gaps.push(`${key} ${code}`);
      }
      if (['post', 'put', 'patch'].includes(method) && !op.requestBody) gaps.push(`${key} request body`);
    }
    expect(gaps).toEqual([]);
  });

  it('documents every path parameter', () => {
    const gaps: string[] = [];
    for (const { key, op } of operations) {
      for (const name of [...key.matchAll(/\{([^}]+)\}/g)].map((m) => m[1])) {
        if (!op.parameters?.some((p) => p.in === 'path' && p.name === name)) gaps.push(`${key} {${name}}`);
      }
    }
    expect(gaps).toEqual([]);
  });
});
