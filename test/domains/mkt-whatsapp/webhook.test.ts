/**
 * The WhatsApp webhook through the local HTTP API, with real HMAC-SHA256
 * signatures computed here over payloads shaped as Meta documents them
 * (fixtures/): each account's own callback path, app secret and verify token
 * (stored sealed through the accounts API), the handshake, 401 before
 * anything is stored for a wrong, missing or stale signature, idempotent
 * storage of inbound messages (one Data API call per delivery once the
 * secret is loaded), statuses that merge monotonically and keep their
 * pricing category, and reconciliation by biz_opaque_callback_data.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';
import { insertWapContact } from '../../support/mkt-fixtures.js';

const APP_SECRET = 'test-app-secret-0123456789';
const VERIFY_TOKEN = 'test-verify-token';
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const sign = (body: string, secret = APP_SECRET) => `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;

let api: TestApi;
let accountId: string;
let hook: string;
beforeAll(async () => {
  api = await startTestApi();
  const account = await api.request<{ id: string }>('POST', '/v1/mkt/whatsapp/accounts', {
    body: { display_name: 'Guest Relations', phone_e164: '+15550783881', phone_number_id: '106540352242922', app_secret: APP_SECRET, verify_token: VERIFY_TOKEN },
  });
  expect(account.status).toBe(201);
  accountId = account.body.id;
  hook = `/v1/mkt/whatsapp/webhook/${accountId}`;
  await api.db.pool.query(`INSERT INTO public.mkt_wap_groups (account_id, name, external_group_id) VALUES ($1, 'Guests', '120363025246125486@g.us')`, [accountId]);
  // The first request reads and opens the account's secrets (one more call); the tests below count steady-state calls.
  expect((await api.request('GET', `${hook}?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`, { as: null })).status).toBe(200);
});
afterAll(async () => {
  await api.stop();
});

async function deliver(body: string, signature: string | null = sign(body), path = hook) {
  api.dataApiCalls.length = 0;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signature !== null) headers['x-hub-signature-256'] = signature;
  const response = await api.request<Record<string, number>>('POST', path, { as: null, body, headers });
  return { ...response, calls: [...api.dataApiCalls] };
}

const count = async (sql: string) => (await api.db.pool.query<{ n: number }>(sql)).rows[0]!.n;
const inboundCount = () => count(`SELECT count(*)::int AS n FROM public.mkt_wap_messages WHERE direction = 'inbound'`);

describe('verification handshake', () => {
  it("answers the challenge as text only for the account's verify token", async () => {
    const ok = await api.request('GET', `${hook}?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`, { as: null });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(ok.body).toBe('1158201444');
    for (const query of [
      'hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1',
      `hub.mode=unsubscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`,
      'hub.mode=subscribe&hub.challenge=1',
    ]) {
      const refused = await api.request('GET', `${hook}?${query}`, { as: null });
      expect(refused.status, query).toBe(403);
    }
    // Another account's path, or an unknown one, does not take this token.
    const other = await api.request<{ id: string }>('POST', '/v1/mkt/whatsapp/accounts', { body: { display_name: 'Other', phone_e164: '+15550783882', verify_token: 'other-token' } });
    for (const path of [`/v1/mkt/whatsapp/webhook/${other.body.id}`, '/v1/mkt/whatsapp/webhook/0190a5f0-0000-7000-8000-000000000000', '/v1/mkt/whatsapp/webhook/not-a-uuid']) {
      const refused = await api.request('GET', `${path}?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`, { as: null });
      expect(refused.status, path).toBe(403);
    }
  });
});

describe('signature', () => {
  it('refuses a wrong, missing or other-secret signature, and a body altered after signing, with 401, storing nothing', async () => {
    const body = fixture('inbound-messages.json');
    const before = await inboundCount();
    const altered = body.replace('"Does it have a pool?"', '"Does it have a pool?" ');
    const compact = JSON.stringify(JSON.parse(body));
    for (const [what, payload, signature] of [
      ['wrong', body, 'sha256=' + '0'.repeat(64)],
      ['missing', body, null],
      ['other secret', body, sign(body, 'another-secret')],
      ['not hex', body, 'sha256=xyz'],
      ['whitespace added after signing', altered, sign(body)],
      ['re-serialised after signing', compact, sign(body)],
    ] as const) {
      const response = await deliver(payload, signature);
      expect(response.status, what).toBe(401);
      expect(response.calls, what).toEqual([]);
    }
    expect(await inboundCount()).toBe(before);
    // An unknown account's path is refused the same way; one without an app secret yet asks Meta to retry later.
    expect((await deliver(body, sign(body), '/v1/mkt/whatsapp/webhook/0190a5f0-0000-7000-8000-000000000000')).status).toBe(401);
    const bare = await api.request<{ id: string }>('POST', '/v1/mkt/whatsapp/accounts', { body: { display_name: 'Bare', phone_e164: '+15550783883' } });
    const unconfigured = await deliver(body, sign(body), `/v1/mkt/whatsapp/webhook/${bare.body.id}`);
    expect(unconfigured.status).toBe(503);
    expect(unconfigured.headers.get('retry-after')).toBeTruthy();
    expect(await inboundCount()).toBe(before);
  });
});

describe('deliveries', () => {
  it('stores every inbound message of every entry once, creating unknown contacts, in one Data API call; a redelivery stores nothing', async () => {
    const body = fixture('inbound-messages.json');
    const first = await deliver(body);
    expect(first.status).toBe(200);
    expect(first.calls).toEqual(['Execute']);
    expect(first.body).toMatchObject({ messages_stored: 4, unknown_account_entries: 0 });
    const { rows } = await api.db.pool.query(
      `SELECT m.message_type, m.body, m.status, c.phone_e164, c.display_name, g.name AS group_name
       FROM public.mkt_wap_messages m JOIN public.mkt_wap_contacts c ON c.id = m.contact_id LEFT JOIN public.mkt_wap_groups g ON g.id = m.group_id
       WHERE m.direction = 'inbound' ORDER BY m.sent_at`,
    );
    expect(rows.map((r) => [r.message_type, r.body, r.status, r.phone_e164, r.display_name, r.group_name])).toEqual([
      ['text', 'Does it have a pool?', 'received', '+16505551234', 'Sheena Nelson', null],
      ['location', '30.2672,-87.5567 Orange Beach Orange Beach, AL', 'received', '+16505551234', 'Sheena Nelson', null],
      ['reaction', '👍', 'received', '+16505551234', 'Sheena Nelson', null],
      ['interactive', 'Book now', 'received', '+16315551181', 'Kerry Fisher', 'Guests'],
    ]);
    const messagesBefore = await api.db.pool.query(`SELECT * FROM public.mkt_wap_messages WHERE direction = 'inbound' ORDER BY id`);
    const again = await deliver(body);
    expect(again.status).toBe(200);
    expect(again.body.messages_stored).toBe(0);
    const messagesAfter = await api.db.pool.query(`SELECT * FROM public.mkt_wap_messages WHERE direction = 'inbound' ORDER BY id`);
    expect(messagesAfter.rows).toEqual(messagesBefore.rows);
  });

  it('merges statuses monotonically: out of order ends right, a late delivered changes nothing, failed records the error', async () => {
    const contact = await insertWapContact(api.db.pool, '+16505551299');
    for (const wamid of ['wamid.OUTBOUND-READ-FIRST', 'wamid.OUTBOUND-FAILED', 'wamid.OUTBOUND-SENT']) {
      await api.db.pool.query(
        `INSERT INTO public.mkt_wap_messages (account_id, contact_id, direction, status, external_message_id, message_type, template_name) VALUES ($1, $2, 'outbound', 'queued', $3, 'template', 'hello')`,
        [accountId, contact, wamid],
      );
    }
    const statuses = await deliver(fixture('status-updates.json'));
    expect(statuses.status).toBe(200);
    expect(statuses.calls).toEqual(['Execute']);
    expect(statuses.body.statuses_applied).toBe(3);
    const pricing = await api.db.pool.query(`SELECT external_message_id AS wamid, pricing_category FROM public.mkt_wap_messages WHERE pricing_category IS NOT NULL`);
    expect(pricing.rows).toEqual([{ wamid: 'wamid.OUTBOUND-SENT', pricing_category: 'marketing' }]);
    const state = async () =>
      (await api.db.pool.query(
        `SELECT external_message_id AS wamid, status, sent_at IS NOT NULL AS sent, delivered_at IS NOT NULL AS delivered, read_at IS NOT NULL AS read, error_code, error_message
         FROM public.mkt_wap_messages WHERE direction = 'outbound' AND contact_id = $1 ORDER BY external_message_id`,
        [contact],
      )).rows;
    const afterFirst = await state();
    expect(afterFirst).toEqual([
      { wamid: 'wamid.OUTBOUND-FAILED', status: 'failed', sent: false, delivered: false, read: false, error_code: '131049', error_message: expect.stringContaining('healthy ecosystem') },
      { wamid: 'wamid.OUTBOUND-READ-FIRST', status: 'read', sent: false, delivered: false, read: true, error_code: null, error_message: null },
      { wamid: 'wamid.OUTBOUND-SENT', status: 'sent', sent: true, delivered: false, read: false, error_code: null, error_message: null },
    ]);
    const late = await deliver(fixture('late-delivered.json'));
    expect(late.body.statuses_applied).toBe(1);
    const afterLate = await state();
    // Only the message that was merely sent moves on; read and failed stay as they were.
    expect(afterLate[0]).toEqual(afterFirst[0]);
    expect(afterLate[1]).toEqual(afterFirst[1]);
    expect(afterLate[2]).toMatchObject({ status: 'delivered', sent: true, delivered: true });
    const replay = await deliver(fixture('status-updates.json'));
    expect(replay.body.statuses_applied).toBe(0);
    expect(await state()).toEqual(afterLate);
  });

  it("finds a message by our id in biz_opaque_callback_data when its wamid was never stored, and stores the wamid", async () => {
    const contact = await insertWapContact(api.db.pool, '+16505551298');
    const { rows } = await api.db.pool.query<{ id: string }>(
      `INSERT INTO public.mkt_wap_messages (account_id, contact_id, direction, status, message_type, template_name, send_state, send_claimed_at, error_code)
       VALUES ($1, $2, 'outbound', 'queued', 'template', 'hello', 'unknown', now(), 'outcome_unknown') RETURNING id`,
      [accountId, contact],
    );
    const body = fixture('status-updates.json').replace('"id": "wamid.OUTBOUND-SENT",', `"id": "wamid.RECONCILED", "biz_opaque_callback_data": "${rows[0]!.id}",`);
    const response = await deliver(body);
    expect(response.status).toBe(200);
    const after = await api.db.pool.query(`SELECT external_message_id, status, send_state, error_code, pricing_category FROM public.mkt_wap_messages WHERE id = $1`, [rows[0]!.id]);
    expect(after.rows[0]).toEqual({ external_message_id: 'wamid.RECONCILED', status: 'sent', send_state: 'accepted', error_code: null, pricing_category: 'marketing' });
  });

  it('leaves out entries for unknown numbers, and refuses a signed body that is not a delivery', async () => {
    const body = fixture('inbound-messages.json').replaceAll('106540352242922', '999999999999999');
    const unknown = await deliver(body);
    expect(unknown.status).toBe(200);
    expect(unknown.body).toMatchObject({ messages_stored: 0, unknown_account_entries: 4 });
    const notDelivery = JSON.stringify({ object: 'page', entry: [] });
    expect((await deliver(notDelivery)).status).toBe(422);
    expect((await deliver('not json', sign('not json'))).status).toBe(400);
  });
});
