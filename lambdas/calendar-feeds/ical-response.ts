/** A calendar feed as an HTTP answer: the iCalendar text and its headers (the feed and planning's bearer download share it). */
import { z } from 'zod';
import type { HttpResult } from '../platform/http/result.js';
import { renderCalendar } from './ical.js';
import type { CalendarFeed } from './repository.js';

export const ICAL_MEDIA_TYPE = 'text/calendar; charset=utf-8';
export const icalBody = z.string().meta({ description: 'An RFC 5545 iCalendar object (VCALENDAR with one VEVENT per item).' });

export function icalResult(feed: CalendarFeed, headers: Record<string, string>): HttpResult {
  return {
    status: 200,
    body: renderCalendar(feed.calendar, feed.items),
    contentType: ICAL_MEDIA_TYPE,
    headers: { 'content-disposition': `inline; filename="${feed.calendar.calendar_id}.ics"`, ...headers },
  };
}
