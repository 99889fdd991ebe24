/**
 * Daily platform and social KPIs through the local HTTP API: a day's PUT is
 * an idempotent upsert in one Data API call, range reads come in date order,
 * and weekly/monthly sums and averages are computed by PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';
import type { Problem } from '../../support/types.js';

type Day = Record<string, unknown> & { kpi_date: string; updated_at: string };
type Totals = Record<string, { sum: string; avg: string }> & { period_start: string; days: number };

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

async function put(path: string, body: unknown) {
  api.dataApiCalls.length = 0;
  const response = await api.request<Day & Problem>('PUT', path, { as: 'marketer', body });
  return { ...response, calls: [...api.dataApiCalls] };
}

describe('platform KPIs', () => {
  it('creates a day (201), replaces it (200), and a repeat changes nothing, one call each', async () => {
    const first = await put('/v1/mkt/kpis/days/2026-03-02', { owner_leads: 3, marketing_spend: '120.50' });
    expect(first.status).toBe(201);
    expect(first.calls).toEqual(['Execute']);
    expect(first.body).toMatchObject({ kpi_date: '2026-03-02', owner_leads: 3, website_sessions: 0, marketing_spend: '120.50', currency: 'USD' });
    const second = await put('/v1/mkt/kpis/days/2026-03-02', { owner_leads: 4 });
    expect(second.status).toBe(200);
    // A PUT is the whole day: the spend not given again is 0.
    expect(second.body).toMatchObject({ owner_leads: 4, marketing_spend: '0.00' });
    const repeat = await put('/v1/mkt/kpis/days/2026-03-02', { owner_leads: 4 });
    expect(repeat.status).toBe(200);
    expect(repeat.calls).toEqual(['Execute']);
    expect(repeat.body).toEqual(second.body);
    const { rows } = await api.db.pool.query(`SELECT count(*)::int AS n FROM public.mkt_kpis WHERE kpi_date = '2026-03-02'`);
    expect(rows[0].n).toBe(1);
  });

  it('refuses negative figures and bad dates with 422 paths, writing nothing', async () => {
    const bad = await put('/v1/mkt/kpis/days/2026-02-30', { owner_leads: -1, currency: 'dollars', bogus: 1 });
    expect(bad.status).toBe(422);
    expect(bad.calls).toEqual([]);
    expect(bad.body.errors?.map((e) => e.path).sort()).toEqual(['body.bogus', 'body.currency', 'body.owner_leads', 'params.date']);
  });

  it('reads a range in date order and sums and averages per week and month', async () => {
    // 2026-04-06 is a Monday: two days in that ISO week, one in the next.
    await put('/v1/mkt/kpis/days/2026-04-06', { website_sessions: 100, direct_booking_revenue: 1000 });
    await put('/v1/mkt/kpis/days/2026-04-08', { website_sessions: 51, direct_booking_revenue: '500.25' });
    await put('/v1/mkt/kpis/days/2026-04-13', { website_sessions: 10 });
    const range = await api.request<{ data: Day[] }>('GET', '/v1/mkt/kpis/days?from=2026-04-01&to=2026-04-30', { as: 'viewer' });
    expect(range.body.data.map((d) => d.kpi_date)).toEqual(['2026-04-06', '2026-04-08', '2026-04-13']);
    const weeks = await api.request<{ data: Totals[] }>('GET', '/v1/mkt/kpis/totals?period=week&from=2026-04-01&to=2026-04-30');
    expect(weeks.status).toBe(200);
    expect(weeks.body.data.map((w) => [w.period_start, w.days, w.website_sessions!.sum, w.website_sessions!.avg])).toEqual([
      ['2026-04-06', 2, '151', '75.50'],
      ['2026-04-13', 1, '10', '10.00'],
    ]);
    expect(weeks.body.data[0]!.direct_booking_revenue).toEqual({ sum: '1500.25', avg: '750.13' });
    const months = await api.request<{ data: Totals[] }>('GET', '/v1/mkt/kpis/totals?period=month&from=2026-04-01&to=2026-04-30');
    expect(months.body.data.map((m) => [m.period_start, m.days, m.website_sessions!.sum])).toEqual([['2026-04-01', 3, '161']]);
  });

  it('refuses a reversed, too long or unknown-period range with 422', async () => {
    const reversed = await api.request<Problem>('GET', '/v1/mkt/kpis/days?from=2026-04-02&to=2026-04-01');
    expect(reversed.body.errors?.map((e) => e.path)).toEqual(['query.to']);
    const long = await api.request<Problem>('GET', '/v1/mkt/kpis/days?from=2025-01-01&to=2026-01-02');
    expect(long.body.errors?.map((e) => e.path)).toEqual(['query.to']);
    const period = await api.request<Problem>('GET', '/v1/mkt/kpis/totals?period=year&from=2026-01-01&to=2026-01-02');
    expect(period.body.errors?.map((e) => e.path)).toEqual(['query.period']);
  });
});

describe('social KPIs', () => {
  it('upserts per channel and day, computes the engagement rate, and 404s an unknown channel', async () => {
    const created = await put('/v1/mkt/social-kpis/days/instagram/2026-05-04', { followers: 1000, impressions: 400, engagements: 30, follower_change: -5 });
    expect(created.status).toBe(201);
    expect(created.calls).toEqual(['Execute']);
    expect(created.body).toMatchObject({ channel_code: 'instagram', followers: 1000, follower_change: -5, engagement_rate: '0.0750' });
    const repeat = await put('/v1/mkt/social-kpis/days/instagram/2026-05-04', { followers: 1000, impressions: 400, engagements: 30, follower_change: -5 });
    expect(repeat.status).toBe(200);
    expect(repeat.body).toEqual(created.body);
    expect((await put('/v1/mkt/social-kpis/days/myspace/2026-05-04', { followers: 1 })).status).toBe(404);
    const negative = await put('/v1/mkt/social-kpis/days/instagram/2026-05-04', { impressions: -1 });
    expect(negative.body.errors?.map((e) => e.path)).toEqual(['body.impressions']);
  });

  it('reads ranges across channels or for one, and totals per channel and week', async () => {
    await put('/v1/mkt/social-kpis/days/linkedin/2026-06-01', { followers: 500, impressions: 1000, engagements: 50 });
    await put('/v1/mkt/social-kpis/days/linkedin/2026-06-02', { followers: 510, impressions: 1000, engagements: 150 });
    await put('/v1/mkt/social-kpis/days/facebook/2026-06-02', { followers: 90, impressions: 0 });
    const all = await api.request<{ data: Day[] }>('GET', '/v1/mkt/social-kpis/days?from=2026-06-01&to=2026-06-07');
    expect(all.body.data.map((d) => [d.kpi_date, d.channel_code])).toEqual([
      ['2026-06-01', 'linkedin'],
      ['2026-06-02', 'facebook'],
      ['2026-06-02', 'linkedin'],
    ]);
    const one = await api.request<{ data: Day[] }>('GET', '/v1/mkt/social-kpis/days?from=2026-06-01&to=2026-06-07&channel=facebook');
    expect(one.body.data).toHaveLength(1);
    expect((await api.request('GET', '/v1/mkt/social-kpis/days?from=2026-06-01&to=2026-06-07&channel=myspace')).status).toBe(404);
    const weeks = await api.request<{ data: Array<Record<string, unknown>> }>('GET', '/v1/mkt/social-kpis/totals?period=week&from=2026-06-01&to=2026-06-07&channel=linkedin');
    expect(weeks.body.data).toEqual([
      expect.objectContaining({
        channel_code: 'linkedin',
        period_start: '2026-06-01',
        days: 2,
        followers_last: 510,
        impressions: { sum: '2000', avg: '1000.00' },
        engagement_rate: '0.1000',
      }),
    ]);
  });
});

describe('a day written concurrently', () => {
  it('answers the row another request inserted meanwhile, not a 500 (its snapshot predates that insert)', async () => {
    // Another writer holds the new day, uncommitted, with the values this PUT sends (the table's defaults).
    const other = await api.db.pool.connect();
    try {
      await other.query('BEGIN');
      await other.query("INSERT INTO public.mkt_kpis (kpi_date) VALUES ('2026-05-05')");
      const pending = put('/v1/mkt/kpis/days/2026-05-05', {});
      // The PUT's INSERT waits on the uncommitted row; once it commits, ON CONFLICT finds nothing to change.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await other.query('COMMIT');
      const answer = await pending;
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ kpi_date: '2026-05-05', owner_leads: 0 });
    } finally {
      other.release();
    }
  });

  it('answers a channel day another request inserted meanwhile, not a 404 for the channel', async () => {
    const other = await api.db.pool.connect();
    try {
      await other.query('BEGIN');
      await other.query("INSERT INTO public.mkt_social_kpis (channel_id, kpi_date) SELECT id, '2026-05-06' FROM public.mkt_channels WHERE code = 'instagram'");
      const pending = put('/v1/mkt/social-kpis/days/instagram/2026-05-06', {});
      await new Promise((resolve) => setTimeout(resolve, 300));
      await other.query('COMMIT');
      const answer = await pending;
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ kpi_date: '2026-05-06' });
    } finally {
      other.release();
    }
  });
});
