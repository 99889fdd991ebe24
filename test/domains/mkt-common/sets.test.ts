/**
 * A campaign's four assignment sets through the local HTTP API: PUT replaces
 * the whole set in one transaction (lock the campaign, then one replacing
 * statement; set-races.test.ts shows why it takes two), repeats and duplicates are harmless,
 * the primary segment moves, and a list naming an unknown member is a 422
 * naming its index that changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';
import { insertCampaign, insertContent, insertNdpTopic, insertPillar } from '../../support/mkt-fixtures.js';
import type { Problem } from '../../support/types.js';

type Member = { id: string; code?: string; name?: string; title?: string; is_primary?: boolean };
type SetBody = { data: Member[] };

/** A replacement's Data API calls: the campaign lock, then the replacing statement, in one transaction. */
const REPLACE_CALLS = ['BeginTransaction', 'Execute', 'Execute', 'CommitTransaction'];

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

async function put(campaign: string, set: string, body: unknown) {
  api.dataApiCalls.length = 0;
  const response = await api.request<SetBody & Problem>('PUT', `/v1/mkt/campaigns/${campaign}/${set}`, { as: 'marketer', body });
  return { ...response, calls: [...api.dataApiCalls] };
}

async function assignedRows(table: string, campaignId: string) {
  const { rows } = await api.db.pool.query(`SELECT * FROM public.${table} WHERE campaign_id = $1 ORDER BY id`, [campaignId]);
  return rows;
}

describe('campaign segment set', () => {
  it('replaces the set in one transaction of two statements and answers the new set', async () => {
    const campaign = await insertCampaign(api.db.pool);
    const first = await put(campaign.campaign_code, 'segments', { ids: ['prospective_owners', 'property_investors'], primary: 'prospective_owners' });
    expect(first.status).toBe(200);
    expect(first.calls).toEqual(REPLACE_CALLS);
    expect(first.body.data.map((m) => [m.code, m.is_primary])).toEqual([
      ['prospective_owners', true],
      ['property_investors', false],
    ]);
    const second = await put(campaign.id, 'segments', { ids: ['property_investors', 'real_estate_agents'] });
    expect(second.calls).toEqual(REPLACE_CALLS);
    expect(second.body.data.map((m) => m.code)).toEqual(['property_investors', 'real_estate_agents']);
    const rows = await assignedRows('mkt_campaign_segment_assignments', campaign.id);
    expect(rows.map((r) => r.is_primary)).toEqual([false, false]);
    const read = await api.request<SetBody>('GET', `/v1/mkt/campaigns/${campaign.id}/segments`, { as: 'viewer' });
    expect(read.body.data).toEqual(second.body.data);
  });

  it('keeps existing rows on a repeat, and counts a member named twice once', async () => {
    const campaign = await insertCampaign(api.db.pool);
    await put(campaign.id, 'segments', { ids: ['managed_owners'] });
    const before = await assignedRows('mkt_campaign_segment_assignments', campaign.id);
    const again = await put(campaign.id, 'segments', { ids: ['managed_owners', 'managed_owners', before[0]!.segment_id] });
    expect(again.status).toBe(200);
    expect(again.body.data.map((m) => m.code)).toEqual(['managed_owners']);
    expect(await assignedRows('mkt_campaign_segment_assignments', campaign.id)).toEqual(before);
  });

  it('moves the primary segment from one member to another, and to a new member, in one request each', async () => {
    const campaign = await insertCampaign(api.db.pool);
    await put(campaign.id, 'segments', { ids: ['leisure_families', 'repeat_guests'], primary: 'leisure_families' });
    const moved = await put(campaign.id, 'segments', { ids: ['leisure_families', 'repeat_guests'], primary: 'repeat_guests' });
    expect(moved.status).toBe(200);
    expect(moved.body.data.filter((m) => m.is_primary).map((m) => m.code)).toEqual(['repeat_guests']);
    const replaced = await put(campaign.id, 'segments', { ids: ['remote_workers'], primary: 'remote_workers' });
    expect(replaced.status).toBe(200);
    const rows = await assignedRows('mkt_campaign_segment_assignments', campaign.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.is_primary).toBe(true);
  });

  it('refuses unknown members with 422 naming their index, changing nothing', async () => {
    const campaign = await insertCampaign(api.db.pool);
    await put(campaign.id, 'segments', { ids: ['service_vendors'] });
    const before = await assignedRows('mkt_campaign_segment_assignments', campaign.id);
    const bad = await put(campaign.id, 'segments', { ids: ['managed_owners', 'no_such_segment', '0190a5f0-0000-7000-8000-000000000000'] });
    expect(bad.status).toBe(422);
    expect(bad.calls).toEqual(REPLACE_CALLS);
    expect(bad.body.errors?.map((e) => e.path)).toEqual(['body.ids[1]', 'body.ids[2]']);
    expect(await assignedRows('mkt_campaign_segment_assignments', campaign.id)).toEqual(before);
  });

  it('validates the body at the edge: shapes, and a primary outside the list', async () => {
    const campaign = await insertCampaign(api.db.pool);
    const shapes = await put(campaign.id, 'segments', { ids: ['Not A Code', 7], extra: true });
    expect(shapes.status).toBe(422);
    expect(shapes.calls).toEqual([]);
    expect(shapes.body.errors?.map((e) => e.path).sort()).toEqual(['body.extra', 'body.ids[0]', 'body.ids[1]']);
    const primary = await put(campaign.id, 'segments', { ids: ['managed_owners'], primary: 'repeat_guests' });
    expect(primary.status).toBe(422);
    expect(primary.body.errors?.map((e) => e.path)).toEqual(['body.primary']);
    expect(await assignedRows('mkt_campaign_segment_assignments', campaign.id)).toEqual([]);
  });

  it('answers 404 for an unknown campaign and 403 for a viewer', async () => {
    expect((await put('MCMP-999999', 'segments', { ids: [] })).status).toBe(404);
    expect((await api.request('GET', '/v1/mkt/campaigns/0190a5f0-0000-7000-8000-000000000000/segments')).status).toBe(404);
    const campaign = await insertCampaign(api.db.pool);
    const viewer = await api.request('PUT', `/v1/mkt/campaigns/${campaign.id}/segments`, { as: 'viewer', body: { ids: [] } });
    expect(viewer.status).toBe(403);
  });
});

