/**
 * Websites and pages through the local HTTP API: the generic CRUD behaviour
 * (ids, ETags, conflicts, validation, pages, filters, one Data API call per
 * request) on a real migrated database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';
import type { Page, Problem } from '../../support/types.js';

type Website = { id: string; website_id: string; website_name: string; property_id: string | null; updated_at: string };

let api: TestApi;
let propertyId: string;
beforeAll(async () => {
  api = await startTestApi();
  const { rows } = await api.db.pool.query<{ id: string }>(`INSERT INTO property.properties (name) VALUES ('Villa Azul') RETURNING id`);
  propertyId = rows[0]!.id;
});
afterAll(async () => {
  await api.stop();
});

async function createSite(name: string, extra: Record<string, unknown> = {}): Promise<Website> {
  const response = await api.request<Website>('POST', '/v1/websites', { as: 'marketer', body: { website_name: name, ...extra } });
  expect(response.status).toBe(201);
  return response.body;
}

describe('websites', () => {
  it('creates with a business ID and defaults, and reads back by uuid or business ID with an ETag', async () => {
    const site = await createSite('Villa Azul', { property_id: propertyId, domain: 'villa-azul.example' });
    expect(site.website_id).toMatch(/^WEB-\d{6}$/);
    expect(site).toMatchObject({ property_id: propertyId, status: 'active' });
    const byUuid = await api.request<Website>('GET', `/v1/websites/${site.id}`, { as: 'viewer' });
    const byBusinessId = await api.request<Website>('GET', `/v1/websites/${site.website_id}`, { as: 'viewer' });
    expect(byUuid.status).toBe(200);
    expect(byBusinessId.body).toEqual(byUuid.body);
    expect(byUuid.headers.get('etag')).toMatch(/^"v\./);
    expect(byBusinessId.headers.get('etag')).toBe(byUuid.headers.get('etag'));
  });

  it('answers 404 for unknown and malformed ids', async () => {
    for (const id of ['0190a5f0-0000-7000-8000-000000000000', 'WEB-999999', 'not-an-id']) {
      const response = await api.request<Problem>('GET', `/v1/websites/${id}`, { as: 'viewer' });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    }
  });

  it('updates with If-Match and refuses a stale ETag with 412, changing nothing', async () => {
    const site = await createSite('Casa Sol');
    const read = await api.request('GET', `/v1/websites/${site.id}`);
    const etag = read.headers.get('etag')!;
    const first = await api.request<Website>('PATCH', `/v1/websites/${site.id}`, {
      as: 'marketer',
      body: { website_name: 'Casa Sol Resort' },
      headers: { 'if-match': etag },
    });
    expect(first.status).toBe(200);
    expect(first.body.website_name).toBe('Casa Sol Resort');
    expect(first.headers.get('etag')).not.toBe(etag);
    const stale = await api.request<Problem>('PATCH', `/v1/websites/${site.id}`, {
      as: 'marketer',
      body: { website_name: 'Overwritten' },
      headers: { 'if-match': etag },
    });
    expect(stale.status).toBe(412);
    const after = await api.request<Website>('GET', `/v1/websites/${site.id}`);
    expect(after.body.website_name).toBe('Casa Sol Resort');
  });

  it('rejects bad fields with 422 and field paths, and writes nothing', async () => {
    const before = await api.db.pool.query('SELECT count(*)::int AS n FROM marketing.websites');
    const response = await api.request<Problem>('POST', '/v1/websites', {
      as: 'marketer',
      body: { website_name: '', property_id: 'nope', colour: 'blue' },
    });
    expect(response.status).toBe(422);
    expect(response.body.errors?.map((e) => e.path).sort()).toEqual(['body.colour', 'body.property_id', 'body.website_name']);
    const after = await api.db.pool.query('SELECT count(*)::int AS n FROM marketing.websites');
    expect(after.rows[0].n).toBe(before.rows[0].n);
    const empty = await api.request<Problem>('PATCH', '/v1/websites/WEB-010001', { as: 'marketer', body: {} });
    expect(empty.status).toBe(422);
  });

  it('answers 409 naming the constraint when a property does not exist', async () => {
    const response = await api.request<Problem>('POST', '/v1/websites', {
      as: 'marketer',
      body: { website_name: 'Ghost', property_id: '0190a5f0-0000-7000-8000-000000000001' },
    });
    expect(response.status).toBe(409);
    expect(response.body.detail).toMatch(/property/);
  });

  it('keeps roles: viewers cannot write, marketers cannot delete, admins can', async () => {
    const site = await createSite('Delete me');
    expect((await api.request('POST', '/v1/websites', { as: 'viewer', body: { website_name: 'x' } })).status).toBe(403);
    expect((await api.request('DELETE', `/v1/websites/${site.id}`, { as: 'marketer' })).status).toBe(403);
    expect((await api.request('DELETE', `/v1/websites/${site.id}`, { as: 'admin', headers: { 'if-match': '"v.c3RhbGU"' } })).status).toBe(412);
    expect((await api.request('DELETE', `/v1/websites/${site.id}`, { as: 'admin' })).status).toBe(204);
    expect((await api.request('GET', `/v1/websites/${site.id}`)).status).toBe(404);
    expect((await api.request('DELETE', `/v1/websites/${site.id}`, { as: 'admin' })).status).toBe(404);
  });

  it('pages through every website without gaps or repeats, and filters', async () => {
    for (let i = 0; i < 11; i++) await createSite(`Paged ${String(i).padStart(2, '0')}`, { platform: i % 2 ? 'webflow' : 'wordpress' });
    const expected = (await api.db.pool.query<{ website_id: string }>('SELECT website_id FROM marketing.websites ORDER BY website_id')).rows.map(
      (r) => r.website_id,
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/v1/websites?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const response: { status: number; body: Page<Website> } = await api.request<Page<Website>>('GET', query, { as: 'viewer' });
      expect(response.status).toBe(200);
      seen.push(...response.body.data.map((w) => w.website_id));
      cursor = response.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual(expected);
    const filtered = await api.request<Page<Website & { platform: string }>>('GET', '/v1/websites?platform=eq.webflow&website_name=like.Paged*', {
      as: 'viewer',
    });
    expect(filtered.body.data).toHaveLength(5);
    expect(filtered.body.data.every((w) => w.platform === 'webflow')).toBe(true);
  });
});

describe('website pages', () => {
  it('creates pages under a site (by business ID), refuses a duplicate path with 409, lists per site', async () => {
    const site = await createSite('Pages site');
    const create = (path: string) =>
      api.request<{ id: string; website_id: string; meta_keywords: string[] }>('POST', `/v1/websites/${site.website_id}/pages`, {
        as: 'marketer',
        body: { page_path: path, page_title: `Page ${path}`, meta_keywords: ['beach, sea', 'villa "blue"'] },
      });
    const about = await create('/about');
    expect(about.status).toBe(201);
    expect(about.body.website_id).toBe(site.id);
    expect(about.body.meta_keywords).toEqual(['beach, sea', 'villa "blue"']);
    await create('/rooms');
    const duplicate = await api.request<Problem>('POST', `/v1/websites/${site.id}/pages`, {
      as: 'marketer',
      body: { page_path: '/about', page_title: 'Again' },
    });
    expect(duplicate.status).toBe(409);
    const list = await api.request<Page<{ page_path: string }>>('GET', `/v1/websites/${site.id}/pages`, { as: 'viewer' });
    expect(list.body.data.map((p) => p.page_path)).toEqual(['/about', '/rooms']);
    const other = await createSite('Other site');
    const wrongParent = await api.request('GET', `/v1/websites/${other.id}/pages/${about.body.id}`, { as: 'viewer' });
    expect(wrongParent.status).toBe(404);
    const tagged = await api.request<Page<{ page_path: string }>>(
      'GET',
      `/v1/websites/${site.id}/pages?meta_keywords=cs.{"beach, sea"}`,
      { as: 'viewer' },
    );
    expect(tagged.body.data).toHaveLength(2);
  });

  it('404s a page created under a website that does not exist', async () => {
    const response = await api.request('POST', '/v1/websites/WEB-999999/pages', {
      as: 'marketer',
      body: { page_path: '/x', page_title: 'X' },
    });
    expect(response.status).toBe(404);
  });

  it('serves every CRUD request with exactly one Data API call', async () => {
    const site = await createSite('Counted');
    const calls = async (method: string, path: string, body?: unknown) => {
      api.dataApiCalls.length = 0;
      const response = await api.request<{ id?: string }>(method, path, { as: 'admin', body });
      expect(response.status).toBeLessThan(300);
      return { calls: [...api.dataApiCalls], body: response.body };
    };
    const created = await calls('POST', `/v1/websites/${site.id}/pages`, { page_path: '/counted', page_title: 'C' });
    expect(created.calls).toEqual(['Execute']);
    const id = created.body.id!;
    expect((await calls('GET', `/v1/websites/${site.id}/pages/${id}`)).calls).toEqual(['Execute']);
    expect((await calls('GET', `/v1/websites/${site.id}/pages`)).calls).toEqual(['Execute']);
    expect((await calls('PATCH', `/v1/websites/${site.id}/pages/${id}`, { page_views: 10 })).calls).toEqual(['Execute']);
    expect((await calls('DELETE', `/v1/websites/${site.id}/pages/${id}`)).calls).toEqual(['Execute']);
    expect((await calls('GET', '/v1/websites')).calls).toEqual(['Execute']);
  });
});
