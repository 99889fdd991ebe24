import { HealthReport } from './schemas.js';
import type { RouteDefinition } from '../platform/http/route.js';

export const getHealth = {
  method: 'GET',
  path: '/v1/health',
  domain: 'health',
  auth: 'none',
  operationId: 'getHealth',
  publicBecause: 'Health check for uptime probes: reports reachability and migration names only, no business data.',
  summary: 'Database reachability and applied schema migrations',
  tags: ['health'],
  responses: {
    200: { description: 'The API and its database are up.', schema: HealthReport },
  },
} satisfies RouteDefinition;

export const healthRoutes: readonly RouteDefinition[] = [getHealth];
