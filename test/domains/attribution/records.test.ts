/**
 * Attribution records (marketing.attribution) through the local HTTP API:
 * CRUD with first/last touch, touchpoints and exact revenue, validation,
 * references, If-Match, pages and filters, one Data API call per request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';
import type { Problem } from '../../support/types.js';

type Attribution = {
  id: string;
  reservation_id: string;
  first_touch_campaign_id: string | null;
  last_touch_campaign_id: string | null;
  first_touch_channel: string | null;
  last_touch_date: string | null;
  touchpoints: Array<Record<string, unknown>> | null;
  attribution_model: string | null;
  revenue_attributed: string | null;
};
type Page<T> = { data: T[]; next_cursor: string | null };

let api: TestApi;
let reservationId: string;
let campaignId: string;
beforeAll(async () => {
  api = await startTestApi();
  const { rows } = await api.db.pool.query<{ id: string }>(`INSERT INTO reservations.reservations (check_in) VALUES ('2026-07-01') RETURNING id`);
  reservationId = rows[0]!.id;
  campaignId = (await api.request<{ id: string }>('POST', '/v1/campaigns', { as: 'marketer', body: { campaign_name: 'Touch', campaign_type: 'email' } })).body.id;
});
afterAll(async () => {
  await api.stop();
});

async function record(body: Record<string, unknown> = {}): Promise<Attribution> {
  const response = await api.request<Attribution>('POST', '/v1/attribution', { as: 'marketer', body: { reservation_id: reservationId, ...body } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

async function count(): Promise<number> {
  return (await api.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM marketing.attribution')).rows[0]!.n;
}

describe('attribution', () => {
  it('records first and last touch, ordered touchpoints and exact revenue, and reads them back', async () => {
    const touchpoints = [
      { campaign_id: campaignId, channel: 'email', date: '2026-05-01T10:00:00Z', weight: 0.5 },
      { campaign_id: null, channel: 'direct', date: '2026-05-20T10:00:00Z', weight: 0.5 },
    ];
    const made = await record({
      first_touch_campaign_id: campaignId,
      first_touch_channel: 'email',
      first_touch_source: 'newsletter',
      first_touch_date: '2026-05-01T10:00:00Z',
      last_touch_channel: 'direct',
      last_touch_date: '2026-05-20T10:00:00+02:00',
      touchpoints,
      attribution_model: 'linear',
      revenue_attributed: '1899.99',
    });
    expect(made).toMatchObject({
      first_touch_campaign_id: campaignId,
      last_touch_date: '2026-05-20T08:00:00.000Z',
      touchpoints,
      attribution_model: 'linear',
      revenue_attributed: '1899.99',
    });
    const read = await api.request<Attribution>('GET', `/v1/attribution/${made.id}`, { as: 'viewer' });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(made);
    expect(read.headers.get('etag')).toMatch(/^"v\./);
  });

  it('keeps the record when its campaign is deleted (the touch becomes null)', async () => {
    const doomed = (await api.request<{ id: string }>('POST', '/v1/campaigns', { as: 'marketer', body: { campaign_name: 'Doomed', campaign_type: 'paid' } })).body.id;
    const made = await record({ last_touch_campaign_id: doomed, last_touch_channel: 'paid', revenue_attributed: 10 });
    expect((await api.request('DELETE', `/v1/campaigns/${doomed}`, { as: 'admin' })).status).toBe(204);
    const read = await api.request<Attribution>('GET', `/v1/attribution/${made.id}`);
    expect(read.body).toMatchObject({ last_touch_campaign_id: null, revenue_attributed: '10.00' });
  });

  it('rejects bad fields with 422 and paths, an unknown reservation with 409 and an unknown campaign with 422, writing nothing', async () => {
    const before = await count();
    const bad = await api.request<Problem>('POST', '/v1/attribution', {
      as: 'marketer',
      body: { reservation_id: 'r-1', revenue_attributed: '12.345', attribution_model: 'Linear Model', touchpoints: [1], first_touch_date: 'May', extra: 1 },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors?.map((e) => e.path).sort()).toEqual([
      'body.attribution_model',
      'body.extra',
      'body.first_touch_date',
      'body.reservation_id',
      'body.revenue_attributed',
      'body.touchpoints[0]',
    ]);
    const missing = await api.request<Problem>('POST', '/v1/attribution', { as: 'marketer', body: {} });
    expect(missing.body.errors?.map((e) => e.path)).toEqual(['body.reservation_id']);
    const ghost = '0190a5f0-0000-7000-8000-000000000009';
    const reservation = await api.request<Problem>('POST', '/v1/attribution', { as: 'marketer', body: { reservation_id: ghost } });
    expect(reservation.status).toBe(409);
    expect(reservation.body.detail).toMatch(/reservation/);
    const campaign = await api.request<Problem>('POST', '/v1/attribution', { as: 'marketer', body: { reservation_id: reservationId, first_touch_campaign_id: ghost } });
    // A campaign is named by uuid or business ID, resolved in the statement: an unknown one is a 422 naming the field.
    expect(campaign.status).toBe(422);
    expect(campaign.body.errors?.map((e) => e.path)).toEqual(['body.first_touch_campaign_id']);
    expect(await count()).toBe(before);
  });

  it('updates with If-Match (412 when stale), deletes as admin only, and answers 404 after', async () => {
    const made = await record({ attribution_model: 'first_touch' });
    const etag = (await api.request('GET', `/v1/attribution/${made.id}`)).headers.get('etag')!;
    const patched = await api.request<Attribution>('PATCH', `/v1/attribution/${made.id}`, { as: 'marketer', body: { revenue_attributed: '5.50' }, headers: { 'if-match': etag } });
    expect(patched.status).toBe(200);
    expect(patched.body.revenue_attributed).toBe('5.50');
    expect((await api.request('PATCH', `/v1/attribution/${made.id}`, { as: 'marketer', body: { revenue_attributed: '1' }, headers: { 'if-match': etag } })).status).toBe(412);
    expect((await api.request('DELETE', `/v1/attribution/${made.id}`, { as: 'marketer' })).status).toBe(403);
    expect((await api.request('DELETE', `/v1/attribution/${made.id}`, { as: 'admin' })).status).toBe(204);
    for (const id of [made.id, 'ATT-010001', 'nope']) expect((await api.request('GET', `/v1/attribution/${id}`)).status).toBe(404);
  });

  it('pages without gaps and filters by reservation, model and touch date, one Data API call each', async () => {
    const { rows } = await api.db.pool.query<{ id: string }>(`INSERT INTO reservations.reservations (check_in) VALUES ('2026-08-01') RETURNING id`);
    const other = rows[0]!.id;
    const models = ['first_touch', 'last_touch', 'linear', 'position_based', 'time_decay'];
    for (const [i, model] of models.entries()) {
      await record({ reservation_id: other, attribution_model: model, first_touch_date: `2026-0${i + 1}-15T00:00:00Z` });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      api.dataApiCalls.length = 0;
      const query = `/v1/attribution?reservation_id=eq.${other}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page: { status: number; body: Page<Attribution> } = await api.request<Page<Attribution>>('GET', query, { as: 'viewer' });
      expect(page.status).toBe(200);
      expect(api.dataApiCalls).toEqual(['Execute']);
      seen.push(...page.body.data.map((a) => a.attribution_model!));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual([...models].reverse());
    const linear = await api.request<Page<Attribution>>('GET', `/v1/attribution?reservation_id=eq.${other}&attribution_model=in.(linear,time_decay)`, { as: 'viewer' });
    expect(linear.body.data.map((a) => a.attribution_model).sort()).toEqual(['linear', 'time_decay']);
    const spring = await api.request<Page<Attribution>>('GET', `/v1/attribution?first_touch_date=gte.2026-03-01&first_touch_date=lt.2026-05-01`, { as: 'viewer' });
    expect(spring.body.data.map((a) => a.attribution_model).sort()).toEqual(['linear', 'position_based']);
    const bad = await api.request<Problem>('GET', '/v1/attribution?revenue_attributed=gt.much', { as: 'viewer' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors?.map((e) => e.path)).toEqual(['query.revenue_attributed']);
  });
});