describe('campaign topic, pillar and content sets', () => {
  it('replaces each by uuid or business code in one transaction, and empties it with []', async () => {
    const campaign = await insertCampaign(api.db.pool);
    const topic = await insertNdpTopic(api.db.pool);
    const pillar = await insertPillar(api.db.pool);
    const content = await insertContent(api.db.pool);
    const cases = [
      ['ndp-topics', 'mkt_campaign_ndp_assignments', [topic.topic_code], topic.id],
      ['pillars', 'mkt_campaign_pillar_assignments', [pillar.id, pillar.pillar_code], pillar.id],
      ['content', 'mkt_campaign_content_assignments', [content.content_code], content.id],
    ] as const;
    for (const [set, table, ids, expectedId] of cases) {
      const response = await put(campaign.id, set, { ids });
      expect(response.status, set).toBe(200);
      expect(response.calls).toEqual(REPLACE_CALLS);
      expect(response.body.data.map((m) => m.id)).toEqual([expectedId]);
      expect((await assignedRows(table, campaign.id)).length).toBe(1);
      expect((await put(campaign.id, set, { ids: [] })).body.data).toEqual([]);
      expect(await assignedRows(table, campaign.id)).toEqual([]);
    }
  });

  it('refuses a set naming an unknown topic with 422 at its index, and leaves the set as it was', async () => {
    const campaign = await insertCampaign(api.db.pool);
    const topic = await insertNdpTopic(api.db.pool);
    await put(campaign.id, 'ndp-topics', { ids: [topic.id] });
    const bad = await put(campaign.id, 'ndp-topics', { ids: [topic.id, 'MNDP-999999'] });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toMatch(/problem\+json/);
    expect(bad.body.errors).toEqual([{ path: 'body.ids[1]', message: expect.stringContaining('MNDP-999999') }]);
    const rows = await assignedRows('mkt_campaign_ndp_assignments', campaign.id);
    expect(rows.map((r) => r.ndp_topic_id)).toEqual([topic.id]);
  });

  it("sets created_by to the caller's profile from app.actor (schema/95), and to NULL for a subject without one", async () => {
    const { rows: users } = await api.db.pool.query<{ id: string }>(`INSERT INTO public.auth_users (email) VALUES ('m@example.com') RETURNING id`);
    const { rows: profiles } = await api.db.pool.query<{ id: string }>(
      `INSERT INTO public.profiles (auth_user_id, full_name) VALUES ($1, 'M') RETURNING id`,
      [users[0]!.id],
    );
    const campaign = await insertCampaign(api.db.pool);
    // The test tokens' subjects ('test-marketer') are not profiles' users: the column stays NULL.
    await put(campaign.id, 'segments', { ids: ['managed_owners'] });
    expect((await assignedRows('mkt_campaign_segment_assignments', campaign.id))[0]!.created_by).toBeNull();
    // A Cognito subject that is a profile's auth user resolves to that profile, as the API's statements set it.
    const client = await api.db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT set_config('app.actor', $1, true)`, [users[0]!.id]);
      const { rows } = await client.query<{ created_by: string }>(
        `INSERT INTO public.mkt_campaigns (name, created_by) VALUES ('Actor test', NULL) RETURNING created_by`,
      );
      await client.query('COMMIT');
      expect(rows[0]!.created_by).toBe(profiles[0]!.id);
    } finally {
      client.release();
    }
  });
});
