import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { domains, gatewayRoutes, routes } from '../../lambdas/app.js';
import { defineDomain } from '../../lambdas/platform/http/domain.js';
import { ok } from '../../lambdas/platform/http/result.js';
import { route, type ApiRoute } from '../../lambdas/platform/http/route.js';
import { checkRouteTable } from '../../lambdas/platform/route-table.js';

const base: ApiRoute = route(
  {
    method: 'GET', path: '/v1/things/{id}', auth: 'jwt', operationId: 'getThing', summary: 's',
    request: { params: z.object({ id: z.string() }) }, responses: { 200: { description: 'ok' } },
  },
  async () => ok(null),
);
const things = (...list: ApiRoute[]) => defineDomain({ name: 'things', description: 'd', mounts: ['/v1/things'], routes: list });

describe('route table', () => {
  it('holds the health route, public, in the health domain', () => {
    const health = routes.find((r) => r.operationId === 'getHealth');
    expect(health).toMatchObject({ method: 'GET', path: '/v1/health', domain: 'health', auth: 'none' });
    expect(domains.map((d) => d.name)).toContain('health');
  });

  it('binds every route to a function', () => {
    for (const r of routes) expect(typeof r.handler, `${r.method} ${r.path}`).toBe('function');
  });

  it('rejects duplicates, mismatched path parameters, bad paths, roles on public routes and routes outside the mounts', () => {
    expect(() => checkRouteTable([things(base, { ...base, operationId: 'other' })])).toThrow(/defined twice/);
    expect(() => checkRouteTable([things(base, { ...base, path: '/v1/things/{id}/more' })])).toThrow(/operationId getThing is used twice/);
    expect(() => checkRouteTable([things({ ...base, request: {} })])).toThrow(/path parameters \{id\} differ/);
    expect(() => checkRouteTable([things({ ...base, path: '/v1/Things/{id}' })])).toThrow(/kebab-case/);
    expect(() => checkRouteTable([things({ ...base, auth: 'none', role: 'admin', publicBecause: 'x' })])).toThrow(/has a role but auth none/);
    expect(() => checkRouteTable([things({ ...base, auth: 'none' })])).toThrow(/public without publicBecause/);
    expect(() => checkRouteTable([things({ ...base, path: '/v1/others/{id}' })])).toThrow(/under none of the domain's mounts/);
    expect(checkRouteTable([things(base)])).toHaveLength(1);
  });

  it('refuses two domains sharing a mount', () => {
    const other = defineDomain({ name: 'other', description: 'd', mounts: ['/v1/things/{id}/parts'], routes: [] });
    expect(() => checkRouteTable([things(base), other])).toThrow(/overlaps \/v1\/things of things/);
  });

  it('routes each mount greedily behind the authorizer and each public route on its own', () => {
    expect(gatewayRoutes).toContainEqual({ method: 'ANY', path: '/v1/content/{proxy+}', domain: 'content', auth: 'jwt' });
    expect(gatewayRoutes).toContainEqual({ method: 'ANY', path: '/v1/content', domain: 'content', auth: 'jwt' });
    // Liveness is public on its own route; readiness sits under the health mount, behind the authorizer.
    expect(gatewayRoutes).toContainEqual(expect.objectContaining({ method: 'GET', path: '/v1/health', auth: 'none', domain: 'health' }));
    expect(gatewayRoutes).toContainEqual({ method: 'ANY', path: '/v1/health/{proxy+}', domain: 'health', auth: 'jwt' });
    expect(gatewayRoutes.find((g) => g.path === '/v1/calendar-feeds/{token}')).toMatchObject({ method: 'GET', auth: 'signature', secretPath: true, domain: 'calendar-feeds' });
    // A mount with only a public route gets no greedy JWT route.
    expect(gatewayRoutes.some((g) => g.path.startsWith('/v1/calendar-feeds') && g.auth === 'jwt')).toBe(false);
    expect(gatewayRoutes.length).toBeLessThan(routes.length);
  });
});
