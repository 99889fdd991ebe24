/**
 * The Graph API stand-in itself enforces the documented flow, so the
 * publisher tests cannot pass against a lenient fake: token checks (104,
 * 190, 190/463), Graph-shaped error bodies, a container publishable only
 * once FINISHED, the 50 per rolling 24 h limit, and the version in the path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphStandIn, type GraphStandIn } from '../../local/stand-ins/graph-api.js';

let graph: GraphStandIn;
const TOKEN = 'EAAG-standin-tok';

beforeAll(async () => {
  graph = await startGraphStandIn({ processingPolls: 1 });
  graph.addToken(TOKEN);
});
afterAll(async () => {
  await graph.stop();
});

type GraphError = { error: { message: string; type: string; code: number; error_subcode?: number; fbtrace_id: string } };

async function call<T = Record<string, unknown>>(method: string, path: string, params: Record<string, string> = {}, token: string | null = TOKEN) {
  const query = method === 'GET' ? `?${new URLSearchParams(params).toString()}` : '';
  const response = await fetch(`${graph.url}/${graph.version}/${path}${query}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    ...(method === 'POST' ? { body: new URLSearchParams(params).toString() } : {}),
  });
  return { status: response.status, body: (await response.json()) as T & GraphError };
}

describe('Graph API stand-in', () => {
  it('checks the access token and answers with Graph-shaped errors', async () => {
    const missing = await call('GET', 'ig-1/content_publishing_limit', {}, null);
    expect(missing.body.error.code).toBe(104);
    const unknown = await call('GET', 'ig-1/content_publishing_limit', {}, 'nope');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ type: 'OAuthException', code: 190 });
    expect(unknown.body.error.fbtrace_id).toMatch(/\S+/);
    graph.addToken('EAAG-old');
    graph.expireToken('EAAG-old');
    const expired = await call('GET', 'ig-1/content_publishing_limit', {}, 'EAAG-old');
    expect(expired.body.error).toMatchObject({ type: 'OAuthException', code: 190, error_subcode: 463 });
    const wrongVersion = await fetch(`${graph.url}/v1.0/ig-1/media`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(((await wrongVersion.json()) as GraphError).error.code).toBe(2635);
  });

  it('publishes a container only once it is FINISHED, and only once', async () => {
    expect((await call('POST', 'ig-1/media', { caption: 'no media' })).body.error.code).toBe(100);
    const { body } = await call<{ id: string }>('POST', 'ig-1/media', { image_url: 'https://cdn.example.com/a.jpg', caption: 'Hello' });
    const early = await call('POST', 'ig-1/media_publish', { creation_id: body.id });
    expect(early.body.error).toMatchObject({ code: 9007, error_subcode: 2207027 });
    expect((await call<{ status_code: string }>('GET', body.id, { fields: 'status_code' })).body.status_code).toBe('IN_PROGRESS');
    expect((await call<{ status_code: string }>('GET', body.id, { fields: 'status_code' })).body.status_code).toBe('FINISHED');
    const published = await call<{ id: string }>('POST', 'ig-1/media_publish', { creation_id: body.id });
    expect(published.status).toBe(200);
    expect((await call<{ status_code: string }>('GET', body.id, { fields: 'status_code' })).body.status_code).toBe('PUBLISHED');
    expect((await call('POST', 'ig-1/media_publish', { creation_id: body.id })).body.error.code).toBe(9007);
    expect(graph.publishCalls('ig-1')).toBe(1);
    const medium = await call<{ caption: string; permalink: string }>('GET', published.body.id, { fields: 'caption,permalink' });
    expect(medium.body).toMatchObject({ caption: 'Hello', permalink: expect.stringContaining(published.body.id) });
  });

  it('refuses the 51st publish of a rolling 24 hours and reports the usage', async () => {
    graph.seedPublished('ig-full', 49, 23 * 3_600_000);
    graph.seedPublished('ig-full', 5, 25 * 3_600_000);
    const usage = await call<{ data: Array<{ quota_usage: number; config: { quota_total: number } }> }>('GET', 'ig-full/content_publishing_limit', { fields: 'quota_usage,config' });
    expect(usage.body.data[0]).toMatchObject({ quota_usage: 49, config: { quota_total: 50 } });
    const publishOne = async () => {
      const { body } = await call<{ id: string }>('POST', 'ig-full/media', { image_url: 'https://cdn.example.com/a.jpg' });
      await call('GET', body.id, { fields: 'status_code' });
      await call('GET', body.id, { fields: 'status_code' });
      return call('POST', 'ig-full/media_publish', { creation_id: body.id });
    };
    expect((await publishOne()).status).toBe(200);
    expect((await publishOne()).body.error).toMatchObject({ code: 9, error_subcode: 2207042 });
  });
});
