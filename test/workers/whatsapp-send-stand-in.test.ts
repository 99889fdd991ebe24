/**
 * The Cloud API stand-in enforces the documented flow, so a sender that
 * breaks it fails its tests: the number's bearer token, a known phone number
 * id, messaging_product, a `to`, and a body of the declared type; Graph error
 * shapes; and status webhooks signed with the app secret over the raw body.
 */
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloudApiStandIn, type CloudApiStandIn } from '../../local/stand-ins/whatsapp-cloud-api.js';

let cloud: CloudApiStandIn;
const received: { body: string; signature: string | undefined }[] = [];
const hook = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    received.push({ body: Buffer.concat(chunks).toString('utf8'), signature: req.headers['x-hub-signature-256'] as string | undefined });
    res.writeHead(200).end('{}');
  });
});

beforeAll(async () => {
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  const callbackUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
  cloud = await startCloudApiStandIn({ numbers: [{ phoneNumberId: '111', displayPhoneNumber: '15550001111', wabaId: '222', accessToken: 'good', appSecret: 'shh', callbackUrl }], statuses: false });
});
afterAll(async () => {
  await cloud.stop();
  await new Promise((r) => hook.close(r));
});

async function send(path: string, body: unknown, token: string | null = 'good') {
  const response = await fetch(`${cloud.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { error?: { code: number; type: string; fbtrace_id: string }; messages?: { id: string }[]; contacts?: unknown[] } };
}

const text = { messaging_product: 'whatsapp', to: '16505551234', type: 'text', text: { body: 'Hi' } };

describe('Cloud API stand-in', () => {
  it('answers a valid text and template with the documented shape and a wamid', async () => {
    const ok = await send('/111/messages', text);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ messaging_product: 'whatsapp', contacts: [{ input: '16505551234', wa_id: '16505551234' }], messages: [{ id: expect.stringMatching(/^wamid\./) }] });
    const template = await send('/111/messages', { ...text, type: 'template', text: undefined, template: { name: 'hello', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Dana' }] }] } });
    expect(template.status).toBe(200);
  });

  it('refuses a missing or wrong token (190), an unknown number (100), and bodies not as documented (100)', async () => {
    expect((await send('/111/messages', text, null)).body.error).toMatchObject({ code: 190, type: 'OAuthException', fbtrace_id: expect.any(String) });
    expect((await send('/111/messages', text, 'bad')).status).toBe(401);
    expect((await send('/999/messages', text)).body.error?.code).toBe(100);
    for (const bad of [
      { ...text, messaging_product: undefined },
      { ...text, to: undefined },
      { ...text, text: {} },
      { ...text, type: 'template' },
      { ...text, type: 'template', template: { name: 'x', language: {} } },
      { ...text, type: 'template', template: { name: 'x', language: { code: 'en' }, components: [{ type: 'body', parameters: [{ type: 'text' }] }] } },
      { ...text, recipient_type: 'broadcast' },
    ]) {
      const refused = await send('/111/messages', bad);
      expect(refused.status, JSON.stringify(bad)).toBe(400);
      expect(refused.body.error?.code).toBe(100);
    }
  });

  it('posts statuses signed with the app secret over the exact bytes, echoing biz_opaque_callback_data', async () => {
    const ok = await send('/111/messages', { ...text, biz_opaque_callback_data: 'our-id' });
    expect(await cloud.postStatus(ok.body.messages![0]!.id, 'delivered')).toBe(200);
    const last = received.at(-1)!;
    expect(last.signature).toBe(`sha256=${createHmac('sha256', 'shh').update(last.body, 'utf8').digest('hex')}`);
    expect(JSON.parse(last.body).entry[0].changes[0].value.statuses[0]).toMatchObject({ id: ok.body.messages![0]!.id, status: 'delivered', biz_opaque_callback_data: 'our-id' });
  });
});
