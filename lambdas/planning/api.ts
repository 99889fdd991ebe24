/**
 * The planning domain's routes: strategies, calendars and their items
 * (generic CRUD), the cross-calendar schedule, the authenticated iCalendar
 * download, and managing the secret subscribe URLs whose feed the
 * calendar-feeds domain serves (lambdas/calendar-feeds/).
 */
import * as z from 'zod/mini';
import { createRow, crudRoutes } from '../platform/crud/index.js';
import { getExecutor } from '../platform/db/index.js';
import { defineDomain } from '../platform/http/domain.js';
import { created, ok } from '../platform/http/result.js';
import { route } from '../platform/http/route.js';
import { listQuerySchema, pageSchema, readPage } from '../platform/lists/list-route.js';
import { feedUrls, hashFeedToken, newFeedToken } from '../calendar-feeds/feed-token.js';
import { ICAL_MEDIA_TYPE, icalBody, icalResult } from '../calendar-feeds/ical-response.js';
import { readFeedByCalendar } from '../calendar-feeds/repository.js';
import { createdFeedToken, feedTokenCreate, feedTokenResource } from './feed-tokens.js';
import { calendarItemResource, calendarResource, propertyStrategyResource, strategyResource } from './resources.js';
import { scheduleColumns, scheduleListSpec } from './schedule.js';
import { withMeta } from '../platform/schema-meta.js';

const idParam = withMeta(z.string().check(z.minLength(1), z.maxLength(64)), { description: 'The uuid or the business ID.' });
const base = { auth: 'jwt', tags: ['planning'] } as const;

const schedule = route(
  {
    ...base,
    method: 'GET',
    path: '/v1/calendar-items',
    role: 'viewer',
    operationId: 'listCalendarItemSchedule',
    etag: false,
    list: { table: scheduleListSpec.table, idColumn: 'id', columns: scheduleColumns },
    summary: 'Calendar items across calendars, e.g. a date range: scheduled_date=gte.2026-01-01&scheduled_date=lte.2026-01-31',
    request: { query: listQuerySchema(scheduleColumns) },
    responses: { 200: { description: 'One page, ordered by scheduled_date, scheduled_time.', schema: pageSchema(calendarItemResource.item) } },
  },
  async (req) => ok(await readPage(getExecutor(), scheduleListSpec, req.event.rawQueryString ?? ''), { etag: null }),
);

const calendarIcal = route(
  {
    ...base,
    method: 'GET',
    path: '/v1/calendars/{id}/ical',
    role: 'viewer',
    operationId: 'getCalendarIcal',
    summary: 'The calendar as an iCalendar file (bearer token; for download or export)',
    request: { params: z.object({ id: idParam }) },
    responses: { 200: { description: 'text/calendar', schema: icalBody, contentType: ICAL_MEDIA_TYPE } },
  },
  async (req) => icalResult(await readFeedByCalendar(getExecutor(), req.params.id), { 'cache-control': 'private, no-cache' }),
);

const createFeedToken = route(
  {
    ...base,
    method: 'POST',
    path: feedTokenResource.collectionPath,
    role: 'marketer',
    operationId: 'createCalendarFeedToken',
    summary: 'Create a secret subscribe URL for a calendar (the token is shown once)',
    request: { params: z.object({ calendarId: idParam }), body: feedTokenCreate },
    responses: { 201: { description: 'The token and its subscribe URLs.', schema: createdFeedToken } },
  },
  async (req) => {
    const token = newFeedToken();
    const values = {
      token_sha256: hashFeedToken(token),
      ...(req.body?.label !== undefined ? { label: req.body.label } : {}),
      ...(req.principal?.sub ? { created_by: req.principal.sub } : {}),
    };
    const { row } = await createRow(getExecutor(), feedTokenResource, { parentId: req.params.calendarId }, values);
    const host = req.event.requestContext.domainName || req.headers.host || 'localhost';
    return created({ ...row, token, ...feedUrls(token, host, req.headers['x-forwarded-proto']) }, `${req.event.rawPath}/${String(row.id)}`, {
      etag: null,
      // The secret must not sit in any cache.
      headers: { 'cache-control': 'no-store' },
    });
  },
);

export const planningApi = defineDomain({
  name: 'planning',
  description: 'Strategies, calendars, calendar items, iCalendar downloads and feed tokens',
  mounts: ['/v1/strategies', '/v1/properties/{propertyId}/strategies', '/v1/calendars', '/v1/calendar-items'],
  routes: [
    ...[strategyResource, propertyStrategyResource, calendarResource, calendarItemResource].flatMap((r) => crudRoutes(r)),
    schedule,
    calendarIcal,
    createFeedToken,
    ...crudRoutes(feedTokenResource),
  ],
});
