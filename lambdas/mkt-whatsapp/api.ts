/**
 * WhatsApp execution (schema/74): accounts (no secrets yet: see
 * resources.ts), groups, contacts linked to personas, messages linked to
 * campaigns, content, groups and contacts, and per-campaign figures.
 */
import { crudRoutes } from '../platform/crud/index.js';
import { defineDomain } from '../platform/http/domain.js';
import { ok } from '../platform/http/result.js';
import { route } from '../platform/http/route.js';
import { accountResource, contactResource, groupResource, messageResource } from './resources.js';
import { campaignParams, campaignStats } from './schemas.js';
import { statsOf } from './service.js';

const stats = route(
  {
    auth: 'jwt',
    role: 'viewer',
    tags: ['mkt-whatsapp'],
    method: 'GET',
    path: '/v1/mkt/whatsapp/campaigns/{campaignId}/stats',
    operationId: 'getMktWhatsappCampaignStats',
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
  routes: [...crudRoutes(accountResource), ...crudRoutes(groupResource), ...crudRoutes(contactResource), ...crudRoutes(messageResource), stats],
});
