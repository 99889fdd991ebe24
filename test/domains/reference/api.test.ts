import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

type Page = { data: Array<Record<string, unknown> & { code: string }>; next_cursor: string | null };

async function checkValues(column: string, table: string, constraint: string): Promise<string[]> {
  const { rows } = await api.db.pool.query<{ def: string }>(
    `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = $1::regclass AND conname = $2`,
    [table, constraint],
  );
  const def = rows[0]?.def ?? '';
  expect(def).toContain(column);
  return [...def.matchAll(/'([^']+)'::text/g)].map((m) => m[1] ?? '');
}

describe('reference API', () => {
  it.each([
    ['content-types', 'content_type', 'marketing.content', 'content_content_type_check'],
    ['social-platforms', 'platform', 'marketing.social_accounts', 'social_accounts_platform_check'],
    ['campaign-types', 'campaign_type', 'marketing.campaigns', 'campaigns_campaign_type_check'],
  ])('lists %s with exactly the codes the %s CHECK allows', async (resource, column, table, constraint) => {
    const response = await api.request<Page>('GET', `/v1/reference/${resource}`, { as: 'viewer' });
    expect(response.status).toBe(200);
    expect(response.body.next_cursor).toBeNull();
    const allowed = await checkValues(column, table, constraint);
    expect(allowed.length).toBeGreaterThan(0);
    expect([...response.body.data.map((r) => r.code)].sort()).toEqual([...allowed].sort());
  });

  it('returns segment criteria with their operators', async () => {
    const response = await api.request<Page>('GET', '/v1/reference/segment-criteria', { as: 'viewer' });
    expect(response.status).toBe(200);
    expect(response.body.data.length).toBeGreaterThan(3);
    for (const row of response.body.data) expect(Array.isArray(row.operators)).toBe(true);
  });

  it('pages with a cursor without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `limit=2&order=code.asc${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const response: { body: Page; status: number } = await api.request<Page>('GET', `/v1/reference/content-types?${query}`, { as: 'viewer' });
      expect(response.status).toBe(200);
      seen.push(...response.body.data.map((r) => r.code));
      cursor = response.body.next_cursor;
      pages++;
    } while (cursor && pages < 20);
    expect(pages).toBe(4);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(8);
  });

  it('filters on declared columns and refuses unknown ones with field paths', async () => {
    const filtered = await api.request<Page>('GET', '/v1/reference/content-types?code=in.(blog,guide)', { as: 'viewer' });
    expect(filtered.body.data.map((r) => r.code).sort()).toEqual(['blog', 'guide']);
    const bad = await api.request<{ errors: Array<{ path: string }> }>('GET', '/v1/reference/content-types?colour=eq.red&limit=0', {
      as: 'viewer',
    });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(bad.body.errors.map((e) => e.path).sort()).toEqual(['query.colour', 'query.limit']);
  });

  it('gets one entry by code with an ETag, and 404s for an unknown code', async () => {
    const one = await api.request<{ code: string }>('GET', '/v1/reference/campaign-types/email', { as: 'viewer' });
    expect(one.status).toBe(200);
    expect(one.body.code).toBe('email');
    expect(one.headers.get('etag')).toBeTruthy();
    const missing = await api.request<{ status: number }>('GET', '/v1/reference/campaign-types/telegram', { as: 'viewer' });
    expect(missing.status).toBe(404);
    expect(missing.body.status).toBe(404);
  });

  it('needs a token, and answers each read with one Data API call', async () => {
    expect((await api.request('GET', '/v1/reference/content-types', { as: null })).status).toBe(401);
    api.dataApiCalls.length = 0;
    await api.request('GET', '/v1/reference/social-platforms', { as: 'viewer' });
    await api.request('GET', '/v1/reference/social-platforms/instagram', { as: 'viewer' });
    expect(api.dataApiCalls).toEqual(['Execute', 'Execute']);
  });
});

describe('health', () => {
  it('answers readiness with one Data API call', async () => {
    api.dataApiCalls.length = 0;
    const response = await api.request<{ migrations: unknown[] }>('GET', '/v1/health/ready', { as: 'viewer' });
    expect(response.status).toBe(200);
    expect(response.body.migrations.length).toBeGreaterThan(10);
    expect(api.dataApiCalls).toEqual(['Execute']);
  });
});
