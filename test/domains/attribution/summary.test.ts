/**
 * The attributed-revenue summary through the local HTTP API: revenue per
 * model by campaign and by channel over a booking-date range, from computed
 * attribution of two scripted bookings; bad input is a 422.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';
import type { Problem } from '../../support/types.js';

type Line = { key: string | null; label: string | null; revenue: string; touches: number; reservations: number };
type Summary = { from: string | null; to: string | null; truncated: boolean; models: Array<{ model: string; by_campaign: Line[]; by_channel: Line[] }> };

let api: TestApi;
const c: Record<string, { id: string; campaign_id: string }> = {};
beforeAll(async () => {
  api = await startTestApi();
  for (const [name, type] of [['Newsletter', 'email'], ['Instagram', 'social']] as const) {
    c[name] = (await api.request<{ id: string; campaign_id: string }>('POST', '/v1/campaigns', { as: 'marketer', body: { campaign_name: name, campaign_type: type } })).body;
  }
  const booking = async (email: string, bookedAt: string, amount: string, touches: Array<[string, string, string]>) => {
    const contact = (await api.db.pool.query<{ id: string }>(`INSERT INTO directory.contacts (email) VALUES ($1) RETURNING id`, [email])).rows[0]!.id;
    const id = (await api.db.pool.query<{ id: string }>(`INSERT INTO reservations.reservations (contact_id, total_amount, created_at) VALUES ($1, $2, $3) RETURNING id`, [contact, amount, bookedAt])).rows[0]!.id;
    const events = touches.map(([campaign, event_type, at]) => ({ campaign: c[campaign]!.id, contact, event_type, event_timestamp: at }));
    expect((await api.request('POST', '/v1/campaign-events', { as: 'marketer', body: { events } })).status).toBe(200);
    return id;
  };
  const r1 = await booking('one@example.com', '2026-06-30T12:00:00Z', '1000.00', [
    ['Newsletter', 'opened', '2026-06-01T10:00:00Z'],
    ['Instagram', 'clicked', '2026-06-20T10:00:00Z'],
  ]);
  const r2 = await booking('two@example.com', '2026-07-15T12:00:00Z', '300.00', [['Newsletter', 'clicked', '2026-07-10T10:00:00Z']]);
  for (const reservation_id of [r1, r2]) {
    expect((await api.request('POST', '/v1/attribution/compute', { as: 'marketer', body: { reservation_id, models: ['linear'] } })).status).toBe(200);
  }
  expect((await api.request('POST', '/v1/attribution/compute', { as: 'marketer', body: { reservation_id: r1, models: ['first_touch'] } })).status).toBe(200);
});
afterAll(async () => {
  await api.stop();
});

const line = (key: string, label: string, revenue: string, touches: number, reservations: number): Line => ({ key, label, revenue, touches, reservations });

describe('GET /v1/attribution/summary', () => {
  it('sums attributed revenue per model by campaign and by channel, in one Data API call', async () => {
    api.dataApiCalls.length = 0;
    const response = await api.request<Summary>('GET', '/v1/attribution/summary', { as: 'viewer' });
    expect(response.status).toBe(200);
    expect(api.dataApiCalls).toEqual(['Execute']);
    expect(response.body).toEqual({
      from: null,
      to: null,
      truncated: false,
      models: [
        {
          model: 'first_touch',
          by_campaign: [line(c.Newsletter!.id, c.Newsletter!.campaign_id, '1000.00', 1, 1), line(c.Instagram!.id, c.Instagram!.campaign_id, '0.00', 1, 1)],
          by_channel: [line('email', 'email', '1000.00', 1, 1), line('social', 'social', '0.00', 1, 1)],
        },
        {
          model: 'linear',
          by_campaign: [line(c.Newsletter!.id, c.Newsletter!.campaign_id, '800.00', 2, 2), line(c.Instagram!.id, c.Instagram!.campaign_id, '500.00', 1, 1)],
          by_channel: [line('email', 'email', '800.00', 2, 2), line('social', 'social', '500.00', 1, 1)],
        },
      ],
    });
  });

  it('limits to bookings in [from, to) and to one model', async () => {
    const july = await api.request<Summary>('GET', '/v1/attribution/summary?from=2026-07-01T00:00:00Z&model=linear', { as: 'viewer' });
    expect(july.body.models).toEqual([
      { model: 'linear', by_campaign: [line(c.Newsletter!.id, c.Newsletter!.campaign_id, '300.00', 1, 1)], by_channel: [line('email', 'email', '300.00', 1, 1)] },
    ]);
    const none = await api.request<Summary>('GET', '/v1/attribution/summary?to=2026-01-01T00:00:00Z', { as: 'viewer' });
    expect(none.body.models).toEqual([]);
  });

  it('refuses a bad model or range with 422 and paths', async () => {
    const bad = await api.request<Problem>('GET', '/v1/attribution/summary?model=u_shaped&from=soon', { as: 'viewer' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors?.map((e) => e.path).sort()).toEqual(['query.from', 'query.model']);
    expect((await api.request('GET', '/v1/attribution/summary', { as: null })).status).toBe(401);
  });
});
