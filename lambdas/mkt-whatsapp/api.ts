/**
 * WhatsApp execution (schema/74, 102): accounts with write-only, sealed
 * secrets (account-service.ts), groups, contacts linked to personas, messages
 * linked to campaigns, content, groups and contacts (sent by the
 * whatsapp-send worker), the signed per-account webhook, and per-campaign figures.
 */
import * as z from 'zod/mini';
import { crudRoutes } from '../platform/crud/index.js';
import { defineDomain } from '../platform/http/domain.js';
import { ifMatchVersions, versionEtag } from '../platform/http/etag.js';
import type { HttpRequest } from '../platform/http/request.js';
import { created, noContent, ok } from '../platform/http/result.js';
import { route } from '../platform/http/route.js';
import { createAccount, updateAccount } from './account-service.js';
import { deleteMessage, updateMessage } from './message-writes.js';
import { accountResource, contactResource, groupResource, messageResource } from './resources.js';
import { apiKeyUses } from './secrets.js';
import { campaignParams, campaignStats } from './schemas.js';
import { statsOf } from './service.js';
import { delivery } from './webhook-payload.js';
import { handshake, receive } from './webhook.js';
import { withMeta } from '../platform/schema-meta.js';

const WEBHOOK = '/v1/mkt/whatsapp/webhook/{accountId}';
const hubValue = z.optional(z.string().check(z.maxLength(500)));
const webhookParams = z.object({ accountId: withMeta(z.string().check(z.minLength(1), z.maxLength(64)), { description: "The account's uuid: each account has its own callback URL, app secret and verify token." }) });

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
      request: { params: webhookParams, query: z.object({ 'hub.mode': hubValue, 'hub.verify_token': hubValue, 'hub.challenge': hubValue }) },
      responses: { 200: { description: 'The challenge, as text/plain.', schema: z.string(), contentType: 'text/plain' } },
    },
    async (req) => ({
      status: 200,
      body: await handshake(req.params.accountId, req.query),
      contentType: 'text/plain',
      etag: null,
      headers: { 'cache-control': 'no-store' },
    }),
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
      request: { params: webhookParams, body: withMeta(delivery, { description: 'The delivery exactly as Meta signed it.' }), contentType: 'application/*' },
      responses: {
        200: {
          description: 'Stored (a redelivery stores nothing new).',
          schema: z.object({ messages_stored: z.int(), statuses_applied: z.int(), unknown_account_entries: z.int() }),
        },
      },
    },
    async (req) => ({ status: 200, body: await receive(req.params.accountId, req.rawBody, req.headers['x-hub-signature-256']), etag: null }),
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

const actor = (req: HttpRequest) => ({ 'app.actor': req.principal?.sub ?? null });
const bodyOf = (req: HttpRequest) => req.body as Record<string, unknown>;

/** Account writes seal the secrets first; the routes (schemas, roles) stay the generic ones. */
const accountWrites = {
  create: async (req: HttpRequest<Record<string, string>>) => {
    const { row, version } = await createAccount(bodyOf(req), actor(req));
    return created(row, `/v1/mkt/whatsapp/accounts/${String(row.id)}`, { etag: versionEtag(version) });
  },
  update: async (req: HttpRequest<Record<string, string>>) => {
    const { row, version } = await updateAccount(req.params.id ?? '', bodyOf(req), ifMatchVersions(req), actor(req));
    return ok(row, { etag: versionEtag(version) });
  },
};

const accountRoutes = crudRoutes(accountResource, accountWrites);

/** PATCH and DELETE of a message refuse one the sender holds (schema/108); the routes stay the generic ones. */
const messageWrites = {
  update: async (req: HttpRequest<Record<string, string>>) => {
    const { row, version } = await updateMessage(req.params.id ?? '', bodyOf(req), ifMatchVersions(req), actor(req));
    return ok(row, { etag: versionEtag(version) });
  },
  delete: async (req: HttpRequest<Record<string, string>>) => {
    await deleteMessage(req.params.id ?? '', ifMatchVersions(req));
    return noContent();
  },
};

const HELD =
  'The message is held by the sender: claimed (being sent), sent, or with an unknown outcome (it may have been sent); `errors` names `params.id` with why. Nothing is changed.';
const messageRoutes = crudRoutes(messageResource, messageWrites, {
  update: { 409: `${HELD} A failed message cannot be changed either (it is never resent: create a new one). Also a foreign-key conflict (account_id).` },
  delete: { 409: `${HELD} A failed message can be deleted.` },
});

export const mktWhatsappApi = defineDomain({
  name: 'mkt-whatsapp',
  description: 'mkt module: WhatsApp accounts, groups, contacts, messages and campaign figures',
  mounts: ['/v1/mkt/whatsapp'],
  // Seals account secrets; opens only the webhook's app secret and verify token (the sender opens access tokens).
  access: { tokenKey: apiKeyUses },
  routes: [...accountRoutes, ...crudRoutes(groupResource), ...crudRoutes(contactResource), ...messageRoutes, stats, ...webhook],
});
