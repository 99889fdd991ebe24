import { getExecutor } from '../shared/db/index.js';
import { createDomainHandler, ok } from '../shared/http/index.js';
import { checkHealth } from './service.js';

export const handler = createDomainHandler('health', {
  // Never cached: a stale "ok" from a proxy would hide an outage.
  getHealth: async () => ok(await checkHealth(getExecutor()), { headers: { 'cache-control': 'no-store' }, etag: null }),
});
