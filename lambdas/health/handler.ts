import { getExecutor } from '../platform/db/index.js';
import { createDomainHandler, ok } from '../platform/http/index.js';
import { checkHealth } from './service.js';

export const handler = createDomainHandler('health', {
  // Never cached: a stale "ok" from a proxy would hide an outage.
  getHealth: async () => ok(await checkHealth(getExecutor()), { headers: { 'cache-control': 'no-store' }, etag: null }),
});
