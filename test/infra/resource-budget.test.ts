/**
 * The stateless stack must stay far under CloudFormation's 500 resources and
 * API Gateway's 300 routes per API while the API grows to ~300 operations.
 * Routes are per domain mount (greedy) and the invoke permission per
 * function, so an operation added to an existing domain adds no resource; a
 * public route adds one; a domain adds a fixed set. These tests measure each
 * step on the synthesized template, so a change that makes resources grow
 * per route fails here.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { domains } from '../../lambdas/app.js';
import type { DomainApi } from '../../lambdas/platform/http/domain.js';
import { ok } from '../../lambdas/platform/http/result.js';
import { route } from '../../lambdas/platform/http/route.js';
import { checkRouteTable, gatewayRoutes } from '../../lambdas/platform/route-table.js';
import { buildTestApp } from './build.js';

const CLOUDFORMATION_LIMIT = 500;
const ROUTES_QUOTA = 300;

function resourcesOf(app: readonly DomainApi[]): { total: number; routes: number } {
  checkRouteTable(app);
  const template = Template.fromStack(buildTestApp({ stage: 'prod', alarmEmail: 'ops@example.com' }, gatewayRoutes(app)).stateless);
  const resources = Object.values(template.toJSON().Resources as Record<string, { Type: string }>);
  return { total: resources.length, routes: resources.filter((r) => r.Type === 'AWS::ApiGatewayV2::Route').length };
}

const extra = (path: string, auth: 'jwt' | 'signature') =>
  route(
    {
      method: 'POST',
      path,
      auth,
      operationId: `budget${auth}`,
      summary: 'budget probe',
      ...(auth === 'jwt' ? {} : { publicBecause: 'A probe for the resource budget test only.' }),
      request: { params: z.object({ id: z.string() }) },
      responses: { 200: { description: 'ok' } },
    },
    async () => ok(null),
  );

const withRoute = (name: string, path: string, auth: 'jwt' | 'signature') =>
  domains.map((d) => (d.name === name ? { ...d, routes: [...d.routes, extra(path, auth)] } : d));

describe('stateless stack resource budget', () => {
  const base = resourcesOf(domains);
  const oneMoreOperation = resourcesOf(withRoute('content', '/v1/content/{id}/budget-probe', 'jwt'));
  const oneMorePublicRoute = resourcesOf(withRoute('content', '/v1/content/{id}/budget-hook', 'signature'));
  const oneDomainLess = resourcesOf(domains.filter((d) => d.name !== 'web'));
  const perDomain = base.total - oneDomainLess.total;

  it('adds no resource for an operation in an existing domain, one for a public route', () => {
    expect(oneMoreOperation.total - base.total).toBe(0);
    expect(oneMorePublicRoute.total - base.total).toBe(1);
  });

  it('costs a fixed set of resources per domain (function, role, policy, logs, integration, one permission, 2 routes a mount, alarms)', () => {
    // web has one mount: its function, role, policy, log group, integration, permission, 2 routes, 2 alarms, 1 metric filter.
    expect(perDomain).toBeLessThanOrEqual(12);
    // Room for five more domains on top of today's.
    expect(base.total + 5 * perDomain).toBeLessThan(CLOUDFORMATION_LIMIT);
  });

  it('leaves room for the planned growth: 20 domains of 3 mounts and 10 public routes stay under both limits', () => {
    const mountsNow = domains.reduce((n, d) => n + d.mounts.length, 0);
    const perMount = 2;
    const projectedRoutes = 20 * 3 * perMount + 10;
    const projectedTotal = base.total + (20 - domains.length) * perDomain + (20 * 3 - mountsNow) * perMount + 10;
    expect(projectedRoutes).toBeLessThan(ROUTES_QUOTA);
    expect(projectedTotal).toBeLessThan(CLOUDFORMATION_LIMIT);
    expect(base.routes).toBeLessThan(ROUTES_QUOTA);
  });
});
