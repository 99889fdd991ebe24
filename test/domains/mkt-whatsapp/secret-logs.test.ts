/**
 * No WhatsApp secret appears in a log line: the handlers and the sender log
 * at DEBUG here, and everything written while accounts are created, changed,
 * read and refused, a delivery is verified and a message is sent is searched
 * for the access token, app secret and verify token.
 */
import { captured } from '../social/capture-logs.js';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../../lambdas/workers/whatsapp-send/handler.js';
import { startCloudApiStandIn, type CloudApiStandIn } from '../../../local/stand-ins/whatsapp-cloud-api.js';
import { startTestApi, type TestApi } from '../../support/api.js';
import { insertWapContact } from '../../support/mkt-fixtures.js';

const SECRETS = { access_token: 'EAAGlogged-wa-token-5a4b3c', app_secret: 'logged-app-secret-77f1', verify_token: 'logged-verify-token-19ce' };
let api: TestApi;
let cloud: CloudApiStandIn;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await cloud?.stop();
  delete process.env.WHATSAPP_API_BASE_URL;
  await api.stop();
});

describe('WhatsApp secrets and logs', () => {
  it('writes log lines for the requests and the send, none of them with a secret', async () => {
    const created = await api.request<{ id: string }>('POST', '/v1/mkt/whatsapp/accounts', {
      body: { display_name: 'Logged', phone_e164: '+15550900001', phone_number_id: '900001', status: 'active', ...SECRETS },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    await api.request('PATCH', `/v1/mkt/whatsapp/accounts/${id}`, { body: SECRETS });
    await api.request('GET', `/v1/mkt/whatsapp/accounts/${id}`);
    const refused = await api.request('POST', '/v1/mkt/whatsapp/accounts', { body: { display_name: 'x', phone_e164: 'bad', ...SECRETS } });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).not.toMatch(/logged-/);
    await api.request('GET', `/v1/mkt/whatsapp/webhook/${id}?hub.mode=subscribe&hub.verify_token=${SECRETS.verify_token}&hub.challenge=1`, { as: null });

    cloud = await startCloudApiStandIn({
      numbers: [{ phoneNumberId: '900001', displayPhoneNumber: '15550900001', wabaId: '9', accessToken: SECRETS.access_token, appSecret: SECRETS.app_secret, callbackUrl: `${api.url}/v1/mkt/whatsapp/webhook/${id}` }],
      statusDelayMs: 10,
    });
    process.env.WHATSAPP_API_BASE_URL = cloud.baseUrl;
    const contact = await insertWapContact(api.db.pool, '+15550900002');
    await api.request('POST', '/v1/mkt/whatsapp/messages', { as: 'marketer', body: { account_id: id, contact_id: contact, message_type: 'template', template_name: 'hello' } });
    expect(await handler()).toMatchObject({ accepted: 1 });
    await cloud.settled();
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [] });
    const signed = await api.request('POST', `/v1/mkt/whatsapp/webhook/${id}`, {
      as: null,
      body,
      headers: { 'x-hub-signature-256': `sha256=${createHmac('sha256', SECRETS.app_secret).update(body).digest('hex')}` },
    });
    expect(signed.status).toBe(200);

    const lines = captured.join('');
    expect(lines).toMatch(/mkt\/whatsapp\/accounts/);
    expect(lines).toMatch(/whatsapp send finished/);
    for (const secret of Object.values(SECRETS)) expect(lines).not.toContain(secret);
    expect(lines).not.toContain('logged-');
  });
});
