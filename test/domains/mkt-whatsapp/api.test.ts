/**
 * WhatsApp accounts, groups, contacts and messages through the local HTTP
 * API: no secret is accepted or returned, consent is timestamped and
 * enforced, messages link to campaigns, content, groups and contacts, and a
 * campaign's figures are computed in SQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';
import { insertCampaign, insertContent, insertWapAccount, insertWapContact } from '../../support/mkt-fixtures.js';

type Account = Record<string, unknown> & { id: string; status: string };
type Message = { id: string; direction: string; status: string; campaign_id: string | null; sent_by: string | null };
type Problem = { errors?: Array<{ path: string }> };

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

describe('accounts', () => {
  it('lets admins create accounts, never takes or returns a secret, and cannot make one active without a token', async () => {
    const created = await api.request<Account>('POST', '/v1/mkt/whatsapp/accounts', {
      as: 'admin',
      body: { display_name: 'Owner Relations', phone_e164: '+15550100001', phone_number_id: '1234567890' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'pending', quality_rating: 'unknown', is_default: false });
    expect(Object.keys(created.body).some((k) => /token|secret/.test(k) && k !== 'token_expires_at')).toBe(false);
    const secret = await api.request<Problem>('POST', '/v1/mkt/whatsapp/accounts', {
      as: 'admin',
      body: { display_name: 'x', phone_e164: '+15550100002', access_token: 'EAAB...', access_token_encrypted: 'x', app_secret: 's' },
    });
    expect(secret.status).toBe(422);
    expect(secret.body.errors?.map((e) => e.path).sort()).toEqual(['body.access_token', 'body.access_token_encrypted', 'body.app_secret']);
    const active = await api.request<Problem>('PATCH', `/v1/mkt/whatsapp/accounts/${created.body.id}`, { as: 'admin', body: { status: 'active' } });
    expect(active.body.errors?.map((e) => e.path)).toEqual(['body.status']);
    expect((await api.request('POST', '/v1/mkt/whatsapp/accounts', { as: 'marketer', body: { display_name: 'x', phone_e164: '+15550100003' } })).status).toBe(403);
    expect((await api.request('POST', '/v1/mkt/whatsapp/accounts', { as: 'admin', body: { display_name: 'x', phone_e164: '+15550100001' } })).status).toBe(409);
    const badPhone = await api.request<Problem>('POST', '/v1/mkt/whatsapp/accounts', { as: 'admin', body: { display_name: 'x', phone_e164: '555-0100' } });
    expect(badPhone.body.errors?.map((e) => e.path)).toEqual(['body.phone_e164']);
  });
});

describe('groups and contacts', () => {
  it('creates groups on an account and contacts linked to personas, stamping opt-in and opt-out', async () => {
    const accountId = await insertWapAccount(api.db.pool, '+15550200001');
    const group = await api.request<{ id: string; group_type: string }>('POST', '/v1/mkt/whatsapp/groups', { as: 'marketer', body: { account_id: accountId, name: 'Gulf Coast Owners Circle', group_type: 'owners' } });
    expect(group.status).toBe(201);
    const badGroup = await api.request<Problem>('POST', '/v1/mkt/whatsapp/groups', { as: 'marketer', body: { account_id: accountId, name: 'x', group_type: 'fans' } });
    expect(badGroup.body.errors?.map((e) => e.path)).toEqual(['body.group_type']);
    const { rows } = await api.db.pool.query<{ id: string }>(`INSERT INTO public.mkt_persona_contacts (full_name) VALUES ('Dana') RETURNING id`);
    const contact = await api.request<{ id: string; opted_in_at: string | null; persona_contact_id: string }>('POST', '/v1/mkt/whatsapp/contacts', {
      as: 'marketer',
      body: { phone_e164: '+15550200002', persona_contact_id: rows[0]!.id, opt_in_status: 'opted_in' },
    });
    expect(contact.status).toBe(201);
    expect(contact.body.opted_in_at).toBeTruthy();
    const out = await api.request<{ opted_out_at: string | null }>('PATCH', `/v1/mkt/whatsapp/contacts/${contact.body.id}`, { as: 'marketer', body: { opt_in_status: 'opted_out' } });
    expect(out.body.opted_out_at).toBeTruthy();
    const byPersona = await api.request<{ data: Array<{ id: string }> }>('GET', `/v1/mkt/whatsapp/contacts?persona_contact_id=eq.${rows[0]!.id}`);
    expect(byPersona.body.data.map((c) => c.id)).toEqual([contact.body.id]);
  });
});

describe('messages', () => {
  it('schedules outbound messages linked to a campaign, content, group and contact', async () => {
    const accountId = await insertWapAccount(api.db.pool, '+15550300001');
    const contactId = await insertWapContact(api.db.pool, '+15550300002');
    const campaign = await insertCampaign(api.db.pool);
    const content = await insertContent(api.db.pool, { typeCode: 'whatsapp_broadcast' });
    api.dataApiCalls.length = 0;
    const scheduled = await api.request<Message>('POST', '/v1/mkt/whatsapp/messages', {
      as: 'marketer',
      body: { account_id: accountId, contact_id: contactId, campaign_id: campaign.id, content_id: content.id, message_type: 'template', template_name: 'owner_update', scheduled_for: '2026-08-01T09:00:00Z' },
    });
    expect(scheduled.status).toBe(201);
    expect(api.dataApiCalls).toEqual(['Execute']);
    expect(scheduled.body).toMatchObject({ direction: 'outbound', status: 'scheduled', campaign_id: campaign.id, sent_by: null });
    const queued = await api.request<Message>('POST', '/v1/mkt/whatsapp/messages', { as: 'marketer', body: { account_id: accountId, contact_id: contactId, body: 'Hello' } });
    expect(queued.body.status).toBe('queued');
    const byCampaign = await api.request<{ data: Message[] }>('GET', `/v1/mkt/whatsapp/messages?campaign_id=eq.${campaign.id}`);
    expect(byCampaign.body.data.map((m) => m.id)).toEqual([scheduled.body.id]);
  });

  it('refuses messages without a target or template name, server-owned fields, and opted-out contacts', async () => {
    const accountId = await insertWapAccount(api.db.pool, '+15550400001');
    const bad = await api.request<Problem>('POST', '/v1/mkt/whatsapp/messages', {
      as: 'marketer',
      body: { account_id: accountId, message_type: 'template', direction: 'inbound', external_message_id: 'wamid.x', status: 'sent' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors?.map((e) => e.path).sort()).toEqual(['body.direction', 'body.external_message_id', 'body.status']);
    const noTarget = await api.request<Problem>('POST', '/v1/mkt/whatsapp/messages', { as: 'marketer', body: { account_id: accountId, message_type: 'template' } });
    expect(noTarget.body.errors?.map((e) => e.path).sort()).toEqual(['body.contact_id', 'body.template_name']);
    const optedOut = await insertWapContact(api.db.pool, '+15550400002', { optedOut: true });
    const before = await api.db.pool.query('SELECT count(*)::int AS n FROM public.mkt_wap_messages');
    const refused = await api.request('POST', '/v1/mkt/whatsapp/messages', { as: 'marketer', body: { account_id: accountId, contact_id: optedOut, body: 'Hi' } });
    expect(refused.status).toBe(422);
    const after = await api.db.pool.query('SELECT count(*)::int AS n FROM public.mkt_wap_messages');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it("sums a campaign's figures by the furthest status each message reached, and its replies", async () => {
    const accountId = await insertWapAccount(api.db.pool, '+15550500001');
    const a = await insertWapContact(api.db.pool, '+15550500002');
    const b = await insertWapContact(api.db.pool, '+15550500003');
    const campaign = await insertCampaign(api.db.pool);
    const insert = (contact: string, status: string, extra: string) =>
      api.db.pool.query(
        `INSERT INTO public.mkt_wap_messages (account_id, campaign_id, contact_id, direction, status, sent_at, delivered_at, read_at, failed_at, created_at)
         SELECT $1, $2, $3, 'outbound', $4, ${extra}, now() - interval '1 hour'`,
        [accountId, campaign.id, contact, status],
      );
    await insert(a, 'read', `now(), now(), now(), NULL`);
    await insert(b, 'delivered', `now(), now(), NULL, NULL`);
    await insert(b, 'failed', `NULL, NULL, NULL, now()`);
    await api.db.pool.query(`INSERT INTO public.mkt_wap_messages (account_id, contact_id, direction, status) VALUES ($1, $2, 'inbound', 'received')`, [accountId, a]);
    const stats = await api.request<Record<string, number>>('GET', `/v1/mkt/whatsapp/campaigns/${campaign.campaign_code}/stats`, { as: 'viewer' });
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({ outbound: 3, sent: 2, delivered: 2, read: 1, failed: 1, replies: 1, queued: 0, scheduled: 0 });
    expect((await api.request('GET', '/v1/mkt/whatsapp/campaigns/MCMP-999999/stats')).status).toBe(404);
  });
});
