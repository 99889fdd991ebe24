/**
 * Secret subscription URLs for calendar feeds. A token is 32 random bytes
 * (base64url, 43 characters), shown once when created; the database keeps
 * only its SHA-256, so the URL cannot be recovered from a backup or a log of
 * the table. Revoking a token deletes its row.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { defineResource, readOnly } from '../platform/crud/index.js';
import { timestamp, uuid } from '../platform/schemas.js';

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** Calendar apps like a URL ending in .ics; the route's last segment is `<token>.ics`. */
export const FEED_SUFFIX = '.ics';
export const FEED_PATH_PREFIX = '/v1/calendar-feeds/';

export function newFeedToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashFeedToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The token in a feed path segment (`<token>.ics` or the bare token), or null when it cannot be one. */
export function tokenFromSegment(segment: string): string | null {
  const token = segment.endsWith(FEED_SUFFIX) ? segment.slice(0, -FEED_SUFFIX.length) : segment;
  return TOKEN_PATTERN.test(token) ? token : null;
}

/**
 * Absolute subscribe URLs. The host is the one the client called (API
 * Gateway's domain or a custom domain in front of it); the scheme follows
 * X-Forwarded-Proto, which API Gateway sets to https.
 */
export function feedUrls(token: string, host: string, proto: string | undefined): { feed_url: string; webcal_url: string } {
  const path = `${FEED_PATH_PREFIX}${token}${FEED_SUFFIX}`;
  return { feed_url: `${proto === 'http' ? 'http' : 'https'}://${host}${path}`, webcal_url: `webcal://${host}${path}` };
}

export const feedTokenCreate = z.object({
  label: z.string().min(1).max(200).optional().meta({ description: 'Who or what the URL is for, e.g. "Social team Google Calendar".' }),
});

/** List and revoke go through the generic CRUD; create is custom (generates the secret). */
export const feedTokenResource = defineResource({
  noun: 'CalendarFeedToken',
  plural: 'CalendarFeedTokens',
  tag: 'planning',
  schemaName: 'CalendarFeedToken',
  table: 'marketing_ops.calendar_feed_tokens',
  collectionPath: '/v1/calendars/{calendarId}/feed-tokens',
  parent: { param: 'calendarId', column: 'calendar_id', table: 'marketing.content_calendars', businessIdColumn: 'calendar_id' },
  defaultOrder: 'id.asc',
  operations: ['list', 'delete'],
  // Revoking a leaked URL must not wait for an admin: whoever may create one may revoke it.
  roles: { read: 'marketer', write: 'marketer', delete: 'marketer' },
  fields: {
    id: readOnly(uuid, { filter: 'uuid', orderable: true }),
    calendar_id: readOnly(uuid),
    label: readOnly(z.string().nullable(), { filter: 'text' }),
    created_by: readOnly(z.string().nullable()),
    created_at: readOnly(timestamp, { filter: 'timestamptz' }),
    last_used_at: readOnly(timestamp.nullable().meta({ description: 'Last feed read with this token (updated at most hourly).' })),
  },
});

export const createdFeedToken = feedTokenResource.item
  .extend({
    token: z.string().meta({ description: 'The secret; shown only in this response.' }),
    feed_url: z.string().meta({ description: 'https URL of the .ics feed (paste into "subscribe from URL").' }),
    webcal_url: z.string().meta({ description: 'The same URL as webcal:// (opens the calendar app directly).' }),
  })
  .meta({ id: 'CreatedCalendarFeedToken' });
