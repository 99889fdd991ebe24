/**
 * The whatsapp-send worker against the local Cloud API stand-in (a real HTTP
 * server enforcing the documented flow), through the real Data API client on
 * embedded PostgreSQL, with the stand-in posting signed status webhooks back
 * to the local HTTP API: messages go out once with the documented body
 * shapes, the wamid lands on the row so statuses find it, two concurrent
 * runs never claim the same message, an answer lost after Meta accepted is
 * recorded as unknown (never resent) and reconciled by the status webhook,
 * and refusals are recorded without a second try.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getExecutor } from '../../lambdas/platform/db/index.js';
import { runSender } from '../../lambdas/workers/whatsapp-send/send.js';
import { startCloudApiStandIn, type CloudApiStandIn, type StandInNumber } from '../../local/stand-ins/whatsapp-cloud-api.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { insertWapContact } from '../support/mkt-fixtures.js';

const TOKEN = 'EAAGsender-token-0123456789';
const APP_SECRET = 'sender-test-app-secret';

let api: TestApi;
let cloud: CloudApiStandIn;
let accountId: string;
const number: StandInNumber = { phoneNumberId: '106540352242922', displayPhoneNumber: '15550783881', wabaId: '102290129340398', accessToken: TOKEN, appSecret: APP_SECRET };

beforeAll(async () => {
  api = await startTestApi();
  const account = await api.request<{ id: string }>('POST', '/v1/mkt/whatsapp/accounts', {
    body: { display_name: 'Guest Relations', phone_e164: '+15550783881', phone_number_id: number.phoneNumberId, status: 'active', access_token: TOKEN, app_secret: APP_SECRET, verify_token: 'v' },
  });
  expect(account.status).toBe(201);
  accountId = account.body.id;
  number.callbackUrl = `${api.url}/v1/mkt/whatsapp/webhook/${accountId}`;
  cloud = await startCloudApiStandIn({ numbers: [number], statusDelayMs: 20 });
});
afterAll(async () => {
  await cloud?.stop();
  await api.stop();
});
beforeEach(async () => {
  await cloud.settled();
  // Each test sees only its own messages as due.
  await api.db.pool.query(`UPDATE public.mkt_wap_messages SET status = 'failed', failed_at = now() WHERE direction = 'outbound' AND send_state IS NULL`);
});

const run = (extra: Partial<Parameters<typeof runSender>[0]> = {}) => runSender({ db: getExecutor(), baseUrl: cloud.baseUrl, timeoutMs: 2000, ...extra });

let phones = 0;
async function contact(windowOpen = false): Promise<string> {
  const id = await insertWapContact(api.db.pool, `+1650555${String(1000 + ++phones)}`);
  if (windowOpen) {
    await api.db.pool.query(
      `INSERT INTO public.mkt_wap_messages (account_id, contact_id, direction, status, external_message_id, sent_at) VALUES ($1, $2, 'inbound', 'received', $3, now() - interval '1 hour')`,
      [accountId, id, `wamid.IN-${id}`],
    );
  }
  return id;
}

async function message(fields: Record<string, unknown>): Promise<string> {
  const created = await api.request<{ id: string }>('POST', '/v1/mkt/whatsapp/messages', { as: 'marketer', body: { account_id: accountId, ...fields } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id;
}

const row = async (id: string) =>
  (await api.db.pool.query(
    `SELECT status, send_state, external_message_id, error_code, sent_at IS NOT NULL AS sent, delivered_at IS NOT NULL AS delivered, read_at IS NOT NULL AS read, pricing_category
     FROM public.mkt_wap_messages WHERE id = $1`,
    [id],
  )).rows[0] as Record<string, unknown>;

const requestsFor = (id: string) => cloud.accepted.filter((m) => m.body.biz_opaque_callback_data === id);

describe('sending', () => {
  it('sends a template with its parameters, and text inside the window, once each; the wamid lets the signed statuses land', async () => {
    const a = await contact();
    const b = await contact(true);
    const template = await message({ contact_id: a, message_type: 'template', template_name: 'stay_reminder', template_language: 'en_US', template_parameters: ['Dana', 'June 3'] });
    const text = await message({ contact_id: b, body: 'Your keys are in the lockbox.' });
    const later = await message({ contact_id: a, message_type: 'template', template_name: 'later', scheduled_for: new Date(Date.now() + 3600_000).toISOString() });

    const summary = await run();
    expect(summary).toMatchObject({ claimed: 2, accepted: 2, rejected: 0, unknown: 0, released: 0 });
    expect(requestsFor(template).map((m) => m.body)).toEqual([
      {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: expect.stringMatching(/^1650555\d{4}$/),
        biz_opaque_callback_data: template,
        type: 'template',
        template: {
          name: 'stay_reminder',
          language: { policy: 'deterministic', code: 'en_US' },
          components: [{ type: 'body', parameters: [{ type: 'text', text: 'Dana' }, { type: 'text', text: 'June 3' }] }],
        },
      },
    ]);
    expect(requestsFor(text).map((m) => m.body)).toMatchObject([{ type: 'text', text: { body: 'Your keys are in the lockbox.' } }]);
    expect(await row(template)).toMatchObject({ status: 'sent', send_state: 'accepted', external_message_id: requestsFor(template)[0]!.wamid, sent: true });
    expect((await row(later)).send_state).toBeNull();

    // Meta's statuses (signed, posted by the stand-in to the account's callback path) move both on.
    await cloud.settled();
    expect(await row(template)).toMatchObject({ status: 'read', delivered: true, read: true, pricing_category: 'marketing' });
    expect(await row(text)).toMatchObject({ status: 'read', pricing_category: 'service' });

    // Nothing is due any more: a second run sends nothing.
    const before = cloud.accepted.length;
    expect((await run()).claimed).toBe(0);
    expect(cloud.accepted.length).toBe(before);
  });

  it('never lets two concurrent runs claim the same message', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push(await message({ contact_id: await contact(), message_type: 'template', template_name: 'bulk' }));
    const before = cloud.accepted.length;
    const [first, second] = await Promise.all([run(), run()]);
    // 25 per run at most: the rest is left for a later run, never taken twice.
    expect(first!.claimed + second!.claimed).toBe(30);
    const sent = cloud.accepted.slice(before).map((m) => m.body.biz_opaque_callback_data);
    expect(new Set(sent).size).toBe(sent.length);
    expect([...sent].sort()).toEqual([...ids].sort());
  });
});

describe('outcomes', () => {
  it('records an answer lost after Meta accepted as unknown, never sends it again, and reconciles it from the status webhook', async () => {
    const id = await message({ contact_id: await contact(), message_type: 'template', template_name: 'lost_answer' });
    cloud.setAutoStatuses(false);
    try {
      cloud.queueFault('timeout-after-accept');
      // The answer never comes, so the sender waits the whole timeout; a short one could run out before the request
      // even reached the stand-in on a loaded machine (no request, no status), which is not the case under test.
      const summary = await run({ timeoutMs: 2500 });
      expect(summary).toMatchObject({ claimed: 1, unknown: 1 });
      expect(requestsFor(id)).toHaveLength(1);
      expect(await row(id)).toMatchObject({ send_state: 'unknown', status: 'queued', external_message_id: null, error_code: 'outcome_unknown' });
      // Never claimed again: a second run sends nothing.
      expect((await run()).claimed).toBe(0);
      expect(requestsFor(id)).toHaveLength(1);
      // Meta's status carries our id back: the row gets its wamid and moves on.
      expect(await cloud.postStatus(requestsFor(id)[0]!.wamid, 'delivered')).toBe(200);
      expect(await row(id)).toMatchObject({ send_state: 'accepted', external_message_id: requestsFor(id)[0]!.wamid, status: 'delivered', error_code: null });
    } finally {
      cloud.setAutoStatuses(true);
    }
  });

  it('records a lost answer whose status came first as accepted', async () => {
    const id = await message({ contact_id: await contact(), message_type: 'template', template_name: 'status_first' });
    cloud.queueFault('timeout-after-accept');
    // The stand-in posts "sent" 20 ms after taking it; the sender waits 2.5 s for an answer that never comes (long
    // enough that the request reaches the stand-in, and its status the webhook, first, even on a loaded machine).
    expect(await run({ timeoutMs: 2500 })).toMatchObject({ claimed: 1, unknown: 1 });
    await cloud.settled();
    expect(await row(id)).toMatchObject({ send_state: 'accepted', external_message_id: requestsFor(id)[0]!.wamid, status: 'read', error_code: null });
    expect(requestsFor(id)).toHaveLength(1);
  });

  it('records refusals as failed without another try, and sends a throttled message on a later run', async () => {
    const refused = await message({ contact_id: await contact(), message_type: 'template', template_name: 'no_such_template' });
    cloud.queueFault({ status: 400, error: { code: 132001, message: '(#132001) Template name does not exist in the translation' } });
    expect(await run()).toMatchObject({ claimed: 1, rejected: 1 });
    expect(await row(refused)).toMatchObject({ status: 'failed', send_state: 'rejected', error_code: '132001' });

    const throttled = await message({ contact_id: await contact(), message_type: 'template', template_name: 'busy' });
    cloud.queueFault({ status: 400, error: { code: 130429, message: '(#130429) Rate limit hit' } });
    expect(await run()).toMatchObject({ claimed: 1, released: 1 });
    expect((await row(throttled)).send_state).toBeNull();
    expect(await run()).toMatchObject({ claimed: 1, accepted: 1 });
    expect(await row(throttled)).toMatchObject({ status: 'sent', send_state: 'accepted' });
    expect((await run()).claimed).toBe(0);
  });

  it('fails text whose window closed before its send time, and messages of an account whose token Meta refuses, without resending', async () => {
    const c = await contact(true);
    const id = await message({ contact_id: c, body: 'Still there?' });
    await api.db.pool.query(`UPDATE public.mkt_wap_messages SET sent_at = now() - interval '25 hours' WHERE contact_id = $1 AND direction = 'inbound'`, [c]);
    const before = cloud.requests.length;
    expect(await run()).toMatchObject({ claimed: 1, rejected: 1 });
    expect(cloud.requests.length).toBe(before);
    expect(await row(id)).toMatchObject({ status: 'failed', error_code: 'outside_service_window' });

    const patched = await api.request('PATCH', `/v1/mkt/whatsapp/accounts/${accountId}`, { body: { access_token: 'EAAGexpired-token' } });
    expect(patched.status).toBe(200);
    try {
      const bad = await message({ contact_id: await contact(), message_type: 'template', template_name: 'hello' });
      expect(await run()).toMatchObject({ claimed: 1, rejected: 1 });
      expect(await row(bad)).toMatchObject({ status: 'failed', send_state: 'rejected', error_code: '190' });
      expect(cloud.requests.at(-1)!.status).toBe(401);
    } finally {
      await api.request('PATCH', `/v1/mkt/whatsapp/accounts/${accountId}`, { body: { access_token: TOKEN } });
    }
  });

  it('marks a claim left by a run that stopped as unknown instead of sending it', async () => {
    const id = await message({ contact_id: await contact(), message_type: 'template', template_name: 'orphan' });
    await api.db.pool.query(`UPDATE public.mkt_wap_messages SET send_state = 'claimed', send_claimed_at = now() - interval '20 minutes' WHERE id = $1`, [id]);
    await run();
    expect(await row(id)).toMatchObject({ send_state: 'unknown', status: 'queued' });
    expect(requestsFor(id)).toHaveLength(0);
  });
});
