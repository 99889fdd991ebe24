/** The health domain: one public route for uptime probes. */
import { getExecutor } from '../platform/db/index.js';
import { defineDomain } from '../platform/http/domain.js';
import { ok } from '../platform/http/result.js';
import { route } from '../platform/http/route.js';
import { HealthReport } from './schemas.js';
import { checkHealth } from './service.js';

export const healthApi = defineDomain({
  name: 'health',
  description: 'Database reachability and applied schema migrations',
  mounts: ['/v1/health'],
  routes: [
    route(
      {
        method: 'GET',
        path: '/v1/health',
        auth: 'none',
        operationId: 'getHealth',
        etag: false,
        publicBecause: 'Health check for uptime probes: reports reachability and migration names only, no business data.',
        summary: 'Database reachability and applied schema migrations',
        tags: ['health'],
        responses: { 200: { description: 'The API and its database are up.', schema: HealthReport } },
      },
      // Never cached: a stale "ok" from a proxy would hide an outage.
      async () => ok(await checkHealth(getExecutor()), { headers: { 'cache-control': 'no-store' }, etag: null }),
    ),
  ],
});
