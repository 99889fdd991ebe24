/** Routes of the daily metric series: PUT one day (idempotent upsert), GET the series with date-range filters. */
import * as z from 'zod/mini';
import { ok } from '../platform/http/result.js';
import { route } from '../platform/http/route.js';
import { listQuerySchema, pageSchema } from '../platform/lists/list-route.js';
import { accountMetrics, postAnalytics, seriesColumns } from './daily-metrics.js';
import * as metrics from './metrics-service.js';
import { accountMetricsBody, accountMetricsItem, metricDate, postAnalyticsBody, postAnalyticsItem } from './schemas.js';
import { withMeta } from '../platform/schema-meta.js';

const base = { auth: 'jwt', tags: ['social'] } as const;
const id = withMeta(z.string().check(z.minLength(1), z.maxLength(64)), { description: 'The uuid or the business ID.' });
const dayParams = z.object({ id, metricDate });
const seriesQuery = listQuerySchema(seriesColumns);

export const metricsRoutes = [
  route(
    {
      ...base,
      method: 'PUT',
      path: '/v1/social-posts/{id}/analytics/{metricDate}',
      role: 'marketer',
      operationId: 'putSocialPostAnalytics',
      summary: "Record a post's metrics for one day (replaces that day; engagement_rate = engagement / reach when not given)",
      request: { params: dayParams, body: postAnalyticsBody },
      responses: { 200: { description: 'The day as stored.', schema: postAnalyticsItem } },
    },
    async (req) => ok(await metrics.recordDay(postAnalytics, req.params.id, req.params.metricDate, req.body), { etag: null }),
  ),
  route(
    {
      ...base,
      method: 'GET',
      path: '/v1/social-posts/{id}/analytics',
      role: 'viewer',
      operationId: 'listSocialPostAnalytics',
      etag: false,
      summary: "A post's daily metrics, oldest first (metric_date=gte.…&metric_date=lte.…)",
      request: { params: z.object({ id }), query: seriesQuery },
      responses: { 200: { description: 'One page.', schema: pageSchema(postAnalyticsItem) } },
    },
    async (req) => ok(await metrics.series(postAnalytics, req.params.id, req.event.rawQueryString ?? ''), { etag: null }),
  ),
  route(
    {
      ...base,
      method: 'PUT',
      path: '/v1/social-accounts/{id}/metrics/{metricDate}',
      role: 'marketer',
      operationId: 'putSocialAccountMetrics',
      summary: "Record an account's metrics for one day (replaces that day)",
      request: { params: dayParams, body: accountMetricsBody },
      responses: { 200: { description: 'The day as stored.', schema: accountMetricsItem } },
    },
    async (req) => ok(await metrics.recordDay(accountMetrics, req.params.id, req.params.metricDate, req.body), { etag: null }),
  ),
  route(
    {
      ...base,
      method: 'GET',
      path: '/v1/social-accounts/{id}/metrics',
      role: 'viewer',
      operationId: 'listSocialAccountMetrics',
      etag: false,
      summary: "An account's daily metrics, oldest first (metric_date=gte.…&metric_date=lte.…)",
      request: { params: z.object({ id }), query: seriesQuery },
      responses: { 200: { description: 'One page.', schema: pageSchema(accountMetricsItem) } },
    },
    async (req) => ok(await metrics.series(accountMetrics, req.params.id, req.event.rawQueryString ?? ''), { etag: null }),
  ),
];
