import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgExecutor } from '../../local/pg-executor.js';
import { refreshCampaignMetrics } from '../../lambdas/workers/metrics-refresh/refresh.js';
import { createTestDatabase } from '../support/db.js';
import type { TestDatabase } from '../support/db.js';

describe('campaign metrics refresh (one statement, real PostgreSQL)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  async function campaign(status: string, metrics: object | null = null): Promise<string> {
    const { rows } = await db.pool.query<{ id: string }>(
      `INSERT INTO marketing.campaigns (campaign_name, campaign_type, status, actual_metrics) VALUES ('C', 'email', $1, $2) RETURNING id`,
      [status, metrics === null ? null : JSON.stringify(metrics)],
    );
    return rows[0]!.id;
  }

  async function events(campaignId: string, spec: Array<[number, string]>): Promise<void> {
    const contacts: string[] = [];
    for (const [contact, type] of spec) {
      while (contacts.length <= contact) contacts.push((await db.pool.query<{ id: string }>('INSERT INTO directory.contacts DEFAULT VALUES RETURNING id')).rows[0]!.id);
      await db.pool.query('INSERT INTO marketing.campaign_events (campaign_id, contact_id, event_type) VALUES ($1, $2, $3)', [campaignId, contacts[contact], type]);
    }
  }

  const metricsOf = async (id: string) => (await db.pool.query('SELECT actual_metrics FROM marketing.campaigns WHERE id = $1', [id])).rows[0].actual_metrics;

  it('refreshes active and paused campaigns only, keeping other keys, with the same figures as the metrics route', async () => {
    const active = await campaign('active', { spend: 50 });
    const paused = await campaign('paused');
    const draft = await campaign('draft', { note: 'untouched' });
    const quiet = await campaign('active');
    await events(active, [[0, 'sent'], [1, 'sent'], [0, 'delivered'], [1, 'delivered'], [0, 'opened'], [0, 'opened'], [0, 'clicked']]);
    await events(paused, [[0, 'sent'], [0, 'bounced']]);
    await events(draft, [[0, 'sent']]);

    const result = await refreshCampaignMetrics(pgExecutor(db.pool));
    expect(result).toEqual({ refreshed: 3 });
    expect(await metricsOf(active)).toMatchObject({
      spend: 50,
      events: { sent: 2, delivered: 2, opened: 2, clicked: 1, bounced: 0 },
      contacts: { opened: 1 },
      unique_contacts: 2,
      rates: { delivery_rate: 1, open_rate: 0.5, click_rate: 0.5, bounce_rate: 0 },
    });
    expect(await metricsOf(paused)).toMatchObject({ events: { sent: 1, bounced: 1 }, rates: { bounce_rate: 1, open_rate: null } });
    expect(await metricsOf(quiet)).toMatchObject({ unique_contacts: 0, rates: { delivery_rate: null } });
    expect(await metricsOf(draft)).toEqual({ note: 'untouched' });
  });
});
