/**
 * The seeded segments and channels (read-only, by code) and campaign CRUD
 * through the local HTTP API: business codes, ETags and If-Match, 404, 409,
 * 412, 422 with field paths, pages and filters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';
import { idByCode } from '../../support/mkt-fixtures.js';
import type { Problem } from '../../support/types.js';

type Campaign = { id: string; campaign_code: string; name: string; status: string; objective: string; budget_amount: string | null; created_by: string | null };
type Page<T> = { data: T[]; next_cursor: string | null };

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

async function createCampaign(body: Record<string, unknown>): Promise<Campaign> {
  const response = await api.request<Campaign>('POST', '/v1/mkt/campaigns', { as: 'marketer', body });
  expect(response.status).toBe(201);
  return response.body;
}

describe('segments and channels', () => {
  it('lists the 11 seeded segments, filters them, and gets one by code or uuid', async () => {
    const list = await api.request<Page<{ code: string; stakeholder_group: string }>>('GET', '/v1/mkt/segments?limit=200', { as: 'viewer' });
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(11);
    expect(list.body.data.map((s) => s.code)).toContain('prospective_owners');
    const owners = await api.request<Page<{ code: string }>>('GET', '/v1/mkt/segments?stakeholder_group=eq.owner', { as: 'viewer' });
    expect(owners.body.data.map((s) => s.code).sort()).toEqual(['managed_owners', 'prospective_owners']);
    const one = await api.request<{ id: string; name: string }>('GET', '/v1/mkt/segments/repeat_guests', { as: 'viewer' });
    expect(one.body.name).toBe('Repeat & Direct-Booking Guests');
    const byId = await api.request<{ id: string }>('GET', `/v1/mkt/segments/${one.body.id}`, { as: 'viewer' });
    expect(byId.body).toEqual(one.body);
  });

  it('lists the 10 channels, pages them, and 404s an unknown code', async () => {
    const first = await api.request<Page<{ code: string }>>('GET', '/v1/mkt/channels?limit=4', { as: 'viewer' });
    expect(first.body.data).toHaveLength(4);
    const second = await api.request<Page<{ code: string }>>('GET', `/v1/mkt/channels?limit=200&cursor=${first.body.next_cursor}`, { as: 'viewer' });
    expect(second.body.next_cursor).toBeNull();
    const codes = [...first.body.data, ...second.body.data].map((c) => c.code).sort();
    expect(codes).toEqual(['email', 'facebook', 'google_business', 'instagram', 'linkedin', 'ota_listings', 'tiktok', 'website', 'whatsapp', 'youtube']);
    expect((await api.request('GET', '/v1/mkt/channels/myspace', { as: 'viewer' })).status).toBe(404);
    expect((await api.request<Problem>('GET', '/v1/mkt/channels/Not-A-Code', { as: 'viewer' })).status).toBe(422);
  });

  it('is read-only', async () => {
    expect((await api.request('POST', '/v1/mkt/segments', { body: { code: 'x' } })).status).toBe(405);
    expect((await api.request('DELETE', '/v1/mkt/channels/linkedin')).status).toBe(405);
  });
});

describe('campaigns', () => {
  it('creates with an MCMP code and defaults, reads by uuid or code with an ETag', async () => {
    const channelId = await idByCode(api.db.pool, 'mkt_channels', 'linkedin');
    const campaign = await createCampaign({ name: 'Owner webinar series', primary_channel_id: channelId, budget_amount: 1500.5 });
    expect(campaign.campaign_code).toMatch(/^MCMP-\d{6}$/);
    expect(campaign).toMatchObject({ status: 'draft', objective: 'awareness', budget_amount: '1500.50', created_by: null });
    const byCode = await api.request<Campaign>('GET', `/v1/mkt/campaigns/${campaign.campaign_code}`, { as: 'viewer' });
    const byId = await api.request<Campaign>('GET', `/v1/mkt/campaigns/${campaign.id}`, { as: 'viewer' });
    expect(byCode.body).toEqual(byId.body);
    expect(byCode.headers.get('etag')).toBeTruthy();
  });

  it('updates with If-Match, refusing a stale ETag with 412', async () => {
    const campaign = await createCampaign({ name: 'Spring direct bookings', objective: 'direct_bookings' });
    const etag = (await api.request('GET', `/v1/mkt/campaigns/${campaign.id}`)).headers.get('etag')!;
    const changed = await api.request<Campaign>('PATCH', `/v1/mkt/campaigns/${campaign.id}`, {
      as: 'marketer',
      body: { status: 'planned' },
      headers: { 'if-match': etag },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.status).toBe('planned');
    const stale = await api.request('PATCH', `/v1/mkt/campaigns/${campaign.id}`, { as: 'marketer', body: { status: 'active' }, headers: { 'if-match': etag } });
    expect(stale.status).toBe(412);
    expect((await api.request<Campaign>('GET', `/v1/mkt/campaigns/${campaign.id}`)).body.status).toBe('planned');
  });

  it('refuses bad fields with 422 and their paths, creating nothing', async () => {
    const before = await api.db.pool.query('SELECT count(*)::int AS n FROM public.mkt_campaigns');
    const response = await api.request<Problem>('POST', '/v1/mkt/campaigns', {
      as: 'marketer',
      body: { name: '', status: 'launched', currency: 'usd', budget_amount: -1, start_date: '2026-05-02', end_date: '2026-05-01', created_by: 'me' },
    });
    expect(response.status).toBe(422);
    expect(response.body.errors?.map((e) => e.path).sort()).toEqual(
      ['body.budget_amount', 'body.created_by', 'body.currency', 'body.name', 'body.status'].sort(),
    );
    const dates = await api.request<Problem>('POST', '/v1/mkt/campaigns', { as: 'marketer', body: { name: 'x', start_date: '2026-05-02', end_date: '2026-05-01' } });
    expect(dates.body.errors?.map((e) => e.path)).toEqual(['body.end_date']);
    const after = await api.db.pool.query('SELECT count(*)::int AS n FROM public.mkt_campaigns');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('answers 409 for an unknown channel, 404 for an unknown campaign, and lets only admins delete', async () => {
    const conflict = await api.request<Problem>('POST', '/v1/mkt/campaigns', {
      as: 'marketer',
      body: { name: 'x', primary_channel_id: '0190a5f0-0000-7000-8000-000000000000' },
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body.errors?.map((e) => e.path)).toEqual(['body.primary_channel_id']);
    expect((await api.request('GET', '/v1/mkt/campaigns/MCMP-999999')).status).toBe(404);
    const campaign = await createCampaign({ name: 'Short lived' });
    expect((await api.request('DELETE', `/v1/mkt/campaigns/${campaign.id}`, { as: 'marketer' })).status).toBe(403);
    expect((await api.request('DELETE', `/v1/mkt/campaigns/${campaign.id}`, { as: 'admin' })).status).toBe(204);
    expect((await api.request('GET', `/v1/mkt/campaigns/${campaign.id}`)).status).toBe(404);
  });

  it('filters and pages newest first, one Data API call per request', async () => {
    for (const name of ['Paged A', 'Paged B', 'Paged C']) await createCampaign({ name, objective: 'reputation' });
    api.dataApiCalls.length = 0;
    const first = await api.request<Page<Campaign>>('GET', '/v1/mkt/campaigns?objective=eq.reputation&limit=2', { as: 'viewer' });
    expect(api.dataApiCalls).toEqual(['Execute']);
    expect(first.body.data.map((c) => c.name)).toEqual(['Paged C', 'Paged B']);
    const second = await api.request<Page<Campaign>>('GET', `/v1/mkt/campaigns?objective=eq.reputation&limit=2&cursor=${first.body.next_cursor}`);
    expect(second.body.data.map((c) => c.name)).toEqual(['Paged A']);
    expect(second.body.next_cursor).toBeNull();
    // Orders need their index (schema/111); the budget has none.
    const bad = await api.request<Problem>('GET', '/v1/mkt/campaigns?order=budget_amount.asc');
    expect(bad.status).toBe(422);
  });
});
