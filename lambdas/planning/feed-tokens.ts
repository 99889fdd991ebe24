/**
 * Managing secret subscription URLs for calendar feeds: create (the token is
 * shown once), list and revoke. The token format and the feed itself live in
 * the calendar-feeds domain (lambdas/calendar-feeds/). Revoking a token
 * deletes its row.
 */
import * as z from 'zod/mini';
import { defineResource, readOnly } from '../platform/crud/index.js';
import { timestamp, uuid } from '../platform/schemas.js';
import { withMeta } from '../platform/schema-meta.js';

export const feedTokenCreate = z.object({
  label: withMeta(z.optional(z.string().check(z.minLength(1), z.maxLength(200))), { description: 'Who or what the URL is for, e.g. "Social team Google Calendar".' }),
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
    label: readOnly(z.nullable(z.string()), { filter: 'text' }),
    created_by: readOnly(z.nullable(z.string())),
    created_at: readOnly(timestamp, { filter: 'timestamptz' }),
    // The feed is served read-only (it never writes), so this is no longer updated; kept for the reads noted before.
    last_used_at: readOnly(withMeta(z.nullable(timestamp), { description: 'Last feed read noted before feeds became read-only; no longer updated.' })),
  },
});

export const createdFeedToken = withMeta(z.extend(feedTokenResource.item, {
    token: withMeta(z.string(), { description: 'The secret; shown only in this response.' }),
    feed_url: withMeta(z.string(), { description: 'https URL of the .ics feed (paste into "subscribe from URL").' }),
    webcal_url: withMeta(z.string(), { description: 'The same URL as webcal:// (opens the calendar app directly).' }),
  }), { id: 'CreatedCalendarFeedToken' });
