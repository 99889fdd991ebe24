/** A calendar feed as an HTTP answer: the iCalendar text and its headers (the feed and planning's bearer download share it). */
import * as z from 'zod/mini';
import type { HttpResult } from '../platform/http/result.js';
import { renderCalendar } from './ical.js';
import type { CalendarFeed } from './repository.js';
import { withMeta } from '../platform/schema-meta.js';

export const ICAL_MEDIA_TYPE = 'text/calendar; charset=utf-8';
export const icalBody = withMeta(z.string(), { description: 'An RFC 5545 iCalendar object (VCALENDAR with one VEVENT per item).' });

export function icalResult(feed: CalendarFeed, headers: Record<string, string>): HttpResult {
  return {
    status: 200,
    body: renderCalendar(feed.calendar, feed.items),
    contentType: ICAL_MEDIA_TYPE,
    headers: { 'content-disposition': `inline; filename="${feed.calendar.calendar_id}.ics"`, ...headers },
  };
}
