/**
 * The calendar-feeds domain: the iCalendar feed a secret subscribe URL grants,
 * for calendar apps, which cannot send a bearer token. Its own function, so
 * it can run with read-only database access: it only SELECTs (tokens are
 * created and revoked by the planning domain).
 *
 * A request costs a Data API call only when its token's tag verifies
 * (feed-token.ts); anything else is refused first. API Gateway throttles the
 * route on top of that (publicRouteThrottle* in the CDK context).
 */
import * as z from 'zod/mini';
import { getExecutor } from '../platform/db/index.js';
import { NotFoundError } from '../platform/errors.js';
import { defineDomain } from '../platform/http/domain.js';
import { logger } from '../platform/observability.js';
import { route } from '../platform/http/route.js';
import { FEED_PATH_PREFIX, FEED_SUFFIX, checkFeedSegment, hashFeedToken } from './feed-token.js';
import { ICAL_MEDIA_TYPE, icalBody, icalResult } from './ical-response.js';
import { readFeedByTokenHash } from './repository.js';
import { withMeta } from '../platform/schema-meta.js';

const notFound = () => new NotFoundError('No calendar feed at this URL (the link may have been revoked).');

/** An unknown, revoked or forged token is a plain 404: nothing tells them apart. An old-format one says what to do. */
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
      'Calendar subscribe URL: calendar apps cannot send a JWT; a 256-bit secret token in the path, tagged with an HMAC checked before any ' +
      'lookup, looked up by its SHA-256 and revocable, is the credential. The route is throttled.',
    summary: 'The iCalendar feed a secret subscribe URL grants (`/v1/calendar-feeds/<token>.ics`)',
    tags: ['planning'],
    request: { params: z.object({ token: withMeta(z.string().check(z.minLength(1), z.maxLength(100)), { description: 'The secret token from feed_url (the path may also end without .ics).' }) }) },
    responses: { 200: { description: 'text/calendar', schema: icalBody, contentType: ICAL_MEDIA_TYPE } },
  },
  async (req) => {
    const check = checkFeedSegment(req.params.token);
    if (check.kind === 'legacy') {
      throw new NotFoundError('This subscribe URL has a format no longer accepted; ask for a new one (POST /v1/calendars/{id}/feed-tokens).');
    }
    if (check.kind === 'invalid') throw notFound();
    const feed = await readFeedByTokenHash(getExecutor(), hashFeedToken(check.token));
    if (!feed) throw notFound();
    // The feed does not write, so a read is noted in the log (calendar only; nothing derived from the token).
    logger.info('calendar feed read', { calendar_id: feed.calendar.id });
    return icalResult(feed, { 'cache-control': 'private, max-age=300', 'x-robots-tag': 'noindex', 'referrer-policy': 'no-referrer' });
  },
);

export const calendarFeedsApi = defineDomain({
  name: 'calendar-feeds',
  description: 'iCalendar feeds behind secret subscribe URLs (read-only)',
  mounts: ['/v1/calendar-feeds'],
  // It only SELECTs: the read-only database role.
  access: { database: 'read' },
  routes: [calendarFeed],
});
