/** The local API's request log never prints a path that is itself a credential, nor query strings. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayRoute } from '../../lambdas/platform/route-table.js';
import { startLocalHttpApi, type LocalHttpApi } from '../../local/http-api/index.js';

const gateway: GatewayRoute[] = [
  {
    method: 'GET',
    path: '/v1/secret-feeds/{token}',
    domain: 'feeds',
    auth: 'signature',
  },
  {
    method: 'GET',
    path: '/v1/open-things',
    domain: 'feeds',
    auth: 'none',
  },
];

let api: LocalHttpApi;
const lines: string[] = [];
beforeAll(async () => {
  api = await startLocalHttpApi({
    gateway,
    routes: [],
    jwt: { key: new Uint8Array(32), issuer: 'test', audience: 'test' },
    loadHandler: async () => async () => ({ statusCode: 200, body: '{}' }),
    log: (line) => lines.push(line),
  });
});
afterAll(async () => {
  await api.stop();
});

describe('local HTTP API request log', () => {
  it('names credential paths by their route template and drops query strings', async () => {
    expect((await fetch(`${api.url}/v1/secret-feeds/s3cr3t-token.ics`)).status).toBe(200);
    expect((await fetch(`${api.url}/v1/open-things?cursor=abc&limit=5`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 20));
    expect(lines.some((l) => l.startsWith('GET /v1/secret-feeds/{token} 200'))).toBe(true);
    expect(lines.some((l) => l.startsWith('GET /v1/open-things 200'))).toBe(true);
    expect(lines.join('\n')).not.toMatch(/s3cr3t|cursor=/);
  });
});
