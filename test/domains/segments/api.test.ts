/**
 * Segment CRUD through the local HTTP API: business ids, ETags, If-Match,
 * validation (criteria included) with field paths, pages and filters, and one
 * Data API call per request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';
import { createSegment, paths, type Page, type Problem, type Segment } from './helpers.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

const vip = { all: [{ field: 'total_stays', op: 'gte', value: 2 }, { field: 'has_email', op: 'is_true' }] };

describe('segments CRUD', () => {
  it('creates a static segment by default, with a SEG id, the author from the token and a zero count', async () => {
    const segment = await createSegment(api, { segment_name: 'Hand-picked' });
    expect(segment.segment_id).toMatch(/^SEG-\d{6}$/);
    expect(segment).toMatchObject({ segment_type: 'static', criteria: null, member_count: 0, status: 'active', created_by: 'test-marketer' });
    const byBusinessId = await api.request<Segment>('GET', `/v1/segments/${segment.segment_id}`, { as: 'viewer' });
    expect(byBusinessId.status).toBe(200);
    expect(byBusinessId.body.id).toBe(segment.id);
    expect(byBusinessId.headers.get('etag')).toBeTruthy();
  });

  it('creates a dynamic segment whose criteria come back as sent', async () => {
    const segment = await createSegment(api, { segment_name: 'VIP', segment_type: 'dynamic', criteria: vip, auto_refresh: true });
    expect(segment).toMatchObject({ segment_type: 'dynamic', criteria: vip, auto_refresh: true });
  });

  it('answers 404 for unknown and malformed ids', async () => {
    for (const id of ['0190a5f0-0000-7000-8000-000000000000', 'SEG-999999', 'nope']) {
      const response = await api.request<Problem>('GET', `/v1/segments/${id}`, { as: 'viewer' });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    }
    const patch = await api.request('PATCH', '/v1/segments/SEG-999999', { as: 'marketer', body: { segment_name: 'x' } });
    expect(patch.status).toBe(404);
  });

  it('updates with If-Match and refuses a stale ETag with 412, changing nothing', async () => {
    const segment = await createSegment(api, { segment_name: 'Before' });
    const etag = (await api.request('GET', `/v1/segments/${segment.id}`)).headers.get('etag')!;
    const first = await api.request<Segment>('PATCH', `/v1/segments/${segment.id}`, {
      as: 'marketer',
      body: { segment_name: 'After' },
      headers: { 'if-match': etag },
    });
    expect(first.status).toBe(200);
    expect(first.body.segment_name).toBe('After');
    const stale = await api.request('PATCH', `/v1/segments/${segment.id}`, { as: 'marketer', body: { segment_name: 'Lost' }, headers: { 'if-match': etag } });
    expect(stale.status).toBe(412);
    expect((await api.request<Segment>('GET', `/v1/segments/${segment.id}`)).body.segment_name).toBe('After');
  });

  it('changes the criteria of a dynamic segment, and refuses criteria on a static one with 422', async () => {
    const dynamic = await createSegment(api, { segment_name: 'Emailable', segment_type: 'dynamic', criteria: { all: [{ field: 'has_email', op: 'is_true' }] } });
    const changed = await api.request<Segment>('PATCH', `/v1/segments/${dynamic.id}`, { as: 'marketer', body: { criteria: vip } });
    expect(changed.status).toBe(200);
    expect(changed.body.criteria).toEqual(vip);

    const fixed = await createSegment(api, { segment_name: 'Static' });
    const refused = await api.request<Problem>('PATCH', `/v1/segments/${fixed.id}`, { as: 'marketer', body: { criteria: vip } });
    expect(refused.status).toBe(422);
    expect(paths(refused.body)).toEqual(['body.criteria']);
    expect((await api.request<Segment>('GET', `/v1/segments/${fixed.id}`)).body.criteria).toBeNull();
  });

  it('rejects bad fields with 422 and paths, and writes nothing', async () => {
    const before = await api.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM marketing.segments');
    const bad = await api.request<Problem>('POST', '/v1/segments', {
      as: 'marketer',
      body: { segment_name: '', segment_type: 'smart', status: 'deleted', colour: 'red' },
    });
    expect(bad.status).toBe(422);
    expect(paths(bad.body)).toEqual(['body.colour', 'body.segment_name', 'body.segment_type', 'body.status']);
    const noCriteria = await api.request<Problem>('POST', '/v1/segments', { as: 'marketer', body: { segment_name: 'D', segment_type: 'dynamic' } });
    expect(paths(noCriteria.body)).toEqual(['body.criteria']);
    const typeIsFixed = await api.request<Problem>('PATCH', '/v1/segments/SEG-010001', { as: 'marketer', body: { segment_type: 'dynamic' } });
    expect(typeIsFixed.status).toBe(422);
    expect(paths(typeIsFixed.body)).toEqual(['body.segment_type']);
    const after = await api.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM marketing.segments');
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('lets viewers read but not write, and only admins delete', async () => {
    expect((await api.request('POST', '/v1/segments', { as: 'viewer', body: { segment_name: 'No' } })).status).toBe(403);
    const segment = await createSegment(api, { segment_name: 'Short-lived' });
    expect((await api.request('DELETE', `/v1/segments/${segment.id}`, { as: 'marketer' })).status).toBe(403);
    expect((await api.request('DELETE', `/v1/segments/${segment.segment_id}`, { as: 'admin' })).status).toBe(204);
    expect((await api.request('GET', `/v1/segments/${segment.id}`)).status).toBe(404);
  });

  it('lists in keyset pages with filters', async () => {
    for (const n of [1, 2, 3]) await createSegment(api, { segment_name: `Paged ${n}`, status: 'inactive' });
    const first = await api.request<Page<Segment>>('GET', '/v1/segments?status=eq.inactive&limit=2&order=segment_id.asc', { as: 'viewer' });
    expect(first.status).toBe(200);
    expect(first.body.data.map((s) => s.segment_name)).toEqual(['Paged 1', 'Paged 2']);
    const second = await api.request<Page<Segment>>('GET', `/v1/segments?status=eq.inactive&limit=2&order=segment_id.asc&cursor=${first.body.next_cursor!}`);
    expect(second.body.data.map((s) => s.segment_name)).toEqual(['Paged 3']);
    expect(second.body.next_cursor).toBeNull();
    const badFilter = await api.request<Problem>('GET', '/v1/segments?member_count=gte.many');
    expect(badFilter.status).toBe(422);
    expect(paths(badFilter.body)).toEqual(['query.member_count']);
  });

  it('costs one Data API call per read, write and list (criteria checks read the reference table once per container)', async () => {
    await createSegment(api, { segment_name: 'Warm-up', segment_type: 'dynamic', criteria: vip });
    const segment = await createSegment(api, { segment_name: 'Counted' });
    const calls = async (method: string, path: string, body?: unknown) => {
      api.dataApiCalls.length = 0;
      const response = await api.request(method, path, { as: 'admin', ...(body ? { body } : {}) });
      expect(response.status).toBeLessThan(300);
      return api.dataApiCalls.length;
    };
    expect(await calls('POST', '/v1/segments', { segment_name: 'One call', segment_type: 'dynamic', criteria: vip })).toBe(1);
    expect(await calls('GET', `/v1/segments/${segment.id}`)).toBe(1);
    expect(await calls('PATCH', `/v1/segments/${segment.id}`, { description: 'x' })).toBe(1);
    expect(await calls('GET', '/v1/segments?limit=5')).toBe(1);
    expect(await calls('DELETE', `/v1/segments/${segment.id}`)).toBe(1);
  });
});
