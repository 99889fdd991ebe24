/**
 * A content calendar as an RFC 5545 iCalendar object: one VEVENT per item.
 *
 * Choices:
 * - No METHOD, so DTSTAMP is the item's last change (§3.8.7.2) rather than
 *   "now": the same data gives the same bytes, so the feed's ETag holds and
 *   calendar apps can poll with If-None-Match cheaply.
 * - An item without scheduled_time is an all-day event (DTSTART;VALUE=DATE,
 *   DTEND the next day). With a time, the item is a moment: scheduled_time
 *   is read as UTC (the schema stores a `time` without zone) and there is no
 *   DTEND, which RFC 5545 defines as ending when it starts.
 * - UIDs are `<item uuid>@<UID_DOMAIN>`: stable whatever host serves the feed,
 *   so re-subscribing under another URL does not duplicate events.
 */
import { CRLF, escapeText, foldLine } from './ical-text.js';

export const PRODID = '-//Marketing Ops//Content Calendar 1.0//EN';
export const UID_DOMAIN = 'calendar-items.marketing-ops';
/** Suggested polling interval for subscribers (RFC 7986 REFRESH-INTERVAL, and the older X-PUBLISHED-TTL). */
export const REFRESH_INTERVAL = 'PT1H';

export interface FeedCalendar {
  id: string;
  calendar_id: string;
  calendar_name: string;
}

export interface FeedItem {
  id: string;
  calendar_item_id: string;
  title: string;
  description: string | null;
  content_type: string | null;
  platform: string | null;
  /** YYYY-MM-DD */
  scheduled_date: string;
  /** HH:MM:SS[.ffffff], read as UTC; null for an all-day item. */
  scheduled_time: string | null;
  status: string | null;
  priority: string | null;
  tags: readonly string[] | null;
  /** ISO 8601 UTC timestamps. */
  created_at: string | null;
  updated_at: string | null;
}

/**
 * Item status -> VEVENT STATUS (§3.8.1.11); unknown statuses get no STATUS.
 * Maps, not object literals: a status such as "constructor" must find nothing,
 * not a property of Object.prototype.
 */
const STATUS: ReadonlyMap<string, string> = new Map([
  ['planned', 'TENTATIVE'],
  ['draft', 'TENTATIVE'],
  ['created', 'TENTATIVE'],
  ['scheduled', 'CONFIRMED'],
  ['approved', 'CONFIRMED'],
  ['published', 'CONFIRMED'],
  ['cancelled', 'CANCELLED'],
  ['canceled', 'CANCELLED'],
]);

/** Item priority -> PRIORITY (§3.8.1.9: 1 highest, 5 medium, 9 lowest). */
const PRIORITY: ReadonlyMap<string, number> = new Map([
  ['urgent', 1],
  ['high', 1],
  ['normal', 5],
  ['medium', 5],
  ['low', 9],
]);

const dateValue = (date: string): string => date.replaceAll('-', '');

function nextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10).replaceAll('-', '');
}

/** `2026-01-05T10:00:00.000Z` -> `20260105T100000Z`. */
function utcValue(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new TypeError(`Not a timestamp: ${iso}`);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/** `2026-01-05` + `10:30:00.5` -> `20260105T103000Z` (fractions of a second dropped). */
function scheduledUtc(date: string, time: string): string {
  const [hh, mm, ss] = time.split(/[:.]/);
  return `${dateValue(date)}T${hh ?? '00'}${mm ?? '00'}${ss ?? '00'}Z`;
}

function line(name: string, value: string): string {
  return foldLine(`${name}:${value}`);
}

function eventLines(item: FeedItem, fallbackStamp: string): string[] {
  const stamp = item.updated_at ?? item.created_at;
  const lines = [
    'BEGIN:VEVENT',
    line('UID', `${item.id}@${UID_DOMAIN}`),
    line('DTSTAMP', stamp ? utcValue(stamp) : fallbackStamp),
  ];
  if (item.scheduled_time === null) {
    lines.push(line('DTSTART;VALUE=DATE', dateValue(item.scheduled_date)), line('DTEND;VALUE=DATE', nextDay(item.scheduled_date)));
  } else {
    lines.push(line('DTSTART', scheduledUtc(item.scheduled_date, item.scheduled_time)));
  }
  lines.push(line('SUMMARY', escapeText(item.title)));
  if (item.description) lines.push(line('DESCRIPTION', escapeText(item.description)));
  const categories = [item.platform, item.content_type, ...(item.tags ?? [])].filter((c): c is string => !!c && c.trim() !== '');
  if (categories.length > 0) lines.push(line('CATEGORIES', categories.map(escapeText).join(',')));
  const status = item.status ? STATUS.get(item.status.toLowerCase()) : undefined;
  if (status) lines.push(line('STATUS', status));
  const priority = item.priority ? PRIORITY.get(item.priority.toLowerCase()) : undefined;
  if (priority !== undefined) lines.push(line('PRIORITY', String(priority)));
  if (item.created_at) lines.push(line('CREATED', utcValue(item.created_at)));
  if (item.updated_at) lines.push(line('LAST-MODIFIED', utcValue(item.updated_at)));
  lines.push(line('X-MARKETING-ITEM-ID', escapeText(item.calendar_item_id)), 'END:VEVENT');
  return lines;
}

/**
 * RFC 5545 requires at least one component in a VCALENDAR. An empty content
 * calendar therefore carries an (unused) UTC time zone definition, which
 * every client ignores, instead of being an invalid object.
 */
const EMPTY_CALENDAR_COMPONENT = [
  'BEGIN:VTIMEZONE',
  'TZID:UTC',
  'BEGIN:STANDARD',
  'DTSTART:19700101T000000',
  'TZOFFSETFROM:+0000',
  'TZOFFSETTO:+0000',
  'TZNAME:UTC',
  'END:STANDARD',
  'END:VTIMEZONE',
];

/**
 * The whole iCalendar object, CRLF line endings, every line folded to 75
 * octets. `generatedAt` is only used as DTSTAMP of an item without
 * timestamps (never the case for rows from the database).
 */
export function renderCalendar(calendar: FeedCalendar, items: readonly FeedItem[], generatedAt = new Date()): string {
  const fallbackStamp = utcValue(generatedAt.toISOString());
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    line('PRODID', PRODID),
    'CALSCALE:GREGORIAN',
    line('X-WR-CALNAME', escapeText(calendar.calendar_name)),
    line('NAME', escapeText(calendar.calendar_name)),
    line('X-WR-RELCALID', escapeText(`${calendar.id}@${UID_DOMAIN}`)),
    line('REFRESH-INTERVAL;VALUE=DURATION', REFRESH_INTERVAL),
    line('X-PUBLISHED-TTL', REFRESH_INTERVAL),
    ...(items.length === 0 ? EMPTY_CALENDAR_COMPONENT : items.flatMap((item) => eventLines(item, fallbackStamp))),
    'END:VCALENDAR',
  ];
  return lines.join(CRLF) + CRLF;
}
