/**
 * Campaigns through the local HTTP API on a real migrated database: CRUD by
 * uuid or CMP-NNNNNN, the CHECK lists in validation, segment and property
 * links, metrics JSON, ETags and If-Match, pages and filters, and the status
 * workflow, with one Data API call per request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';
import type { Problem } from '../../support/types.js';

type Campaign = {
  id: string;
  campaign_id: string;
  campaign_name: string;
  campaign_type: string;
  status: string;
  property_id: string | null;
  segment_id: string | null;
  budget: string | null;
  start_date: string | null;
  end_date: string | null;
  target_metrics: Record<string, unknown> | null;
  actual_metrics: Record<string, unknown> | null;
  created_by: string | null;
};
type Page<T> = { data: T[]; next_cursor: string | null };

let api: TestApi;
let propertyId: string;
let segmentId: string;
beforeAll(async () => {
  api = await startTestApi();
  const property = await api.db.pool.query<{ id: string }>(`INSERT INTO property.properties (name) VALUES ('Villa Azul') RETURNING id`);
  propertyId = property.rows[0]!.id;
  const segment = await api.db.pool.query<{ id: string }>(`INSERT INTO marketing.segments (segment_name) VALUES ('Past guests') RETURNING id`);
  segmentId = segment.rows[0]!.id;
});
afterAll(async () => {
  await api.stop();
});

async function createCampaign(body: Record<string, unknown> = {}): Promise<Campaign> {
  const response = await api.request<Campaign>('POST', '/v1/campaigns', {
    as: 'marketer',
    body: { campaign_name: 'Summer', campaign_type: 'email', ...body },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

async function count(table: string): Promise<number> {
  const { rows } = await api.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0]!.n;
}

const move = (id: string, status: string, headers: Record<string, string> = {}) =>
  api.request<Campaign | Problem>('POST', `/v1/campaigns/${id}/status`, { as: 'marketer', body: { status }, headers });

describe('campaign CRUD', () => {
  it('creates a draft with a business ID, links, metrics and exact budget, and reads back by uuid or business ID', async () => {
    const campaign = await createCampaign({
      property_id: propertyId,
      segment_id: segmentId,
      budget: '1234.50',
      start_date: '2026-06-01',
      end_date: '2026-06-30',
      target_metrics: { open_rate: 0.35, bookings: 12 },
    });
    expect(campaign.campaign_id).toMatch(/^CMP-\d{6}$/);
    expect(campaign).toMatchObject({
      status: 'draft',
      property_id: propertyId,
      segment_id: segmentId,
      budget: '1234.50',
      start_date: '2026-06-01',
      target_metrics: { open_rate: 0.35, bookings: 12 },
      actual_metrics: null,
      created_by: 'test-marketer',
    });
    const byUuid = await api.request<Campaign>('GET', `/v1/campaigns/${campaign.id}`, { as: 'viewer' });
    const byBusinessId = await api.request<Campaign>('GET', `/v1/campaigns/${campaign.campaign_id}`, { as: 'viewer' });
    expect(byUuid.status).toBe(200);
    expect(byBusinessId.body).toEqual(byUuid.body);
    expect(byUuid.headers.get('etag')).toMatch(/^"v\./);
  });

  it('updates fields and metrics, and clears a link', async () => {
    const campaign = await createCampaign({ segment_id: segmentId });
    const patched = await api.request<Campaign>('PATCH', `/v1/campaigns/${campaign.id}`, {
      as: 'marketer',
      body: { actual_metrics: { sent: 100, opened: 40 }, segment_id: null, campaign_type: 'multi_channel' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ actual_metrics: { sent: 100, opened: 40 }, segment_id: null, campaign_type: 'multi_channel' });
  });

  it('rejects values outside the CHECK lists, bad types and unknown fields with 422 and paths, writing nothing', async () => {
    const before = await count('marketing.campaigns');
    const response = await api.request<Problem>('POST', '/v1/campaigns', {
      as: 'marketer',
      body: { campaign_name: '', campaign_type: 'fax', budget: '1.234', status: 'active', target_metrics: [1], colour: 'red' },
    });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    expect(response.body.errors?.map((e) => e.path).sort()).toEqual([
      'body.budget',
      'body.campaign_name',
      'body.campaign_type',
      'body.colour',
      'body.status',
      'body.target_metrics',
    ]);
    const dates = await api.request<Problem>('POST', '/v1/campaigns', {
      as: 'marketer',
      body: { campaign_name: 'Backwards', campaign_type: 'sms', start_date: '2026-06-30', end_date: '2026-06-01' },
    });
    expect(dates.status).toBe(422);
    expect(dates.body.errors?.map((e) => e.path)).toEqual(['body.end_date']);
    expect(await count('marketing.campaigns')).toBe(before);
    const campaign = await createCampaign();
    const patch = await api.request<Problem>('PATCH', `/v1/campaigns/${campaign.id}`, { as: 'marketer', body: { status: 'active' } });
    expect(patch.status).toBe(422);
    expect(patch.body.errors?.map((e) => e.path)).toEqual(['body.status']);
    const badStatus = await move(campaign.id, 'live');
    expect(badStatus.status).toBe(422);
    expect((badStatus.body as Problem).errors?.map((e) => e.path)).toEqual(['body.status']);
  });

  it('answers 422 for an unknown segment (by uuid or business ID) and 409 for an unknown property, naming the field, writing nothing', async () => {
    const before = await count('marketing.campaigns');
    const ghost = '0190a5f0-0000-7000-8000-000000000001';
    const segment = await api.request<Problem>('POST', '/v1/campaigns', {
      as: 'marketer',
      body: { campaign_name: 'Ghost', campaign_type: 'email', segment_id: ghost },
    });
    expect(segment.status).toBe(422);
    expect(segment.body.errors?.map((e) => e.path)).toEqual(['body.segment_id']);
    const property = await api.request<Problem>('POST', '/v1/campaigns', {
      as: 'marketer',
      body: { campaign_name: 'Ghost', campaign_type: 'email', property_id: ghost },
    });
    expect(property.status).toBe(409);
    expect(property.body.detail).toMatch(/propert/);
    expect(await count('marketing.campaigns')).toBe(before);
  });

  it('answers 404 for unknown and malformed ids on every item route', async () => {
    for (const id of ['0190a5f0-0000-7000-8000-000000000000', 'CMP-999999', 'not-an-id']) {
      const responses = await Promise.all([
        api.request('GET', `/v1/campaigns/${id}`, { as: 'viewer' }),
        api.request('PATCH', `/v1/campaigns/${id}`, { as: 'marketer', body: { goal: 'x' } }),
        api.request('DELETE', `/v1/campaigns/${id}`, { as: 'admin' }),
        move(id, 'scheduled'),
      ]);
      for (const response of responses) {
        expect(response.status).toBe(404);
        expect(response.headers.get('content-type')).toMatch(/problem\+json/);
      }
    }
  });

  it('honours If-Match on PATCH and DELETE (412 when stale, nothing changed)', async () => {
    const campaign = await createCampaign({ goal: 'Original' });
    const etag = (await api.request('GET', `/v1/campaigns/${campaign.id}`)).headers.get('etag')!;
    expect((await api.request('PATCH', `/v1/campaigns/${campaign.id}`, { as: 'marketer', body: { goal: 'Edited' }, headers: { 'if-match': etag } })).status).toBe(200);
    const stale = await api.request('PATCH', `/v1/campaigns/${campaign.id}`, { as: 'marketer', body: { goal: 'Lost' }, headers: { 'if-match': etag } });
    expect(stale.status).toBe(412);
    expect((await api.request('DELETE', `/v1/campaigns/${campaign.id}`, { as: 'admin', headers: { 'if-match': etag } })).status).toBe(412);
    expect((await api.request<Campaign & { goal: string }>('GET', `/v1/campaigns/${campaign.id}`)).body.goal).toBe('Edited');
  });

  it('keeps roles: viewers read only, marketers cannot delete, no token is 401', async () => {
    const campaign = await createCampaign();
    expect((await api.request('POST', '/v1/campaigns', { as: 'viewer', body: { campaign_name: 'x', campaign_type: 'email' } })).status).toBe(403);
    expect((await api.request('POST', `/v1/campaigns/${campaign.id}/status`, { as: 'viewer', body: { status: 'scheduled' } })).status).toBe(403);
    expect((await api.request('DELETE', `/v1/campaigns/${campaign.id}`, { as: 'marketer' })).status).toBe(403);
    expect((await api.request('GET', `/v1/campaigns/${campaign.id}`, { as: null })).status).toBe(401);
    expect((await api.request('DELETE', `/v1/campaigns/${campaign.id}`, { as: 'admin' })).status).toBe(204);
  });

  it('pages without gaps or repeats and filters by type, status, segment and date', async () => {
    const made: string[] = [];
    for (let i = 0; i < 7; i++) {
      const c = await createCampaign({
        campaign_name: `Paged ${i}`,
        campaign_type: i % 2 ? 'paid' : 'social',
        segment_id: i < 3 ? segmentId : null,
        start_date: `2027-0${i + 1}-01`,
      });
      made.push(c.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query = `/v1/campaigns?limit=3&campaign_name=like.Paged*${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page: { status: number; body: Page<Campaign> } = await api.request<Page<Campaign>>('GET', query, { as: 'viewer' });
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.data.map((c) => c.id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual([...made].reverse());
    const paid = await api.request<Page<Campaign>>('GET', '/v1/campaigns?campaign_type=eq.paid&campaign_name=like.Paged*', { as: 'viewer' });
    expect(paid.body.data.map((c) => c.campaign_name).sort()).toEqual(['Paged 1', 'Paged 3', 'Paged 5']);
    const segment = await api.request<Page<Campaign>>('GET', `/v1/campaigns?segment_id=eq.${segmentId}&campaign_name=like.Paged*`, { as: 'viewer' });
    expect(segment.body.data).toHaveLength(3);
    const spring = await api.request<Page<Campaign>>('GET', '/v1/campaigns?start_date=gte.2027-03-01&start_date=lt.2027-05-01', { as: 'viewer' });
    expect(spring.body.data.map((c) => c.campaign_name).sort()).toEqual(['Paged 2', 'Paged 3']);
    const byBusinessId = await api.request<Page<Campaign>>('GET', '/v1/campaigns?order=campaign_id.asc&limit=2', { as: 'viewer' });
    expect(byBusinessId.status).toBe(200);
    const unorderable = await api.request<Problem>('GET', '/v1/campaigns?order=campaign_name.asc', { as: 'viewer' });
    expect(unorderable.status).toBe(422);
    const badFilter = await api.request<Problem>('GET', '/v1/campaigns?budget=gt.lots', { as: 'viewer' });
    expect(badFilter.status).toBe(422);
    expect(badFilter.body.errors?.map((e) => e.path)).toEqual(['query.budget']);
  });
});

describe('status workflow', () => {
  it('walks draft → scheduled → active ⇄ paused → completed', async () => {
    const campaign = await createCampaign();
    for (const status of ['scheduled', 'active', 'paused', 'active', 'paused', 'completed']) {
      const response = await move(campaign.campaign_id, status);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect((response.body as Campaign).status).toBe(status);
      expect(response.headers.get('etag')).toMatch(/^"v\./);
    }
  });

  it('cancels from every open state, and not from a final one', async () => {
    for (const path of [[], ['scheduled'], ['scheduled', 'active'], ['scheduled', 'active', 'paused']]) {
      const campaign = await createCampaign();
      for (const status of path) expect((await move(campaign.id, status)).status).toBe(200);
      expect((await move(campaign.id, 'cancelled')).status).toBe(200);
      const again = await move(campaign.id, 'active');
      expect(again.status).toBe(409);
      expect((again.body as Problem).detail).toMatch(/from cancelled to active; cancelled is final/);
    }
  });

  it('refuses an illegal move with 409 naming from, to and the allowed moves, changing nothing', async () => {
    const campaign = await createCampaign();
    const jump = await move(campaign.id, 'active');
    expect(jump.status).toBe(409);
    expect((jump.body as Problem).detail).toBe(`Campaign ${campaign.id} cannot move from draft to active; from draft it can move to scheduled, cancelled.`);
    expect((jump.body as Problem).errors?.map((e) => e.path)).toEqual(['body.status']);
    expect((await move(campaign.id, 'draft')).status).toBe(409);
    expect((await api.request<Campaign>('GET', `/v1/campaigns/${campaign.id}`)).body.status).toBe('draft');
  });

  it('honours If-Match on a move: 412 when stale even if the move is allowed', async () => {
    const campaign = await createCampaign();
    const etag = (await api.request('GET', `/v1/campaigns/${campaign.id}`)).headers.get('etag')!;
    expect((await api.request('PATCH', `/v1/campaigns/${campaign.id}`, { as: 'marketer', body: { goal: 'changed' } })).status).toBe(200);
    expect((await move(campaign.id, 'scheduled', { 'if-match': etag })).status).toBe(412);
    const current = (await api.request('GET', `/v1/campaigns/${campaign.id}`)).headers.get('etag')!;
    expect((await move(campaign.id, 'scheduled', { 'if-match': current })).status).toBe(200);
  });

  it('serves every campaign route with exactly one Data API call', async () => {
    const calls = async (method: string, path: string, body?: unknown) => {
      api.dataApiCalls.length = 0;
      const response = await api.request<{ id?: string }>(method, path, { as: 'admin', body });
      expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
      return { calls: [...api.dataApiCalls], body: response.body };
    };
    const made = await calls('POST', '/v1/campaigns', { campaign_name: 'Counted', campaign_type: 'email' });
    expect(made.calls).toEqual(['Execute']);
    const id = made.body.id!;
    expect((await calls('GET', `/v1/campaigns/${id}`)).calls).toEqual(['Execute']);
    expect((await calls('GET', '/v1/campaigns?limit=2')).calls).toEqual(['Execute']);
    expect((await calls('PATCH', `/v1/campaigns/${id}`, { goal: 'g' })).calls).toEqual(['Execute']);
    expect((await calls('POST', `/v1/campaigns/${id}/status`, { status: 'scheduled' })).calls).toEqual(['Execute']);
    expect((await calls('DELETE', `/v1/campaigns/${id}`)).calls).toEqual(['Execute']);
  });
});
