/**
 * A 409 from a unique or exclusion constraint names the fields the client
 * sent, by the names it used: a body field, or `params.<name>` for what came
 * from the URL; never a column it did not send. One case per kind, through
 * the local HTTP API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';
import type { Problem } from '../support/types.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

const paths = (problem: Problem) => (problem.errors ?? []).map((e) => e.path);

async function newSite(name: string): Promise<{ id: string; website_id: string }> {
  const made = await api.request<{ id: string; website_id: string }>('POST', '/v1/websites', { as: 'marketer', body: { website_name: name } });
  expect(made.status).toBe(201);
  return made.body;
}

describe('409 paths name what the client sent', () => {
  it('a column from the URL (the parent) is params.<name>; the body field keeps its name (create, either form of the parent)', async () => {
    const site = await newSite('Conflicts');
    const page = { page_path: '/about', page_title: 'About' };
    expect((await api.request('POST', `/v1/websites/${site.id}/pages`, { as: 'marketer', body: page })).status).toBe(201);
    for (const parent of [site.id, site.website_id]) {
      const again = await api.request<Problem>('POST', `/v1/websites/${parent}/pages`, { as: 'marketer', body: page });
      expect(again.status).toBe(409);
      expect(paths(again.body)).toEqual(['params.websiteId', 'body.page_path']);
      expect(again.body.detail).toMatch(/^A record with the same websiteId \(in the path\), page_path already exists/);
    }
  });

  it('PATCH names the field it changed and the parent in its URL, not the row\'s other columns', async () => {
    const site = await newSite('Patch conflicts');
    await api.request('POST', `/v1/websites/${site.id}/pages`, { as: 'marketer', body: { page_path: '/taken', page_title: 'Taken' } });
    const other = await api.request<{ id: string }>('POST', `/v1/websites/${site.id}/pages`, { as: 'marketer', body: { page_path: '/free', page_title: 'Free' } });
    const moved = await api.request<Problem>('PATCH', `/v1/websites/${site.website_id}/pages/${other.body.id}`, { as: 'marketer', body: { page_path: '/taken' } });
    expect(moved.status).toBe(409);
    expect(paths(moved.body)).toEqual(['params.websiteId', 'body.page_path']);
  });

  it('a column filled from a body field of another name is named by that field (gallery: asset_id, not library_asset_id)', async () => {
    const property = (await api.db.pool.query<{ id: string }>(`INSERT INTO property.properties (name) VALUES ('Villa') RETURNING id`)).rows[0]!.id;
    const asset = (await api.db.pool.query<{ id: string; asset_id: string }>(
      `INSERT INTO marketing.content_library (filename, asset_type, file_url) VALUES ('a.jpg', 'image', 's3://b/a') RETURNING id, asset_id`,
    )).rows[0]!;
    expect((await api.request('POST', `/v1/properties/${property}/assets`, { as: 'marketer', body: { asset_id: asset.id } })).status).toBe(201);
    const twice = await api.request<Problem>('POST', `/v1/properties/${property}/assets`, { as: 'marketer', body: { asset_id: asset.asset_id } });
    expect(twice.status).toBe(409);
    expect(paths(twice.body)).toEqual(['params.propertyId', 'body.asset_id']);
    expect(twice.body.detail).toMatch(/^A record with the same propertyId \(in the path\), asset_id already exists/);
  });

  it('a create-only column fixed on the row is not named on PATCH; the parent in the URL is', async () => {
    const pain = (await api.db.pool.query<{ id: string }>(`SELECT id FROM public.mkt_ndp_categories WHERE code = 'pain'`)).rows[0]!.id;
    const topic = await api.request<{ id: string }>('POST', '/v1/mkt/ndp-topics', { as: 'marketer', body: { category_id: pain, title: 'Twice', icp_statement: 'Twice.' } });
    expect(topic.status).toBe(201);
    const segments = (await api.db.pool.query<{ id: string }>(`SELECT id FROM public.mkt_segments ORDER BY code LIMIT 2`)).rows.map((r) => r.id);
    const link = (segment: string) => api.request<Problem & { id: string }>('POST', `/v1/mkt/ndp-topics/${topic.body.id}/segments`, { as: 'marketer', body: { segment_id: segment } });
    expect((await link(segments[0]!)).status).toBe(201);
    const again = await link(segments[0]!);
    expect(again.status).toBe(409);
    expect(paths(again.body)).toEqual(['params.topicId', 'body.segment_id']);
  });

  it('a unique expression index (lower(email)) names the body field', async () => {
    const create = (email: string) => api.request<Problem>('POST', '/v1/mkt/persona-contacts', { as: 'marketer', body: { email } });
    expect((await create('Ana@Example.com')).status).toBe(201);
    const same = await create('ana@example.com');
    expect(same.status).toBe(409);
    expect(paths(same.body)).toEqual(['body.email']);
  });

  it('a top-level unique column sent in the body is that body field', async () => {
    const tag = (slug: string) => api.request<Problem>('POST', '/v1/mkt/tags', { as: 'marketer', body: { name: `Tag ${slug}`, slug } });
    expect((await tag('summer')).status).toBe(201);
    const dup = await tag('summer');
    expect(dup.status).toBe(409);
    expect(paths(dup.body)).toEqual(['body.slug']);
  });
});
