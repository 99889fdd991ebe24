import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkRouteTable, domains, routes } from '../../lambdas/app.js';
import type { RouteDefinition } from '../../lambdas/platform/http/route.js';
import { testRoutes } from './http-test-routes.js';

const base: RouteDefinition = {
  method: 'GET', path: '/v1/things/{id}', domain: 'things', auth: 'jwt', operationId: 'getThing', summary: 's',
  request: { params: z.object({ id: z.string() }) }, responses: { 200: { description: 'ok' } },
};

describe('route table', () => {
  it('holds the health route, public, in the health domain', () => {
    const health = routes.find((r) => r.operationId === 'getHealth');
    expect(health).toMatchObject({ method: 'GET', path: '/v1/health', domain: 'health', auth: 'none' });
    expect(domains()).toContain('health');
  });

  it('lists distinct domains in table order', () => {
    expect(domains(testRoutes)).toEqual(['widgets', 'pings']);
  });

  it('rejects duplicates, mismatched path parameters, bad paths and roles on public routes', () => {
    expect(() => checkRouteTable([base, { ...base, operationId: 'other' }])).toThrow(/defined twice/);
    expect(() => checkRouteTable([base, { ...base, path: '/v1/others/{id}' }])).toThrow(/operationId getThing is used twice/);
    expect(() => checkRouteTable([{ ...base, request: {} }])).toThrow(/path parameters \{id\} differ/);
    expect(() => checkRouteTable([{ ...base, path: '/v1/Things/{id}' }])).toThrow(/kebab-case/);
    expect(() => checkRouteTable([{ ...base, auth: 'none', role: 'admin' }])).toThrow(/has a role but auth none/);
    expect(checkRouteTable([base])).toHaveLength(1);
  });
});
