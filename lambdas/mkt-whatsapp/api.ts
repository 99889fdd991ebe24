/**
 * WhatsApp execution (schema/74): accounts (no secrets yet: see
 * resources.ts), groups, contacts linked to personas, messages linked to
 * campaigns, content, groups and contacts, and per-campaign figures.
 */
import { z } from 'zod';
import { crudRoutes } from '../platform/crud/index.js';
import { defineDomain } from '../platform/http/domain.js';
import { ok } from '../platform/http/result.js';
import { route } from '../platform/http/route.js';
import { accountResource, contactResource, groupResource, messageResource } from './resources.js';
import { campaignParams, campaignStats } from './schemas.js';
import { statsOf } from './service.js';
import { delivery } from './webhook-payload.js';
import { handshake, receive } from './webhook.js';

const WEBHOOK = '/v1/mkt/whatsapp/webhook';
const hubValue = z.string().max(500).optional();

const webhook = [
  route(
    {
      method: 'GET',
      path: WEBHOOK,
      auth: 'none',
      publicBecause: "Meta's webhook verification handshake: answers hub.challenge only when hub.verify_token equals the configured token (constant-time); returns no data.",
      tags: ['mkt-whatsapp'],
      operationId: 'verifyMktWhatsappWebhook',
      errors: { 403: 'hub.verify_token is not the configured one.' },
      etag: false,
      summary: "Meta's subscription check: echoes hub.challenge for the right hub.verify_token",
      request: { query: z.object({ 'hub.mode': hubValue, 'hub.verify_token': hubValue, 'hub.challenge': hubValue }) },
      responses: { 200: { description: 'The challenge, as text/plain.', schema: z.string(), contentType: 'text/plain' } },
    },
    async (req) => ({ status: 200, body: handshake(req.query), contentType: 'text/plain', etag: null, headers: { 'cache-control': 'no-store' } }),
  ),
  route(
    {
      method: 'POST',
      path: WEBHOOK,
      auth: 'signature',
      publicBecause: 'WhatsApp Cloud API deliveries: Meta cannot send a JWT; X-Hub-Signature-256 (HMAC-SHA256 of the raw body with the app secret) is verified before anything is parsed.',
      tags: ['mkt-whatsapp'],
      operationId: 'receiveMktWhatsappWebhook',
      summary: 'Inbound messages and status updates from the WhatsApp Cloud API, stored idempotently by wamid',
      // A non-JSON media type on purpose: the chain then hands over the raw bytes unparsed and unvalidated,
      // so the signature is checked first (Meta sends application/json, which application/* accepts).
      request: { body: delivery.meta({ description: 'The delivery exactly as Meta signed it.' }), contentType: 'application/*' },
      responses: {
        200: {
          description: 'Stored (a redelivery stores nothing new).',
          schema: z.object({ messages_stored: z.number().int(), statuses_applied: z.number().int(), unknown_account_entries: z.number().int() }),
        },
      },
    },
    async (req) => ({ status: 200, body: await receive(req.rawBody, req.headers['x-hub-signature-256']), etag: null }),
  ),
];

const stats = route(
  {
    auth: 'jwt',
    role: 'viewer',
    tags: ['mkt-whatsapp'],
    method: 'GET',
    path: '/v1/mkt/whatsapp/campaigns/{campaignId}/stats',
    operationId: 'getMktWhatsappCampaignStats',
    etag: false,
    summary: "A campaign's WhatsApp figures: outbound by furthest status, failures, replies",
    request: { params: campaignParams },
    responses: { 200: { description: 'The figures.', schema: campaignStats } },
  },
  async (req) => ok(await statsOf(req.params.campaignId), { etag: null }),
);

export const mktWhatsappApi = defineDomain({
  name: 'mkt-whatsapp',
  description: 'mkt module: WhatsApp accounts, groups, contacts, messages and campaign figures',
  mounts: ['/v1/mkt/whatsapp'],
  routes: [...crudRoutes(accountResource), ...crudRoutes(groupResource), ...crudRoutes(contactResource), ...crudRoutes(messageResource), stats, ...webhook],
});
