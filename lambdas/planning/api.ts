/**
 * The planning domain's routes: strategies, calendars and their items
 * (generic CRUD), the cross-calendar schedule, and iCalendar feeds (an
 * authenticated download and a secret subscribe URL for calendar apps, which
 * cannot send a bearer token).
 */
import { z } from 'zod';
import { createRow, crudRoutes } from '../platform/crud/index.js';
import { getExecutor } from '../platform/db/index.js';
import { NotFoundError } from '../platform/errors.js';
import { defineDomain } from '../platform/http/domain.js';
import { created, ok, type HttpResult } from '../platform/http/result.js';
import { route } from '../platform/http/route.js';
import { listQuerySchema, pageSchema, readPage } from '../platform/lists/list-route.js';
import { readFeedByCalendar, readFeedByTokenHash, type CalendarFeed } from './feed-repository.js';
import { FEED_PATH_PREFIX, FEED_SUFFIX, createdFeedToken, feedTokenCreate, feedTokenResource, feedUrls, hashFeedToken, newFeedToken, tokenFromSegment } from './feed-tokens.js';
import { renderCalendar } from './ical.js';
import { calendarItemResource, calendarResource, propertyStrategyResource, strategyResource } from './resources.js';
import { scheduleColumns, scheduleListSpec } from './schedule.js';

const idParam = z.string().min(1).max(64).meta({ description: 'The uuid or the business ID.' });
export const ICAL_MEDIA_TYPE = 'text/calendar; charset=utf-8';
const icalBody = z.string().meta({ description: 'An RFC 5545 iCalendar object (VCALENDAR with one VEVENT per item).' });
const base = { auth: 'jwt', tags: ['planning'] } as const;

function icalResult(feed: CalendarFeed, headers: Record<string, string>): HttpResult {
  return {
    status: 200,
    body: renderCalendar(feed.calendar, feed.items),
    contentType: ICAL_MEDIA_TYPE,
    headers: { 'content-disposition': `inline; filename="${feed.calendar.calendar_id}.ics"`, ...headers },
  };
}

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

/** The secret-URL feed. An unknown, revoked or malformed token is a plain 404: nothing tells them apart. */
const calendarFeed = route(
  {
    method: 'GET',
    path: `${FEED_PATH_PREFIX}{token}`,
    // The gateway's template cannot hold the suffix; clients (and feed_url) use it.
    clientPath: `${FEED_PATH_PREFIX}{token}${FEED_SUFFIX}`,
    // No JWT authorizer: calendar apps cannot send one. The secret token in the path is the credential; the handler checks it.
    auth: 'signature',
    // The path is the credential: logs and problem `instance` show the route template.
    secretPath: true,
    operationId: 'getCalendarFeed',
    publicBecause:
      'Calendar subscribe URL: calendar apps cannot send a JWT; a 256-bit secret token in the path, looked up by its SHA-256 and revocable, is the credential.',
    summary: 'The iCalendar feed a secret subscribe URL grants (`/v1/calendar-feeds/<token>.ics`)',
    tags: ['planning'],
    request: { params: z.object({ token: z.string().min(1).max(100).meta({ description: 'The secret token from feed_url (the path may also end without .ics).' }) }) },
    responses: { 200: { description: 'text/calendar', schema: icalBody, contentType: ICAL_MEDIA_TYPE } },
  },
  async (req) => {
    const token = tokenFromSegment(req.params.token);
    const feed = token ? await readFeedByTokenHash(getExecutor(), hashFeedToken(token)) : null;
    if (!feed) throw new NotFoundError('No calendar feed at this URL (the link may have been revoked).');
    return icalResult(feed, { 'cache-control': 'private, max-age=300', 'x-robots-tag': 'noindex', 'referrer-policy': 'no-referrer' });
  },
);

export const planningApi = defineDomain({
  name: 'planning',
  description: 'Strategies, calendars, calendar items and iCalendar feeds',
  mounts: ['/v1/strategies', '/v1/properties/{propertyId}/strategies', '/v1/calendars', '/v1/calendar-items', '/v1/calendar-feeds'],
  routes: [
    ...[strategyResource, propertyStrategyResource, calendarResource, calendarItemResource].flatMap((r) => crudRoutes(r)),
    schedule,
    calendarIcal,
    createFeedToken,
    ...crudRoutes(feedTokenResource),
    calendarFeed,
  ],
});
