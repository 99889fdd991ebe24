/**
 * The attribution domain's routes: booking attribution records (CRUD), the
 * computation of a reservation's attribution from its contact's campaign
 * events, and the revenue summary by campaign and channel.
 */
import * as z from 'zod/mini';
import { crudRoutes } from '../platform/crud/index.js';
import { defineDomain } from '../platform/http/domain.js';
import { ok } from '../platform/http/result.js';
import { route } from '../platform/http/route.js';
import { attributionResource } from './resources.js';
import { attributionSummaryResult, computeAttributionBody, summaryQuery } from './schemas.js';
import { compute as computeAttribution } from './service.js';
import { summary as attributionSummary } from './summary.js';

const attribution = [
  route(
    {
      method: 'POST',
      path: '/v1/attribution/compute',
      auth: 'jwt',
      tags: ['attribution'],
      role: 'marketer',
      operationId: 'computeAttribution',
      errors: { 404: 'No reservation with that id.' },
      summary: "Compute a reservation's attribution from its contact's campaign events before the booking (lookback default 90 days), per model; recomputing replaces the rows",
      request: { body: computeAttributionBody },
      responses: { 200: { description: 'One attribution row per model.', schema: z.object({ data: z.array(attributionResource.item) }) } },
    },
    async (req) => ok({ data: await computeAttribution(req.body) }, { etag: null }),
  ),
  route(
    {
      method: 'GET',
      path: '/v1/attribution/summary',
      auth: 'jwt',
      tags: ['attribution'],
      role: 'viewer',
      operationId: 'summariseAttribution',
      summary: 'Attributed revenue per model, by campaign and by channel, over bookings in [from, to)',
      request: { query: summaryQuery },
      responses: { 200: { description: 'The sums, largest first.', schema: attributionSummaryResult } },
    },
    async (req) => ok(await attributionSummary(req.query)),
  ),
];

export const attributionApi = defineDomain({
  name: 'attribution',
  description: "Booking attribution: records, a reservation's computed attribution per model, the revenue summary",
  mounts: ['/v1/attribution'],
  routes: [...crudRoutes(attributionResource), ...attribution],
});
