/**
 * Daily post analytics and account metrics: idempotent upserts (one call),
 * engagement_rate computed when not given, time series with range filters
 * and pages, 404 and 422.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';
import type { Problem } from '../../support/types.js';

type Day = { id: string; metric_date: string; reach: number; engagement?: number; engagement_rate: string | null; follower_count?: number };

let api: TestApi;
let accountId: string;
let postId: string;
beforeAll(async () => {
  api = await startTestApi();
  accountId = (await api.db.pool.query<{ id: string }>(`INSERT INTO marketing.social_accounts (platform, account_name) VALUES ('facebook', 'Page') RETURNING id`)).rows[0]!.id;
  postId = (await api.db.pool.query<{ id: string }>(`INSERT INTO marketing.social_posts (account_id, post_type) VALUES ($1, 'post') RETURNING id`, [accountId])).rows[0]!.id;
});
afterAll(async () => {
  await api.stop();
});

describe('post analytics', () => {
  it('upserts a day idempotently in one call, computing engagement_rate as engagement / reach', async () => {
    api.dataApiCalls.length = 0;
    const first = await api.request<Day>('PUT', `/v1/social-posts/${postId}/analytics/2026-03-01`, { as: 'marketer', body: { reach: 400, engagement: 30, likes: 25 } });
    expect(api.dataApiCalls).toEqual(['Execute']);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ metric_date: '2026-03-01', reach: 400, engagement: 30, engagement_rate: '0.0750' });
    const again = await api.request<Day>('PUT', `/v1/social-posts/${postId}/analytics/2026-03-01`, { as: 'marketer', body: { reach: 400, engagement: 30, likes: 25 } });
    expect(again.body).toEqual(first.body);
    const given = await api.request<Day>('PUT', `/v1/social-posts/${postId}/analytics/2026-03-01`, { as: 'marketer', body: { reach: 0, engagement_rate: 0.5 } });
    expect(given.body).toMatchObject({ id: first.body.id, reach: 0, engagement: 0, engagement_rate: '0.5000' });
    const noReach = await api.request<Day>('PUT', `/v1/social-posts/${postId}/analytics/2026-03-02`, { as: 'marketer', body: { engagement: 3 } });
    expect(noReach.body.engagement_rate).toBeNull();
    const { rows } = await api.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM marketing.social_analytics WHERE post_id = $1', [postId]);
    expect(rows[0]!.n).toBe(2);
  });

  it('reads the series with date ranges in pages; 404 for an unknown post, 422 for bad input', async () => {
    for (const d of ['2026-03-03', '2026-03-04', '2026-03-05']) await api.request('PUT', `/v1/social-posts/${postId}/analytics/${d}`, { as: 'marketer', body: { reach: 10 } });
    const page = await api.request<{ data: Day[]; next_cursor: string | null }>('GET', `/v1/social-posts/${postId}/analytics?metric_date=gte.2026-03-02&metric_date=lte.2026-03-04&limit=2`);
    expect(page.body.data.map((d) => d.metric_date)).toEqual(['2026-03-02', '2026-03-03']);
    const rest = await api.request<{ data: Day[]; next_cursor: string | null }>('GET', `/v1/social-posts/${postId}/analytics?metric_date=gte.2026-03-02&metric_date=lte.2026-03-04&limit=2&cursor=${page.body.next_cursor!}`);
    expect(rest.body.data.map((d) => d.metric_date)).toEqual(['2026-03-04']);
    const newest = await api.request<{ data: Day[] }>('GET', `/v1/social-posts/${postId}/analytics?order=metric_date.desc&limit=1`);
    expect(newest.body.data[0]!.metric_date).toBe('2026-03-05');
    expect((await api.request('GET', '/v1/social-posts/SP-999999/analytics')).status).toBe(404);
    expect((await api.request('PUT', '/v1/social-posts/SP-999999/analytics/2026-03-01', { as: 'marketer', body: { reach: 1 } })).status).toBe(404);
    const bad = await api.request<Problem>('PUT', `/v1/social-posts/${postId}/analytics/2026-02-30`, { as: 'marketer', body: { reach: -1, engagement_rate: 12, colour: 1 } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors!.map((e) => e.path).sort()).toEqual(['body.colour', 'body.engagement_rate', 'body.reach', 'params.metricDate']);
  });
});

describe('account metrics', () => {
  it('upserts per account and day and reads the series by business id', async () => {
    const { rows } = await api.db.pool.query<{ social_account_id: string }>('SELECT social_account_id FROM marketing.social_accounts WHERE id = $1', [accountId]);
    const sa = rows[0]!.social_account_id;
    const day = await api.request<Day>('PUT', `/v1/social-accounts/${sa}/metrics/2026-03-01`, { as: 'marketer', body: { follower_count: 1200, follower_change: -5, engagement_rate: '0.0312' } });
    expect(day.status).toBe(200);
    expect(day.body).toMatchObject({ follower_count: 1200, engagement_rate: '0.0312' });
    await api.request('PUT', `/v1/social-accounts/${accountId}/metrics/2026-03-01`, { as: 'marketer', body: { follower_count: 1201 } });
    const series = await api.request<{ data: Day[] }>('GET', `/v1/social-accounts/${sa}/metrics`, { as: 'viewer' });
    expect(series.body.data).toHaveLength(1);
    expect(series.body.data[0]).toMatchObject({ follower_count: 1201, engagement_rate: null });
    expect((await api.request('PUT', `/v1/social-accounts/${sa}/metrics/2026-03-01`, { as: 'viewer', body: {} })).status).toBe(403);
  });
});
