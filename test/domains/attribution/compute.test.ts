/**
 * Computed attribution on a scripted journey through the local HTTP API: four
 * touches over 60 days before the booking, one older than the 90-day window,
 * exposures and a touch after the booking that do not count; each model's
 * weights and revenue match the hand-computed ones, and recomputing replaces
 * the rows instead of adding to them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';
import type { Problem } from '../../support/types.js';
import { ATTRIBUTION_MODELS } from '../../../lambdas/attribution/repository.js';

type Touch = { campaign: string; event_type: string; channel: string; weight: number; revenue: number; at: string };
type Attribution = {
  id: string;
  attribution_model: string;
  first_touch_campaign_id: string | null;
  last_touch_campaign_id: string | null;
  first_touch_channel: string | null;
  last_touch_date: string | null;
  touchpoints: Touch[];
  revenue_attributed: string | null;
};

const BOOKED = Date.parse('2026-06-30T12:00:00Z');
const daysBefore = (d: number) => new Date(BOOKED - d * 86_400_000).toISOString();

let api: TestApi;
let reservationId: string;
const campaigns: Record<string, { id: string; campaign_id: string }> = {};
beforeAll(async () => {
  api = await startTestApi();
  const contact = (await api.db.pool.query<{ id: string }>(`INSERT INTO directory.contacts (email) VALUES ('guest@example.com') RETURNING id`)).rows[0]!.id;
  reservationId = (
    await api.db.pool.query<{ id: string }>(`INSERT INTO reservations.reservations (contact_id, total_amount, created_at) VALUES ($1, 1000.00, $2) RETURNING id`, [contact, new Date(BOOKED)])
  ).rows[0]!.id;
  for (const [name, type] of [['Newsletter', 'email'], ['Instagram', 'social'], ['Search', 'paid']] as const) {
    campaigns[name] = (await api.request<{ id: string; campaign_id: string }>('POST', '/v1/campaigns', { as: 'marketer', body: { campaign_name: name, campaign_type: type } })).body;
  }
  const event = (campaign: string, event_type: string, days: number, channel?: string) => ({
    campaign: campaigns[campaign]!.id,
    contact: contact,
    event_type,
    event_timestamp: daysBefore(days),
    ...(channel ? { channel } : {}),
  });
  const events = [
    event('Search', 'clicked', 100), // outside the 90-day window
    event('Newsletter', 'sent', 61), // an exposure, not a touch
    event('Newsletter', 'opened', 60, 'email'),
    event('Instagram', 'clicked', 30, 'social'),
    event('Newsletter', 'clicked', 14), // channel from the campaign type
    event('Search', 'clicked', 7, 'paid'),
    event('Search', 'clicked', -1), // after the booking
  ];
  expect((await api.request('POST', '/v1/campaign-events', { as: 'marketer', body: { events } })).status).toBe(200);
});
afterAll(async () => {
  await api.stop();
});

const compute = (body: Record<string, unknown>) => api.request<{ data: Attribution[] } & Problem>('POST', '/v1/attribution/compute', { as: 'marketer', body });

// Hand-computed: touches at 60, 30, 14 and 7 days before the booking, revenue 1000.00.
// time decay: 2^(-age/7) = 0.0026278, 0.0512711, 0.25, 0.5; normalised over their sum 0.8038989.
const EXPECTED: Record<string, number[]> = {
  first_touch: [1, 0, 0, 0],
  last_touch: [0, 0, 0, 1],
  linear: [0.25, 0.25, 0.25, 0.25],
  position_based: [0.4, 0.1, 0.1, 0.4],
  time_decay: [0.00327, 0.063778, 0.310984, 0.621968],
};
const EXPECTED_REVENUE: Record<string, number[]> = {
  first_touch: [1000, 0, 0, 0],
  last_touch: [0, 0, 0, 1000],
  linear: [250, 250, 250, 250],
  position_based: [400, 100, 100, 400],
  time_decay: [3.27, 63.78, 310.98, 621.97],
};

describe('POST /v1/attribution/compute', () => {
  it('weights the touches in the window per model as computed by hand, in one Data API call', async () => {
    api.dataApiCalls.length = 0;
    const response = await compute({ reservation_id: reservationId });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(api.dataApiCalls).toEqual(['Execute']);
    expect(response.body.data.map((a) => a.attribution_model)).toEqual(['first_touch', 'last_touch', 'linear', 'position_based', 'time_decay']);
    for (const row of response.body.data) {
      expect(row.touchpoints.map((t) => t.campaign)).toEqual([
        campaigns.Newsletter!.campaign_id,
        campaigns.Instagram!.campaign_id,
        campaigns.Newsletter!.campaign_id,
        campaigns.Search!.campaign_id,
      ]);
      expect(row.touchpoints.map((t) => t.channel)).toEqual(['email', 'social', 'email', 'paid']);
      row.touchpoints.forEach((t, i) => {
        expect(t.weight, `${row.attribution_model} ${i}`).toBeCloseTo(EXPECTED[row.attribution_model]![i]!, 6);
        expect(t.revenue, `${row.attribution_model} ${i}`).toBeCloseTo(EXPECTED_REVENUE[row.attribution_model]![i]!, 2);
      });
      expect(row).toMatchObject({
        first_touch_campaign_id: campaigns.Newsletter!.id,
        first_touch_channel: 'email',
        last_touch_campaign_id: campaigns.Search!.id,
        last_touch_date: daysBefore(7),
        revenue_attributed: '1000.00',
      });
    }
  });

  it('is idempotent: recomputing replaces the rows of those models, and a shorter window drops older touches', async () => {
    const count = async () => (await api.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM marketing.attribution WHERE reservation_id = $1', [reservationId])).rows[0]!.n;
    const before = await count();
    const again = await compute({ reservation_id: reservationId });
    expect(again.body.data).toHaveLength(5);
    expect(await count()).toBe(before);
    const recent = await compute({ reservation_id: reservationId, models: ['linear'], lookback_days: 20, revenue: '500.00' });
    expect(recent.body.data).toHaveLength(1);
    expect(recent.body.data[0]!.touchpoints.map((t) => t.weight)).toEqual([0.5, 0.5]);
    expect(recent.body.data[0]!.touchpoints.map((t) => t.revenue)).toEqual([250, 250]);
    expect(recent.body.data[0]!.revenue_attributed).toBe('500.00');
    expect(await count()).toBe(before);
  });

  it('two computes of one reservation at the same time leave one row per model (was: both sets)', async () => {
    const perModel = async () =>
      (
        await api.db.pool.query<{ model: string; n: number }>(
          'SELECT attribution_model AS model, count(*)::int AS n FROM marketing.attribution WHERE reservation_id = $1 GROUP BY 1 ORDER BY 1',
          [reservationId],
        )
      ).rows;
    for (let round = 0; round < 8; round++) {
      const both = await Promise.all([compute({ reservation_id: reservationId }), compute({ reservation_id: reservationId, lookback_days: 40 })]);
      expect(both.map((r) => r.status)).toEqual([200, 200]);
      const counts = await perModel();
      expect(counts.map((c) => c.model)).toEqual([...ATTRIBUTION_MODELS].sort());
      expect(counts.every((c) => c.n === 1), `round ${round}: ${JSON.stringify(counts)}`).toBe(true);
    }
    // What is stored is one compute's whole answer, not a mix: every model has the touches of the same window
    // (4 in 90 days, 3 in 40), since the later compute waits for the earlier's rows and then overwrites them all.
    const stored = (await api.db.pool.query<{ touchpoints: Touch[] }>('SELECT touchpoints FROM marketing.attribution WHERE reservation_id = $1', [reservationId])).rows;
    expect(new Set(stored.map((row) => row.touchpoints.length)).size).toBe(1);
    expect([4, 3]).toContain(stored[0]!.touchpoints.length);
  });

  it('records zero revenue and no touchpoints when no touch is in the window', async () => {
    const response = await compute({ reservation_id: reservationId, models: ['last_touch'], lookback_days: 3 });
    expect(response.body.data[0]).toMatchObject({ touchpoints: [], revenue_attributed: '0.00', first_touch_campaign_id: null });
  });

  it('answers 404 for an unknown reservation, 409 for one without a contact, 422 for bad input, changing nothing', async () => {
    expect((await compute({ reservation_id: '0190a5f0-0000-7000-8000-000000000000' })).status).toBe(404);
    const loose = (await api.db.pool.query<{ id: string }>(`INSERT INTO reservations.reservations (total_amount) VALUES (10) RETURNING id`)).rows[0]!.id;
    await api.db.pool.query(`INSERT INTO marketing.attribution (reservation_id, attribution_model, revenue_attributed) VALUES ($1, 'linear', 10)`, [loose]);
    const orphan = await compute({ reservation_id: loose });
    expect(orphan.status).toBe(409);
    // The refused compute removed nothing (it used to delete the reservation's rows of the models asked for).
    expect((await api.db.pool.query('SELECT 1 FROM marketing.attribution WHERE reservation_id = $1', [loose])).rowCount).toBe(1);
    expect(orphan.body.errors?.map((e) => e.path)).toEqual(['body.reservation_id']);
    const bad = await compute({ reservation_id: 'r', models: ['u_shaped'], lookback_days: 0, revenue: '1.234' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors?.map((e) => e.path).sort()).toEqual(['body.lookback_days', 'body.models[0]', 'body.reservation_id', 'body.revenue']);
    expect((await api.request('POST', '/v1/attribution/compute', { as: 'viewer', body: { reservation_id: reservationId } })).status).toBe(403);
  });
});
