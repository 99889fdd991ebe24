/**
 * The local Data API and the local HTTP API keep an idle keep-alive connection
 * open past Node's 5 s default, so a client reusing it after a pause is not
 * raced by the server's close (which, under load, ended as ECONNRESET: a 500
 * through the SDK, or a failed fetch).
 */
import { request, Agent } from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalDataApi, type LocalDataApi } from '../../local/data-api/index.js';
import { startLocalHttpApi, type LocalHttpApi } from '../../local/http-api/index.js';
import { IDLE_CONNECTION_MS } from '../../local/idle-connections.js';
import { databaseUrl } from '../support/db.js';

let dataApi: LocalDataApi;
let httpApi: LocalHttpApi;
beforeAll(async () => {
  dataApi = await startLocalDataApi({ connectionStringFor: databaseUrl });
  httpApi = await startLocalHttpApi({
    gateway: [{ method: 'GET', path: '/v1/ping', domain: 'ping', auth: 'none' }],
    routes: [],
    jwt: { key: new Uint8Array(32), issuer: 'test', audience: 'test' },
    loadHandler: async () => async () => ({ statusCode: 200, body: '{}' }),
  });
});
afterAll(async () => {
  await httpApi?.stop();
  await dataApi?.stop();
});

/** One request on a keep-alive agent; resolves with the socket it used once the response has been read. */
function once(agent: Agent, url: string, method: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, method }, (res) => {
      res.resume();
      res.on('end', () => resolve(req.socket as Socket));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('idle keep-alive connections of the local servers', () => {
  it('stay open well past 5 s, and the next request reuses them', async () => {
    expect(IDLE_CONNECTION_MS).toBeGreaterThanOrEqual(60_000);
    for (const [url, method] of [
      [`${dataApi.endpoint}/Unknown`, 'POST'],
      [`${httpApi.url}/v1/ping`, 'GET'],
    ] as const) {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const first = await once(agent, url, method);
      let closedBy = '';
      first.once('close', () => (closedBy = 'server'));
      // Node's default keepAliveTimeout (5 s) would have closed it by now.
      await new Promise((r) => setTimeout(r, 6_000));
      expect(closedBy, url).toBe('');
      expect(await once(agent, url, method)).toBe(first);
      agent.destroy();
    }
  }, 30_000);
});
