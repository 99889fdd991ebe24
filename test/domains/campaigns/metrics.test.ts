/**
 * Campaign metrics computed in SQL from the event log, through the local HTTP
 * API: counts per type, distinct contacts, rates over a hand-checked journey,
 * a time range, an empty campaign, and the refresh into actual_metrics, one
 * Data API call each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';
import type { Problem } from '../../support/types.js';

type Metrics = {
  campaign_id: string;
  from: string | null;
  to: string | null;
  events: Record<string, number>;
  contacts: Record<string, number>;
  unique_contacts: number;
  rates: Record<string, number | null>;
};

let api: TestApi;
let campaign: { id: string; campaign_id: string };
beforeAll(async () => {
  api = await startTestApi();
  const emails = ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com'];
  for (const email of emails) await api.db.pool.query(`INSERT INTO directory.contacts (email) VALUES ($1)`, [email]);
  campaign = (await api.request<{ id: string; campaign_id: string }>('POST', '/v1/campaigns', { as: 'marketer', body: { campaign_name: 'Measured', campaign_type: 'email', actual_metrics: { spend: 120 } } })).body;
  const at = (day: number, month = 6) => `2026-0${month}-${String(day).padStart(2, '0')}T10:00:00Z`;
  const e = (contact: string, event_type: string, when: string) => ({ contact, event_type, event_timestamp: when });
  const events = [
    ...emails.map((c) => e(c, 'sent', at(1))),
    e('a@example.com', 'delivered', at(1)),
    e('b@example.com', 'delivered', at(1)),
    e('c@example.com', 'delivered', at(1)),
    e('d@example.com', 'bounced', at(1)),
    e('a@example.com', 'opened', at(2)),
    e('a@example.com', 'opened', at(3)),
    e('b@example.com', 'opened', at(2)),
    e('c@example.com', 'opened', at(2, 7)),
    e('a@example.com', 'clicked', at(3)),
    e('a@example.com', 'converted', at(4)),
    e('b@example.com', 'unsubscribed', at(5)),
    e('c@example.com', 'complained', at(5)),
  ];
  expect((await api.request('POST', `/v1/campaigns/${campaign.id}/events`, { as: 'marketer', body: { events } })).status).toBe(200);
});
afterAll(async () => {
  await api.stop();
});

describe('GET /v1/campaigns/{id}/metrics', () => {
  it('counts events and distinct contacts per type and computes the rates over contacts, in one Data API call', async () => {
    api.dataApiCalls.length = 0;
    const response = await api.request<Metrics>('GET', `/v1/campaigns/${campaign.campaign_id}/metrics`, { as: 'viewer' });
    expect(response.status).toBe(200);
    expect(api.dataApiCalls).toEqual(['Execute']);
    expect(response.body).toEqual({
      campaign_id: campaign.id,
      from: null,
      to: null,
      events: { sent: 4, delivered: 3, opened: 4, clicked: 1, converted: 1, bounced: 1, unsubscribed: 1, complained: 1 },
      contacts: { sent: 4, delivered: 3, opened: 3, clicked: 1, converted: 1, bounced: 1, unsubscribed: 1, complained: 1 },
      unique_contacts: 4,
      rates: {
        delivery_rate: 0.75,
        open_rate: 1,
        click_rate: 0.3333,
        conversion_rate: 0.3333,
        bounce_rate: 0.25,
        unsubscribe_rate: 0.3333,
        complaint_rate: 0.3333,
      },
    });
  });

  it('limits to a time range [from, to)', async () => {
    const june = await api.request<Metrics>('GET', `/v1/campaigns/${campaign.id}/metrics?from=2026-06-01T00:00:00Z&to=2026-07-01T00:00:00Z`, { as: 'viewer' });
    expect(june.body).toMatchObject({ from: '2026-06-01T00:00:00Z', to: '2026-07-01T00:00:00Z' });
    expect(june.body.events.opened).toBe(3);
    expect(june.body.contacts.opened).toBe(2);
    expect(june.body.rates.open_rate).toBe(0.6667);
    const later = await api.request<Metrics>('GET', `/v1/campaigns/${campaign.id}/metrics?from=2026-06-02T10:00:00Z`, { as: 'viewer' });
    expect(later.body.events).toMatchObject({ sent: 0, opened: 4 });
    expect(later.body.rates.open_rate).toBeNull();
  });

  it('answers zeros and null rates for a campaign without events, 404 for an unknown one, 422 for a bad range', async () => {
    const empty = (await api.request<{ id: string }>('POST', '/v1/campaigns', { as: 'marketer', body: { campaign_name: 'Quiet', campaign_type: 'sms' } })).body;
    const quiet = await api.request<Metrics>('GET', `/v1/campaigns/${empty.id}/metrics`, { as: 'viewer' });
    expect(quiet.body.unique_contacts).toBe(0);
    expect(Object.values(quiet.body.events).every((n) => n === 0)).toBe(true);
    expect(Object.values(quiet.body.rates).every((r) => r === null)).toBe(true);
    for (const id of ['CMP-999999', 'nope']) expect((await api.request('GET', `/v1/campaigns/${id}/metrics`)).status).toBe(404);
    const bad = await api.request<Problem>('GET', `/v1/campaigns/${campaign.id}/metrics?from=yesterday&to=2026-01-01T00:00:00Z`);
    expect(bad.status).toBe(422);
    expect(bad.body.errors?.map((e) => e.path)).toEqual(['query.from']);
    const backwards = await api.request<Problem>('GET', `/v1/campaigns/${campaign.id}/metrics?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`);
    expect(backwards.body.errors?.map((e) => e.path)).toEqual(['query.to']);
  });
});

describe('POST /v1/campaigns/{id}/metrics/refresh', () => {
  it('stores the all-time metrics in actual_metrics, keeping keys written by hand, in one Data API call', async () => {
    api.dataApiCalls.length = 0;
    const response = await api.request<{ actual_metrics: Record<string, unknown> }>('POST', `/v1/campaigns/${campaign.id}/metrics/refresh`, { as: 'marketer' });
    expect(response.status).toBe(200);
    expect(api.dataApiCalls).toEqual(['Execute']);
    expect(response.headers.get('etag')).toMatch(/^"v\./);
    expect(response.body.actual_metrics).toMatchObject({ spend: 120, unique_contacts: 4, rates: { delivery_rate: 0.75 }, events: { sent: 4 } });
    expect(response.body.actual_metrics).not.toHaveProperty('campaign_uuid');
    expect(typeof response.body.actual_metrics.refreshed_at).toBe('string');
    expect((await api.request('POST', `/v1/campaigns/${campaign.id}/metrics/refresh`, { as: 'viewer' })).status).toBe(403);
    expect((await api.request('POST', '/v1/campaigns/CMP-999999/metrics/refresh', { as: 'marketer' })).status).toBe(404);
    expect((await api.request<Problem>('POST', `/v1/campaigns/${campaign.id}/metrics/refresh`, { as: 'marketer', body: { x: 1 } })).status).toBe(422);
  });
});
