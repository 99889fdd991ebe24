/**
 * NDP research through the local HTTP API: the six seeded categories, topic
 * CRUD with MNDP codes, topic -> segment links, and topic lists filtered by
 * category and by linked segment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';
import { idByCode } from '../../support/mkt-fixtures.js';
import type { Problem } from '../../support/types.js';

type Topic = { id: string; topic_code: string; title: string; status: string; intensity: number | null; category_id: string };
type Link = { id: string; ndp_topic_id: string; segment_id: string; relevance: number };
type Page<T> = { data: T[]; next_cursor: string | null };

let api: TestApi;
let pain: string;
let fear: string;
beforeAll(async () => {
  api = await startTestApi();
  pain = await idByCode(api.db.pool, 'mkt_ndp_categories', 'pain');
  fear = await idByCode(api.db.pool, 'mkt_ndp_categories', 'fear');
});
afterAll(async () => {
  await api.stop();
});

async function createTopic(body: Record<string, unknown>): Promise<Topic> {
  const response = await api.request<Topic>('POST', '/v1/mkt/ndp-topics', {
    as: 'marketer',
    body: { category_id: pain, title: 'Night calls', icp_statement: 'Guests call me at 2am.', ...body },
  });
  expect(response.status).toBe(201);
  return response.body;
}

describe('NDP categories', () => {
  it('serves the six seeded categories, one by code, 404 for another', async () => {
    const list = await api.request<Page<{ code: string }>>('GET', '/v1/mkt/ndp-categories', { as: 'viewer' });
    expect(list.body.data.map((c) => c.code).sort()).toEqual(['buying_trigger', 'desire', 'fear', 'need', 'objection', 'pain']);
    const one = await api.request<{ id: string; name: string }>('GET', '/v1/mkt/ndp-categories/buying_trigger', { as: 'viewer' });
    expect(one.body.name).toBe('Buying Trigger');
    expect((await api.request('GET', '/v1/mkt/ndp-categories/hope')).status).toBe(404);
  });
});

describe('NDP topics', () => {
  it('creates with an MNDP code, reads by code, updates with If-Match and deletes as admin', async () => {
    const topic = await createTopic({ intensity: 4, source: 'owner_interview' });
    expect(topic.topic_code).toMatch(/^MNDP-\d{6}$/);
    expect(topic).toMatchObject({ status: 'draft', intensity: 4 });
    const read = await api.request<Topic>('GET', `/v1/mkt/ndp-topics/${topic.topic_code}`, { as: 'viewer' });
    expect(read.body.id).toBe(topic.id);
    const etag = read.headers.get('etag')!;
    const validated = await api.request<Topic>('PATCH', `/v1/mkt/ndp-topics/${topic.id}`, { as: 'marketer', body: { status: 'validated' }, headers: { 'if-match': etag } });
    expect(validated.body.status).toBe('validated');
    expect((await api.request('PATCH', `/v1/mkt/ndp-topics/${topic.id}`, { body: { status: 'archived' }, headers: { 'if-match': etag } })).status).toBe(412);
    expect((await api.request('DELETE', `/v1/mkt/ndp-topics/${topic.id}`)).status).toBe(204);
    expect((await api.request('GET', `/v1/mkt/ndp-topics/${topic.id}`)).status).toBe(404);
  });

  it('refuses bad fields with 422 paths and an unknown category with 409', async () => {
    const bad = await api.request<Problem>('POST', '/v1/mkt/ndp-topics', {
      as: 'marketer',
      body: { category_id: pain, title: 'x', icp_statement: 'y', intensity: 6, source: 'rumour', status: 'done' },
    });
    expect(bad.body.errors?.map((e) => e.path).sort()).toEqual(['body.intensity', 'body.source', 'body.status']);
    const missing = await api.request<Problem>('POST', '/v1/mkt/ndp-topics', { as: 'marketer', body: { title: 'x' } });
    expect(missing.body.errors?.map((e) => e.path).sort()).toEqual(['body.category_id', 'body.icp_statement']);
    const unknown = await api.request<Problem>('POST', '/v1/mkt/ndp-topics', {
      as: 'marketer',
      body: { category_id: '0190a5f0-0000-7000-8000-000000000000', title: 'x', icp_statement: 'y' },
    });
    expect(unknown.status).toBe(409);
    expect(unknown.body.errors?.map((e) => e.path)).toEqual(['body.category_id']);
  });

  it('filters by category and by linked segment (code or uuid), paging in one call', async () => {
    const owners = await idByCode(api.db.pool, 'mkt_segments', 'managed_owners');
    const a = await createTopic({ title: 'Filter A', category_id: fear });
    const b = await createTopic({ title: 'Filter B', category_id: fear });
    await createTopic({ title: 'Filter C', category_id: pain });
    const link = await api.request<Link>('POST', `/v1/mkt/ndp-topics/${b.topic_code}/segments`, { as: 'marketer', body: { segment_id: owners, relevance: 5 } });
    expect(link.status).toBe(201);
    const byCategory = await api.request<Page<Topic>>('GET', '/v1/mkt/ndp-topics?category=fear', { as: 'viewer' });
    expect(byCategory.body.data.map((t) => t.title)).toEqual(['Filter B', 'Filter A']);
    const byUuid = await api.request<Page<Topic>>(`GET`, `/v1/mkt/ndp-topics?category=${fear}&limit=1`);
    expect(byUuid.body.data.map((t) => t.id)).toEqual([b.id]);
    const next = await api.request<Page<Topic>>(`GET`, `/v1/mkt/ndp-topics?category=${fear}&limit=1&cursor=${byUuid.body.next_cursor}`);
    expect(next.body.data.map((t) => t.id)).toEqual([a.id]);
    api.dataApiCalls.length = 0;
    const bySegment = await api.request<Page<Topic>>('GET', '/v1/mkt/ndp-topics?segment=managed_owners&category=fear&title=like.Filter*');
    expect(api.dataApiCalls).toEqual(['Execute']);
    expect(bySegment.body.data.map((t) => t.id)).toEqual([b.id]);
    expect((await api.request<Page<Topic>>('GET', '/v1/mkt/ndp-topics?segment=nobody')).body.data).toEqual([]);
    const bad = await api.request<Problem>('GET', '/v1/mkt/ndp-topics?segment=Bad Code&colour=red');
    expect(bad.body.errors?.map((e) => e.path).sort()).toEqual(['query.colour', 'query.segment']);
  });
});

describe('topic -> segment links', () => {
  it('links, lists, re-weights and unlinks; a second link to the same segment is 409', async () => {
    const topic = await createTopic({ title: 'Linked' });
    const investors = await idByCode(api.db.pool, 'mkt_segments', 'property_investors');
    const created = await api.request<Link>('POST', `/v1/mkt/ndp-topics/${topic.id}/segments`, { as: 'marketer', body: { segment_id: investors } });
    expect(created.body).toMatchObject({ ndp_topic_id: topic.id, segment_id: investors, relevance: 3 });
    const twice = await api.request('POST', `/v1/mkt/ndp-topics/${topic.id}/segments`, { as: 'marketer', body: { segment_id: investors } });
    expect(twice.status).toBe(409);
    const list = await api.request<Page<Link>>('GET', `/v1/mkt/ndp-topics/${topic.topic_code}/segments`, { as: 'viewer' });
    expect(list.body.data.map((l) => l.id)).toEqual([created.body.id]);
    const reweighted = await api.request<Link>('PATCH', `/v1/mkt/ndp-topics/${topic.id}/segments/${created.body.id}`, { as: 'marketer', body: { relevance: 1 } });
    expect(reweighted.body.relevance).toBe(1);
    const fixed = await api.request<Problem>('PATCH', `/v1/mkt/ndp-topics/${topic.id}/segments/${created.body.id}`, { as: 'marketer', body: { segment_id: investors } });
    expect(fixed.body.errors?.map((e) => e.path)).toEqual(['body.segment_id']);
    expect((await api.request('DELETE', `/v1/mkt/ndp-topics/${topic.id}/segments/${created.body.id}`, { as: 'marketer' })).status).toBe(204);
    // One rule for nested lists: under an unknown parent, a read is a 404 like a write.
    expect((await api.request<Page<Link>>('GET', `/v1/mkt/ndp-topics/MNDP-999999/segments`)).status).toBe(404);
    expect((await api.request('POST', `/v1/mkt/ndp-topics/MNDP-999999/segments`, { as: 'marketer', body: { segment_id: investors } })).status).toBe(404);
    const noSegment = await api.request<Problem>('POST', `/v1/mkt/ndp-topics/${topic.id}/segments`, { as: 'marketer', body: { relevance: 9 } });
    expect(noSegment.body.errors?.map((e) => e.path).sort()).toEqual(['body.relevance', 'body.segment_id']);
  });
});
