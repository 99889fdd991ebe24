/**
 * The health domain: liveness for anonymous uptime probes, readiness for
 * callers with a token.
 *
 * Liveness (`GET /v1/health`, public) answers from the function alone: no
 * database call, so a probe (or anyone) can neither resume a paused cluster
 * nor read deploy times. Readiness (`GET /v1/health/ready`, bearer token)
 * reads the migration ledger: the database answers and which schema files
 * are applied. Readiness needs a token rather than a cached anonymous check,
 * because any anonymous check that ever reaches the database (once per cache
 * period per container) still lets a stranger keep a paused cluster awake.
 */
import { getExecutor } from '../platform/db/index.js';
import { defineDomain } from '../platform/http/domain.js';
import { ok } from '../platform/http/result.js';
import { route } from '../platform/http/route.js';
import { HealthReport, Liveness } from './schemas.js';
import { checkReadiness } from './service.js';

// Never cached: a stale "ok" from a proxy would hide an outage.
const noStore = { headers: { 'cache-control': 'no-store' }, etag: null } as const;

export const healthApi = defineDomain({
  name: 'health',
  description: 'Liveness (public, no database) and readiness (token: database reachability and applied migrations)',
  mounts: ['/v1/health'],
  // No lists, no tokens: it never signs. Reads the migration ledger only: the read-only database role.
  access: { signingSecret: false, database: 'read' },
  routes: [
    route(
      {
        method: 'GET',
        path: '/v1/health',
        auth: 'none',
        operationId: 'getHealth',
        etag: false,
        publicBecause: 'Liveness for uptime probes: answers from the function alone (no database call), with no data and no deploy times.',
        summary: 'Liveness: the API answers (no database call)',
        tags: ['health'],
        responses: { 200: { description: 'The API is up.', schema: Liveness } },
      },
      () => Promise.resolve(ok({ status: 'ok' } satisfies Liveness, noStore)),
    ),
    route(
      {
        method: 'GET',
        path: '/v1/health/ready',
        auth: 'jwt',
        role: 'viewer',
        operationId: 'getReadiness',
        etag: false,
        summary: 'Readiness: the database answers, and the applied schema migrations',
        tags: ['health'],
        responses: { 200: { description: 'The API and its database are up.', schema: HealthReport } },
      },
      async () => ok(await checkReadiness(getExecutor()), noStore),
    ),
  ],
});
