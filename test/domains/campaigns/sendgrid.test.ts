/**
 * The SendGrid Event Webhook through the local HTTP API: signatures made in
 * the test with a fresh P-256 key pair over timestamp + raw body, the
 * documented sample events, dedupe on sg_event_id, and refusals (401) of a
 * body altered after signing, a missing or stale signature, with nothing stored.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/api.js';
import type { Problem } from '../../support/types.js';

type Result = { stored: number; duplicates: number; unmatched: number; ignored: number };

const samples = readFileSync(path.resolve('test/fixtures/providers/sendgrid-events.json'), 'utf8');

let api: TestApi;
let campaignId: string;
let privateKey: KeyObject;
beforeAll(async () => {
  api = await startTestApi();
  const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  privateKey = pair.privateKey;
  // As the SendGrid console shows it: base64 of the DER SubjectPublicKeyInfo.
  process.env.SENDGRID_WEBHOOK_PUBLIC_KEY = pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  await api.db.pool.query(`INSERT INTO directory.contacts (full_name, email) VALUES ('Recipient', 'recipient@example.com')`);
  const made = await api.request<{ id: string; campaign_id: string }>('POST', '/v1/campaigns', { as: 'marketer', body: { campaign_name: 'SendGrid', campaign_type: 'email' } });
  // The samples carry the custom argument campaign_id = CMP-010001: the first campaign of a fresh database.
  expect(made.body.campaign_id).toBe('CMP-010001');
  campaignId = made.body.id;
});
afterAll(async () => {
  delete process.env.SENDGRID_WEBHOOK_PUBLIC_KEY;
  await api.stop();
});

function signed(body: string, timestamp = String(Math.floor(Date.now() / 1000))): Record<string, string> {
  const signature = sign('sha256', Buffer.from(timestamp + body, 'utf8'), privateKey).toString('base64');
  return {
    'content-type': 'application/json',
    'x-twilio-email-event-webhook-signature': signature,
    'x-twilio-email-event-webhook-timestamp': timestamp,
  };
}

const deliver = (body: string, headers: Record<string, string>) => api.request<Result & Problem>('POST', '/v1/webhooks/sendgrid', { as: null, body, headers });

async function stored(): Promise<string[]> {
  const { rows } = await api.db.pool.query<{ event_type: string }>(`SELECT event_type FROM marketing.campaign_events WHERE campaign_id = $1 ORDER BY event_type`, [campaignId]);
  return rows.map((r) => r.event_type);
}

describe('POST /v1/webhooks/sendgrid', () => {
  it('stores the documented delivered, open, click, bounce and spamreport events as their types, in one Data API call', async () => {
    api.dataApiCalls.length = 0;
    const response = await deliver(samples, signed(samples));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(api.dataApiCalls).toEqual(['Execute']);
    // "deferred" has no campaign event type.
    expect(response.body).toEqual({ stored: 5, duplicates: 0, unmatched: 0, ignored: 1 });
    expect(await stored()).toEqual(['bounced', 'clicked', 'complained', 'delivered', 'opened']);
    const { rows } = await api.db.pool.query(`SELECT event_data, event_timestamp FROM marketing.campaign_events WHERE campaign_id = $1 AND event_type = 'clicked'`, [campaignId]);
    expect(rows[0].event_data).toMatchObject({ provider: 'sendgrid', provider_event: 'click', url: 'http://www.sendgrid.com/' });
    expect((rows[0].event_timestamp as Date).toISOString()).toBe('2017-12-15T00:59:29.000Z');
  });

  it('stores nothing for a redelivery of the same events (dedupe on sg_event_id)', async () => {
    const before = await stored();
    const again = await deliver(samples, signed(samples));
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ stored: 0, duplicates: 5, unmatched: 0, ignored: 1 });
    expect(await stored()).toEqual(before);
  });

  it('refuses (401, storing nothing) a body altered after signing, a missing signature and a stale one', async () => {
    const before = await stored();
    const fresh = JSON.stringify([{ email: 'recipient@example.com', timestamp: 1513299600, event: 'open', sg_event_id: 'new-open-1', campaign_id: 'CMP-010001' }]);
    const headers = signed(fresh);
    const altered = fresh.replace('open', 'click');
    expect((await deliver(altered, headers)).status).toBe(401);
    const { 'x-twilio-email-event-webhook-signature': _s, ...unsigned } = headers;
    const missing = await deliver(fresh, unsigned);
    expect(missing.status).toBe(401);
    expect(missing.body.detail).toMatch(/required/);
    const stale = await deliver(fresh, signed(fresh, String(Math.floor(Date.now() / 1000) - 3600)));
    expect(stale.status).toBe(401);
    expect(stale.body.detail).toMatch(/seconds off/);
    const garbage = await deliver(fresh, { ...headers, 'x-twilio-email-event-webhook-signature': 'bm90IGEgc2lnbmF0dXJl' });
    expect(garbage.status).toBe(401);
    expect(await stored()).toEqual(before);
    expect((await deliver(fresh, headers)).body).toMatchObject({ stored: 1 });
  });

  it('answers 400 for a signed body that is not a JSON array, and counts events of unknown campaigns or contacts', async () => {
    expect((await deliver('{"event":"open"}', signed('{"event":"open"}'))).status).toBe(400);
    const body = JSON.stringify([
      { email: 'stranger@example.com', timestamp: 1513299600, event: 'open', sg_event_id: 'stranger-1', campaign_id: 'CMP-010001' },
      { email: 'recipient@example.com', timestamp: 1513299600, event: 'open', sg_event_id: 'no-campaign-1' },
      { email: 'recipient@example.com', event: 'open' },
    ]);
    expect((await deliver(body, signed(body))).body).toEqual({ stored: 0, duplicates: 0, unmatched: 2, ignored: 1 });
  });

  it('replays its first answer for a retry under the same Idempotency-Key', async () => {
    const body = JSON.stringify([{ email: 'recipient@example.com', timestamp: 1513299700, event: 'delivered', sg_event_id: 'idem-1', campaign_id: 'CMP-010001' }]);
    const first = await deliver(body, { ...signed(body), 'idempotency-key': 'sg-1' });
    const retry = await deliver(body, { ...signed(body), 'idempotency-key': 'sg-1' });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    // The key is checked only after the signature: an unsigned copy cannot read the stored answer.
    const unsigned = await deliver(body, { 'content-type': 'application/json', 'idempotency-key': 'sg-1' });
    expect(unsigned.status).toBe(401);
  });

  it('answers 503 when no verification key is configured', async () => {
    const key = process.env.SENDGRID_WEBHOOK_PUBLIC_KEY;
    delete process.env.SENDGRID_WEBHOOK_PUBLIC_KEY;
    try {
      expect((await deliver(samples, signed(samples))).status).toBe(503);
    } finally {
      process.env.SENDGRID_WEBHOOK_PUBLIC_KEY = key;
    }
  });
});
