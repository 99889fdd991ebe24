/**
 * The local API Gateway stops waiting for a function as the HTTP API does
 * (30 s, the integration maximum): the client gets 503 Service Unavailable
 * while the function runs on, rather than a connection held for Node's
 * 300 s request timeout. Shortened here to 150 ms.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { GatewayRoute } from '../../lambdas/platform/route-table.js';
import { INTEGRATION_TIMEOUT_MS, startLocalHttpApi, type LocalHttpApi } from '../../local/http-api/index.js';

const gateway: GatewayRoute[] = [
  { method: 'GET', path: '/v1/slow', domain: 'slow', auth: 'none' },
  { method: 'GET', path: '/v1/quick', domain: 'slow', auth: 'none' },
];

let api: LocalHttpApi;
const lines: string[] = [];
let finished = 0;
beforeAll(async () => {
  api = await startLocalHttpApi({
    gateway,
    routes: [],
    jwt: { key: new Uint8Array(32), issuer: 'test', audience: 'test' },
    integrationTimeoutMs: 150,
    loadHandler: async () => async (event) => {
      if (event.rawPath === '/v1/slow') {
        await new Promise((r) => setTimeout(r, 600));
        finished += 1;
        throw new Error('failed late');
      }
      return { statusCode: 200, body: '{"ok":true}' };
    },
    log: (line) => lines.push(line),
  });
});
afterAll(async () => {
  await api.stop();
});

describe('the integration timeout of the local HTTP API', () => {
  it('is the HTTP API maximum, 30 s, by default', () => {
    expect(INTEGRATION_TIMEOUT_MS).toBe(30_000);
  });

  it('answers 503 {"message":"Service Unavailable"} when the function takes longer, and the function runs on', async () => {
    const response = await fetch(`${api.url}/v1/slow`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ message: 'Service Unavailable' });
    // Answered before the function finished: it is still running.
    expect(finished).toBe(0);
    await vi.waitFor(() => expect(finished).toBe(1), { timeout: 5_000 });
    await vi.waitFor(() => expect(lines).toContain('handler failed after the integration timeout: failed late'));
    expect(lines.some((l) => l.startsWith('GET /v1/slow 503'))).toBe(true);
  });

  it('answers a function within the timeout as usual', async () => {
    const response = await fetch(`${api.url}/v1/quick`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });
});
