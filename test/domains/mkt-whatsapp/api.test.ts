/**
 * WhatsApp accounts, groups, contacts and messages through the local HTTP
 * API: no secret is accepted or returned, consent is timestamped and
 * enforced, messages link to campaigns, content, groups and contacts, and a
 * campaign's figures are computed in SQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';
import { openAccountSecret } from '../../../lambdas/mkt-whatsapp/secrets.js';
import { insertCampaign, insertContent, insertWapAccount, insertWapContact } from '../../support/mkt-fixtures.js';
import type { Problem } from '../../support/types.js';

const TOKEN = 'EAAGwhatsapp-token-0123456789';

type Account = Record<string, unknown> & { id: string; status: string };
type Message = { id: string; direction: string; status: string; campaign_id: string | null; sent_by: string | null };

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

describe('accounts', () => {
  it('lets admins create accounts with write-only secrets that are stored sealed to the account and never returned', async () => {
    const created = await api.request<Account>('POST', '/v1/mkt/whatsapp/accounts', {
      as: 'admin',
      body: { display_name: 'Owner Relations', phone_e164: '+15550100001', phone_number_id: '1234567890', access_token: TOKEN, app_secret: 'app-secret-value', verify_token: 'verify-token-value', status: 'active' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'active', quality_rating: 'unknown', is_default: false });
    const leaks = (text: string) => [TOKEN, 'app-secret-value', 'verify-token-value', 'EAAG'].some((s) => text.includes(s));
    expect(Object.keys(created.body).some((k) => /secret|encrypted|verify/.test(k) || k === 'access_token')).toBe(false);
    expect(leaks(JSON.stringify(created.body))).toBe(false);
    const { rows } = await api.db.pool.query(
      `SELECT convert_from(access_token_encrypted, 'UTF8') AS token, convert_from(app_secret_encrypted, 'UTF8') AS app, convert_from(verify_token_encrypted, 'UTF8') AS verify, token_kms_key_id
       FROM public.mkt_wap_accounts WHERE id = $1`,
      [created.body.id],
    );
    const row = rows[0] as Record<string, string>;
    expect(row.token_kms_key_id).toBe('loc1');
    expect(leaks(JSON.stringify(row))).toBe(false);
    expect(await openAccountSecret(created.body.id, 'access_token', row.token!)).toBe(TOKEN);
    expect(await openAccountSecret(created.body.id, 'app_secret', row.app!)).toBe('app-secret-value');
    expect(await openAccountSecret(created.body.id, 'verify_token', row.verify!)).toBe('verify-token-value');
    // Bound to its account and to its kind: copied to another account or read as another secret, it does not open.
    await expect(openAccountSecret('0190a5f0-0000-7000-8000-000000000000', 'access_token', row.token!)).rejects.toThrow();
    await expect(openAccountSecret(created.body.id, 'app_secret', row.token!)).rejects.toThrow();

    const read = await api.request<Account>('GET', `/v1/mkt/whatsapp/accounts/${created.body.id}`, { as: 'viewer' });
    const list = await api.request('GET', '/v1/mkt/whatsapp/accounts?status=eq.active', { as: 'viewer' });
    expect(leaks(JSON.stringify(read.body)) || leaks(JSON.stringify(list.body))).toBe(false);
    const patched = await api.request<Account>('PATCH', `/v1/mkt/whatsapp/accounts/${created.body.id}`, { as: 'admin', body: { access_token: 'EAAGreplaced-token' } });
    expect(patched.status).toBe(200);
    expect(JSON.stringify(patched.body)).not.toContain('replaced-token');
    const sealed = (await api.db.pool.query(`SELECT convert_from(access_token_encrypted, 'UTF8') AS t FROM public.mkt_wap_accounts WHERE id = $1`, [created.body.id])).rows[0].t;
    expect(await openAccountSecret(created.body.id, 'access_token', sealed)).toBe('EAAGreplaced-token');
  });

  it('refuses ciphertext columns in a body, an active account without a token, marketers, duplicates and bad numbers', async () => {
    const secret = await api.request<Problem>('POST', '/v1/mkt/whatsapp/accounts', {
      as: 'admin',
      body: { display_name: 'x', phone_e164: '+15550100002', access_token_encrypted: 'x', app_secret_encrypted: 's' },
    });
    expect(secret.status).toBe(422);
    expect(secret.body.errors?.map((e) => e.path).sort()).toEqual(['body.access_token_encrypted', 'body.app_secret_encrypted']);
    const active = await api.request<Problem>('POST', '/v1/mkt/whatsapp/accounts', { as: 'admin', body: { display_name: 'x', phone_e164: '+15550100004', status: 'active' } });
    expect(active.body.errors?.map((e) => e.path)).toEqual(['body.access_token']);
    const pending = await api.request<Account>('POST', '/v1/mkt/whatsapp/accounts', { as: 'admin', body: { display_name: 'x', phone_e164: '+15550100005' } });
    expect((await api.request('PATCH', `/v1/mkt/whatsapp/accounts/${pending.body.id}`, { as: 'admin', body: { status: 'active' } })).status).toBe(422);
    expect((await api.request('PATCH', '/v1/mkt/whatsapp/accounts/not-a-uuid', { as: 'admin', body: { app_secret: 'x' } })).status).toBe(404);
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

describe('reads and writes of every resource', () => {
  it('pages and filters lists, answers 404 for unknown ids, 412 for a stale If-Match, and deletes', async () => {
    const accountId = await insertWapAccount(api.db.pool, '+15550250001');
    const ids: string[] = [];
    for (const name of ['Owners', 'Guests', 'Investors']) {
      ids.push((await api.request<{ id: string }>('POST', '/v1/mkt/whatsapp/groups', { as: 'marketer', body: { account_id: accountId, name, group_type: 'owners' } })).body.id);
    }
    const page1 = await api.request<{ data: Array<{ id: string }>; next_cursor: string | null }>('GET', `/v1/mkt/whatsapp/groups?account_id=eq.${accountId}&limit=2`, { as: 'viewer' });
    expect(page1.body.data).toHaveLength(2);
    expect(page1.body.next_cursor).toBeTruthy();
    const page2 = await api.request<{ data: Array<{ id: string }>; next_cursor: string | null }>(
      'GET',
      `/v1/mkt/whatsapp/groups?account_id=eq.${accountId}&limit=2&cursor=${encodeURIComponent(page1.body.next_cursor!)}`,
      { as: 'viewer' },
    );
    expect([...page1.body.data, ...page2.body.data].map((g) => g.id).sort()).toEqual([...ids].sort());
    expect(page2.body.next_cursor).toBeNull();
    const byName = await api.request<{ data: Array<{ id: string }> }>('GET', `/v1/mkt/whatsapp/groups?name=eq.Guests&account_id=eq.${accountId}`, { as: 'viewer' });
    expect(byName.body.data.map((g) => g.id)).toEqual([ids[1]]);
    const badFilter = await api.request<Problem>('GET', '/v1/mkt/whatsapp/groups?group_type=zz.owners', { as: 'viewer' });
    expect(badFilter.status).toBe(422);

    for (const kind of ['accounts', 'groups', 'contacts', 'messages']) {
      expect((await api.request('GET', `/v1/mkt/whatsapp/${kind}/0190a5f0-0000-7000-8000-000000000000`, { as: 'viewer' })).status, kind).toBe(404);
    }
    const read = await api.request('GET', `/v1/mkt/whatsapp/groups/${ids[0]}`, { as: 'viewer' });
    const etag = read.headers.get('etag')!;
    expect((await api.request('PATCH', `/v1/mkt/whatsapp/groups/${ids[0]}`, { as: 'marketer', body: { description: 'Owners only' }, headers: { 'if-match': etag } })).status).toBe(200);
    const stale = await api.request('PATCH', `/v1/mkt/whatsapp/groups/${ids[0]}`, { as: 'marketer', body: { description: 'Again' }, headers: { 'if-match': etag } });
    expect(stale.status).toBe(412);
    expect((await api.request('DELETE', `/v1/mkt/whatsapp/groups/${ids[2]}`, { as: 'admin' })).status).toBe(204);
    expect((await api.request('GET', `/v1/mkt/whatsapp/groups/${ids[2]}`, { as: 'viewer' })).status).toBe(404);
    // An account with groups is kept (RESTRICT): disconnect it instead.
    expect((await api.request('DELETE', `/v1/mkt/whatsapp/accounts/${accountId}`, { as: 'admin' })).status).toBe(409);
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
    const queued = await api.request<Message>('POST', '/v1/mkt/whatsapp/messages', {
      as: 'marketer',
      body: { account_id: accountId, contact_id: contactId, message_type: 'template', template_name: 'welcome', template_language: 'en_US', template_parameters: ['Dana'] },
    });
    expect(queued.body).toMatchObject({ status: 'queued', template_parameters: ['Dana'], send_state: null });
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
    const refused = await api.request('POST', '/v1/mkt/whatsapp/messages', { as: 'marketer', body: { account_id: accountId, contact_id: optedOut, message_type: 'template', template_name: 'hello' } });
    expect(refused.status).toBe(422);
    const after = await api.db.pool.query('SELECT count(*)::int AS n FROM public.mkt_wap_messages');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('takes text inside the 24-hour customer-service window and refuses it outside with a 422 naming message_type, storing nothing', async () => {
    const accountId = await insertWapAccount(api.db.pool, '+15550450001');
    const contactId = await insertWapContact(api.db.pool, '+15550450002');
    const text = (extra: Record<string, unknown> = {}) =>
      api.request<Problem & { detail?: string }>('POST', '/v1/mkt/whatsapp/messages', { as: 'marketer', body: { account_id: accountId, contact_id: contactId, body: 'Your keys are ready', ...extra } });
    const before = await api.db.pool.query('SELECT count(*)::int AS n FROM public.mkt_wap_messages');
    const closed = await text();
    expect(closed.status).toBe(422);
    expect(closed.body.errors).toEqual([{ path: 'body.message_type', message: expect.stringContaining('only a template message may be sent') }]);
    expect((await api.db.pool.query('SELECT count(*)::int AS n FROM public.mkt_wap_messages')).rows[0].n).toBe(before.rows[0].n);
    // The contact writes: the window is open for 24 hours after.
    await api.db.pool.query(
      `INSERT INTO public.mkt_wap_messages (account_id, contact_id, direction, status, external_message_id, sent_at) VALUES ($1, $2, 'inbound', 'received', 'wamid.IN-1', now() - interval '2 hours')`,
      [accountId, contactId],
    );
    expect((await text()).status).toBe(201);
    // Scheduled past the window's end: refused.
    expect((await text({ scheduled_for: new Date(Date.now() + 23 * 3600_000).toISOString() })).status).toBe(422);
    expect((await text({ scheduled_for: new Date(Date.now() + 3600_000).toISOString() })).status).toBe(201);
  });

  it("sums a campaign's figures by the furthest status each message reached, and its replies", async () => {
    const accountId = await insertWapAccount(api.db.pool, '+15550500001');
    const a = await insertWapContact(api.db.pool, '+15550500002');
    const b = await insertWapContact(api.db.pool, '+15550500003');
    const campaign = await insertCampaign(api.db.pool);
    const insert = (contact: string, status: string, extra: string) =>
      api.db.pool.query(
        `INSERT INTO public.mkt_wap_messages (account_id, campaign_id, contact_id, direction, status, sent_at, delivered_at, read_at, failed_at, created_at)
         SELECT $1, $2, $3, 'outbound', $4, ${extra}, now() - interval '1 hour'`.replace('(account_id,', '(message_type, template_name, account_id,').replace('SELECT $1', "SELECT 'template', 'offer', $1"),
        [accountId, campaign.id, contact, status],
      );
    await insert(a, 'read', `now(), now(), now(), NULL`);
    await insert(b, 'delivered', `now(), now(), NULL, NULL`);
    await insert(b, 'failed', `NULL, NULL, NULL, now()`);
    await api.db.pool.query(`INSERT INTO public.mkt_wap_messages (account_id, contact_id, direction, status) VALUES ($1, $2, 'inbound', 'received')`, [accountId, a]);
    const stats = await api.request<Record<string, number>>('GET', `/v1/mkt/whatsapp/campaigns/${campaign.campaign_code}/stats`, { as: 'viewer' });
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({ outbound: 3, sent: 2, delivered: 2, read: 1, failed: 1, replies: 1, queued: 0, scheduled: 0, outcome_unknown: 0, pricing_categories: {} });
    await api.db.pool.query(`UPDATE public.mkt_wap_messages SET pricing_category = CASE WHEN status = 'read' THEN 'marketing' ELSE 'utility' END WHERE campaign_id = $1 AND status <> 'failed'`, [campaign.id]);
    await api.db.pool.query(`UPDATE public.mkt_wap_messages SET send_state = 'unknown', send_claimed_at = now(), status = 'queued', failed_at = NULL WHERE campaign_id = $1 AND status = 'failed'`, [campaign.id]);
    const priced = await api.request<Record<string, unknown>>('GET', `/v1/mkt/whatsapp/campaigns/${campaign.id}/stats`, { as: 'viewer' });
    expect(priced.body).toMatchObject({ pricing_categories: { marketing: 1, utility: 1 }, outcome_unknown: 1, queued: 0, failed: 0 });
    expect((await api.request('GET', '/v1/mkt/whatsapp/campaigns/MCMP-999999/stats')).status).toBe(404);
  });
});
