/**
 * The SQL behind iCalendar feeds: a calendar and its items in ONE statement
 * (one Data API call), found by its id or by the hash of a feed token. Both
 * only SELECT: the feed function needs no other privilege in the database.
 *
 * The rows are one per item with the calendar's columns repeated (an empty
 * calendar gives one row with NULL item columns), rather than one row with a
 * json_agg: the Data API refuses any row over 64 KB, and a calendar's items
 * as one JSON value would pass that quickly. The whole response must stay
 * under the Data API's 1 MiB, so the feed is bounded:
 *   - items from FEED_WINDOW_DAYS ago onwards (subscribers care about what is
 *     coming; the API has the full history),
 *   - title and description cut to FEED_TITLE_CHARS / FEED_DESCRIPTION_CHARS,
 *   - at most FEED_MAX_ITEMS items and FEED_BYTE_BUDGET bytes of estimated
 *     response, earliest first.
 */
import type { Row, SqlExecutor, SqlValue } from '../platform/db/executor.js';
import { idCondition } from '../platform/crud/id-match.js';
import { NotFoundError } from '../platform/errors.js';
import type { FeedCalendar, FeedItem } from './ical.js';

export const FEED_WINDOW_DAYS = 366;
export const FEED_MAX_ITEMS = 1000;
export const FEED_TITLE_CHARS = 300;
export const FEED_DESCRIPTION_CHARS = 4000;
/** Estimated response bytes: text octets plus ~600 bytes of Data API framing per row, well below 1 MiB. */
export const FEED_BYTE_BUDGET = 700_000;
const ROW_OVERHEAD_BYTES = 600;

export interface CalendarFeed {
  calendar: FeedCalendar;
  items: FeedItem[];
}

/** Finds the calendar by `calendarCondition` (over alias c); `prelude` adds CTEs before it. */
function feedSql(calendarCondition: string, prelude = ''): string {
  return `WITH ${prelude}cal AS (
  SELECT c.id, c.calendar_id, left(c.calendar_name, ${FEED_TITLE_CHARS}) AS calendar_name
  FROM marketing.content_calendars c WHERE ${calendarCondition}
),
windowed AS (
  SELECT i.id, i.calendar_item_id, left(i.title, ${FEED_TITLE_CHARS}) AS title,
         left(i.description, ${FEED_DESCRIPTION_CHARS}) AS description,
         i.content_type, i.platform, i.scheduled_date, i.scheduled_time, i.status, i.priority, i.tags,
         i.created_at, i.updated_at, i.calendar_id
  FROM marketing.calendar_items i JOIN cal ON i.calendar_id = cal.id
  WHERE i.scheduled_date >= current_date - ${FEED_WINDOW_DAYS}
),
budgeted AS (
  SELECT w.*,
         row_number() OVER running AS item_number,
         sum(${ROW_OVERHEAD_BYTES} + octet_length(w.title) + coalesce(octet_length(w.description), 0)
             + coalesce(octet_length(array_to_string(w.tags, ',')), 0)
             + coalesce(octet_length(w.platform), 0) + coalesce(octet_length(w.content_type), 0)) OVER running AS running_bytes
  FROM windowed w
  WINDOW running AS (ORDER BY w.scheduled_date, w.scheduled_time NULLS FIRST, w.id)
)
SELECT cal.id AS cal_uuid, cal.calendar_id AS cal_business_id, cal.calendar_name AS cal_name,
       b.id, b.calendar_item_id, b.title, b.description, b.content_type, b.platform, b.scheduled_date,
       b.scheduled_time, b.status, b.priority, b.tags, b.created_at, b.updated_at
FROM cal
LEFT JOIN budgeted b ON b.calendar_id = cal.id AND b.item_number <= ${FEED_MAX_ITEMS} AND b.running_bytes <= ${FEED_BYTE_BUDGET}
ORDER BY b.scheduled_date, b.scheduled_time NULLS FIRST, b.id`;
}

const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

function toFeed(rows: readonly Row[]): CalendarFeed | null {
  const first = rows[0];
  if (!first) return null;
  const calendar: FeedCalendar = {
    id: String(first.cal_uuid),
    calendar_id: String(first.cal_business_id),
    calendar_name: String(first.cal_name),
  };
  const items = rows
    .filter((r) => r.id !== null && r.id !== undefined)
    .map(
      (r): FeedItem => ({
        id: String(r.id),
        calendar_item_id: String(r.calendar_item_id),
        title: String(r.title),
        description: text(r.description),
        content_type: text(r.content_type),
        platform: text(r.platform),
        scheduled_date: String(r.scheduled_date),
        scheduled_time: text(r.scheduled_time),
        status: text(r.status),
        priority: text(r.priority),
        tags: Array.isArray(r.tags) ? r.tags.map(String) : null,
        created_at: text(r.created_at),
        updated_at: text(r.updated_at),
      }),
    );
  return { calendar, items };
}

/** The feed of a calendar named by uuid or business ID (JWT route). */
export async function readFeedByCalendar(executor: SqlExecutor, rawId: string): Promise<CalendarFeed> {
  const match = idCondition(rawId, 'c', 'calendar_ref', 'calendar_id');
  if (!match) throw new NotFoundError(`No calendar ${rawId}.`);
  const { rows } = await executor.query(feedSql(match.sql), match.params);
  const feed = toFeed(rows);
  if (!feed) throw new NotFoundError(`No calendar ${rawId}.`);
  return feed;
}

/** The feed a token grants (by the token's SHA-256), or null for no such token. */
export async function readFeedByTokenHash(executor: SqlExecutor, tokenSha256: string): Promise<CalendarFeed | null> {
  const prelude = `token AS (
  SELECT t.calendar_id FROM marketing_ops.calendar_feed_tokens t WHERE t.token_sha256 = :token_sha256
),
`;
  const params: Record<string, SqlValue> = { token_sha256: tokenSha256 };
  const { rows } = await executor.query(feedSql('c.id = (SELECT calendar_id FROM token)', prelude), params);
  return toFeed(rows);
}
