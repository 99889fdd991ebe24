/**
 * Managing secret subscription URLs for calendar feeds: create (the token is
 * shown once), list and revoke. The token format and the feed itself live in
 * the calendar-feeds domain (lambdas/calendar-feeds/). Revoking a token
 * deletes its row.
 */
import { z } from 'zod';
import { defineResource, readOnly } from '../platform/crud/index.js';
import { timestamp, uuid } from '../platform/schemas.js';

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
    // The feed is served read-only (it never writes), so this is no longer updated; kept for the reads noted before.
    last_used_at: readOnly(timestamp.nullable().meta({ description: 'Last feed read noted before feeds became read-only; no longer updated.' })),
  },
});

export const createdFeedToken = feedTokenResource.item
  .extend({
    token: z.string().meta({ description: 'The secret; shown only in this response.' }),
    feed_url: z.string().meta({ description: 'https URL of the .ics feed (paste into "subscribe from URL").' }),
    webcal_url: z.string().meta({ description: 'The same URL as webcal:// (opens the calendar app directly).' }),
  })
  .meta({ id: 'CreatedCalendarFeedToken' });
