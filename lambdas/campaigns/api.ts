/**
 * The campaigns domain's routes: campaign CRUD (status excluded from writes),
 * the status workflow, the metrics, the event log (read) with its two bulk
 * ingest routes, and SendGrid's event webhook. Booking attribution is its own
 * domain (lambdas/attribution/).
 */
import * as z from 'zod/mini';
import { crudRoutes } from '../platform/crud/index.js';
import { defineDomain } from '../platform/http/domain.js';
import { ifMatchVersions, versionEtag } from '../platform/http/etag.js';
import { ok } from '../platform/http/result.js';
import { route } from '../platform/http/route.js';
import { ingestEvents, DATA_API_REQUEST_BYTES } from './events-service.js';
import { campaignEventResource, campaignResource } from './resources.js';
import { batchEventsBody, campaignEventsBody, campaignMetrics, deliveryResult, ingestResult, metricsQuery, refreshBody, statusChange } from './schemas.js';
import { withIdempotencyKey } from '../platform/idempotency/index.js';
import { ingestSendgridDelivery, verifySendgridDelivery } from './provider-service.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from './sendgrid-signature.js';
import * as campaigns from './service.js';
import { withMeta } from '../platform/schema-meta.js';

const id = withMeta(z.string().check(z.minLength(1), z.maxLength(64)), { description: 'The uuid or the business ID (CMP-NNNNNN).' });
const itemParams = z.object({ id });
const base = { auth: 'jwt', tags: ['campaigns'] } as const;

/** Ingest bodies may be as large as one Data API request, where the events go in one call. */
const ingestBody = {
  bytes: DATA_API_REQUEST_BYTES,
  because: 'the events go to the database in one Data API call, whose request limit is 4 MiB',
};

const workflow = route(
  {
    ...base,
    method: 'POST',
    path: '/v1/campaigns/{id}/status',
    role: 'marketer',
    operationId: 'changeCampaignStatus',
    ifMatch: true,
    summary: 'Move a campaign through the workflow (draft → scheduled → active ⇄ paused → completed; cancelled from any open state); honours If-Match',
    request: { params: itemParams, body: statusChange },
    responses: { 200: { description: 'The campaign in its new status.', schema: campaignResource.item } },
  },
  async (req) => {
    const { row, version } = await campaigns.changeStatus(req.params.id, req.body.status, ifMatchVersions(req));
    return ok(row, { etag: versionEtag(version) });
  },
);

const metrics = [
  route(
    {
      ...base,
      method: 'GET',
      path: '/v1/campaigns/{id}/metrics',
      role: 'viewer',
      operationId: 'getCampaignMetrics',
      etag: false,
      summary: 'Counts per event type, distinct contacts and the rates, from the event log over [from, to)',
      request: { params: itemParams, query: metricsQuery },
      responses: { 200: { description: 'The metrics, computed now.', schema: campaignMetrics } },
    },
    async (req) => ok(await campaigns.metrics(req.params.id, req.query), { etag: null }),
  ),
  route(
    {
      ...base,
      method: 'POST',
      path: '/v1/campaigns/{id}/metrics/refresh',
      role: 'marketer',
      operationId: 'refreshCampaignMetrics',
      summary: "Store the all-time metrics in the campaign's actual_metrics (other keys there are kept)",
      request: { params: itemParams, body: refreshBody },
      responses: { 200: { description: 'The campaign with its refreshed actual_metrics.', schema: campaignResource.item } },
    },
    async (req) => {
      const { row, version } = await campaigns.refresh(req.params.id);
      return ok(row, { etag: versionEtag(version) });
    },
  ),
];

const ingest = [
  route(
    {
      ...base,
      method: 'POST',
      path: '/v1/campaigns/{id}/events',
      role: 'marketer',
      operationId: 'ingestCampaignEvents',
      summary: 'Store up to 10,000 events of one campaign in one call; bad items are reported by index, the others stored',
      idempotent: true,
      request: { params: itemParams, body: campaignEventsBody, maxBody: ingestBody, textChecks: 'per-item' },
      responses: { 200: { description: 'What was stored and what was not (422 when nothing was).', schema: ingestResult } },
    },
    async (req) => ok(await ingestEvents(req.body.events, { campaign: req.params.id, base: 'body.events' }), { etag: null }),
  ),
  route(
    {
      ...base,
      method: 'POST',
      path: '/v1/campaign-events',
      role: 'marketer',
      operationId: 'ingestCampaignEventBatch',
      summary: 'Store up to 10,000 events of any campaigns in one call; bad items are reported by index, the others stored',
      idempotent: true,
      request: { body: batchEventsBody, maxBody: ingestBody, textChecks: 'per-item' },
      responses: { 200: { description: 'What was stored and what was not (422 when nothing was).', schema: ingestResult } },
    },
    async (req) => ok(await ingestEvents(req.body.events, { base: 'body.events' }), { etag: null }),
  ),
];

const sendgridWebhook = route(
  {
    method: 'POST',
    path: '/v1/webhooks/sendgrid',
    auth: 'signature',
    tags: ['campaigns'],
    operationId: 'receiveSendgridEvents',
    summary: 'SendGrid Event Webhook: signed delivery, receipt and open/click/bounce events become campaign events (deduplicated on sg_event_id)',
    publicBecause:
      'SendGrid cannot send a Cognito token; each delivery carries an ECDSA signature over its timestamp and raw body, verified with the configured public key before anything is parsed (401 otherwise, and for a timestamp over 5 minutes off).',
    // Keys are claimed only after the signature holds (see RouteDefinition.idempotent).
    idempotent: 'in-handler',
    request: {
      // Not JSON to the platform: the bytes reach the handler unparsed, so the signature is checked over exactly what was sent.
      contentType: 'application/*',
      body: withMeta(z.unknown(), { description: 'The JSON array of events SendGrid posts (application/json).' }),
    },
    responses: { 200: { description: 'What was stored; duplicates and unmatched events change nothing.', schema: deliveryResult } },
  },
  async (req) => {
    verifySendgridDelivery({ signature: req.headers[SIGNATURE_HEADER], timestamp: req.headers[TIMESTAMP_HEADER] }, req.rawBody);
    return withIdempotencyKey(async () => ok(await ingestSendgridDelivery(req.rawBody), { etag: null }))(req);
  },
);

export const campaignsApi = defineDomain({
  name: 'campaigns',
  description: 'Campaigns with their status workflow, metrics, event log and bulk ingest',
  mounts: ['/v1/campaigns', '/v1/campaign-events', '/v1/webhooks/sendgrid'],
  routes: [
    ...crudRoutes(campaignResource),
    workflow,
    ...metrics,
    ...ingest,
    ...crudRoutes(campaignEventResource),
    sendgridWebhook,
  ],
});
