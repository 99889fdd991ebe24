/**
 * The planning Lambda: generic CRUD for strategies, calendars, items and feed
 * tokens, plus the operations that are not plain CRUD. Every request is one
 * Data API call.
 */
import type { Context } from 'aws-lambda';
import { createRow } from '../platform/crud/index.js';
import { crudImplementations } from '../platform/crud/implementations.js';
import { getExecutor } from '../platform/db/index.js';
import { created, createDomainHandler, NotFoundError, ok, versionEtag } from '../platform/http/index.js';
import type { HttpApiEvent, HttpRequest, HttpResult, RequestFor } from '../platform/http/index.js';
import { readPage } from '../platform/lists/list-route.js';
import type {
  createCalendarFeedToken,
  getCalendarFeed,
  getCalendarIcal,
  listCalendarItemSchedule,
} from './api.js';
import { ICAL_MEDIA_TYPE, getCalendarFeed as feedRoute } from './api.js';
import { readFeedByCalendar, readFeedByTokenHash, type CalendarFeed } from './feed-repository.js';
import { feedTokenResource, feedUrls, hashFeedToken, newFeedToken, tokenFromSegment } from './feed-tokens.js';
import { renderCalendar } from './ical.js';
import { planningResources, strategyResource } from './resources.js';
import { scheduleListSpec } from './schedule.js';

function icalResult(feed: CalendarFeed, headers: Record<string, string>): HttpResult {
  return {
    status: 200,
    body: renderCalendar(feed.calendar, feed.items),
    contentType: ICAL_MEDIA_TYPE,
    headers: { 'content-disposition': `inline; filename="${feed.calendar.calendar_id}.ics"`, ...headers },
  };
}

/** created_by defaults to the caller, so a strategy records who wrote it without the client saying so. */
async function createStrategy(req: HttpRequest): Promise<HttpResult> {
  const body = req.body as Record<string, unknown>;
  const sub = req.principal?.sub;
  const values = body.created_by === undefined && sub ? { ...body, created_by: sub } : body;
  const { row, version } = await createRow(getExecutor(), strategyResource, {}, values);
  return created(row, `${req.event.rawPath}/${String(row.id)}`, { etag: versionEtag(version) });
}

async function listSchedule(req: RequestFor<typeof listCalendarItemSchedule>): Promise<HttpResult> {
  return ok(await readPage(getExecutor(), scheduleListSpec, req.event.rawQueryString ?? ''), { etag: null });
}

async function createFeedToken(req: RequestFor<typeof createCalendarFeedToken>): Promise<HttpResult> {
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
}

async function calendarIcal(req: RequestFor<typeof getCalendarIcal>): Promise<HttpResult> {
  return icalResult(await readFeedByCalendar(getExecutor(), req.params.id), { 'cache-control': 'private, no-cache' });
}

/** The secret-URL feed. An unknown, revoked or malformed token is a plain 404: nothing tells them apart. */
async function calendarFeed(req: RequestFor<typeof getCalendarFeed>): Promise<HttpResult> {
  const token = tokenFromSegment(req.params.token);
  const feed = token ? await readFeedByTokenHash(getExecutor(), hashFeedToken(token)) : null;
  if (!feed) throw new NotFoundError('No calendar feed at this URL (the link may have been revoked).');
  return icalResult(feed, { 'cache-control': 'private, max-age=300', 'x-robots-tag': 'noindex', 'referrer-policy': 'no-referrer' });
}

const domainHandler = createDomainHandler('planning', {
  ...Object.assign({}, ...[...planningResources, feedTokenResource].map(crudImplementations)),
  createStrategy,
  listCalendarItemSchedule: listSchedule,
  createCalendarFeedToken: createFeedToken,
  getCalendarIcal: calendarIcal,
  getCalendarFeed: calendarFeed,
});

const FEED_ROUTE_KEY = `${feedRoute.method} ${feedRoute.path}`;

/**
 * The feed URL's path is a secret: the chain logs `rawPath` and echoes it in
 * problem+json `instance`, so for the feed route both see the route template
 * instead. The handler reads the token from pathParameters, which stay intact.
 */
function redactFeedPath(event: HttpApiEvent): HttpApiEvent {
  if (event.routeKey !== FEED_ROUTE_KEY) return event;
  return {
    ...event,
    rawPath: feedRoute.path,
    requestContext: { ...event.requestContext, http: { ...event.requestContext.http, path: feedRoute.path } },
  };
}

export const handler = (event: HttpApiEvent, context: Context) => domainHandler(redactFeedPath(event), context);
