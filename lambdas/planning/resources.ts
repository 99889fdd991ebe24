/**
 * Planning resources over the generic CRUD: content strategies (per property),
 * content calendars (per property or company-wide) and their items, each
 * declared once by its fields.
 *
 * None of these columns has a CHECK in the schema (status, calendar_type,
 * content_type, platform, priority are free text in the seed), so zod bounds
 * their length only; the seed's example values are in the descriptions.
 */
import * as z from 'zod/mini';
import { defineResource, field, readOnly } from '../platform/crud/index.js';
import { withinBytes } from '../platform/crud/byte-limits.js';
import { date, jsonObject, textArray, time, timestamp, uuid } from '../platform/schemas.js';
import { withMeta } from '../platform/schema-meta.js';

const shortText = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
// Caps in bytes (see byte-limits.ts): a row must stay readable through the Data API.
const longText = withinBytes(z.string().check(z.maxLength(20_000)), 20_000);
const json = withinBytes(z.union([jsonObject, z.array(z.unknown())]));
const boundedObject = withinBytes(jsonObject);
const boundedTextArray = withinBytes(textArray);

export const strategyResource = defineResource({
  noun: 'Strategy',
  plural: 'Strategies',
  tag: 'planning',
  schemaName: 'ContentStrategy',
  table: 'marketing.content_strategy',
  collectionPath: '/v1/strategies',
  businessIdColumn: 'strategy_id',
  defaultOrder: 'strategy_id.asc',
  // Who wrote a strategy comes from the token, never from the body.
  authorColumn: 'created_by',
  fields: {
    id: readOnly(uuid, { filter: 'uuid', orderable: true }),
    strategy_id: readOnly(z.string(), { filter: 'text', orderable: true }),
    property_id: field(withMeta(uuid, { description: 'The property this strategy is for (required).' }), { write: 'required', filter: 'uuid' }),
    strategy_name: field(shortText(200), { write: 'required', filter: 'text' }),
    goals: field(withMeta(z.nullable(json), { description: 'Goals and KPIs (JSON).' })),
    themes: field(z.nullable(boundedTextArray), { filter: 'text[]' }),
    posting_frequency: field(withMeta(z.nullable(boundedObject), { description: 'e.g. {"instagram": "3/week", "facebook": "2/week"}' })),
    target_audience: field(z.nullable(longText)),
    tone_guidelines: field(z.nullable(longText)),
    status: field(withMeta(shortText(30), { description: 'Free text; defaults to draft.' }), { filter: 'text' }),
    effective_date: field(z.nullable(date), { filter: 'date' }),
    review_date: field(z.nullable(date), { filter: 'date' }),
    created_by: readOnly(withMeta(z.nullable(z.string()), { description: 'The caller who created it (token subject).' })),
    created_at: readOnly(timestamp, { filter: 'timestamptz' }),
    updated_at: readOnly(timestamp),
  },
});

/** The strategies of one property: a read-only view of the same table under the property. */
export const propertyStrategyResource = defineResource({
  ...strategyResource,
  noun: 'PropertyStrategy',
  plural: 'PropertyStrategies',
  collectionPath: '/v1/properties/{propertyId}/strategies',
  parent: { param: 'propertyId', column: 'property_id', table: 'property.properties' },
  operations: ['list'],
});

export const calendarResource = defineResource({
  noun: 'Calendar',
  plural: 'Calendars',
  tag: 'planning',
  schemaName: 'ContentCalendar',
  table: 'marketing.content_calendars',
  collectionPath: '/v1/calendars',
  businessIdColumn: 'calendar_id',
  defaultOrder: 'calendar_id.asc',
  fields: {
    id: readOnly(uuid, { filter: 'uuid', orderable: true }),
    calendar_id: readOnly(z.string(), { filter: 'text', orderable: true }),
    property_id: field(withMeta(z.nullable(uuid), { description: 'Property; null for a company-wide calendar.' }), { filter: 'uuid' }),
    content_strategy_id: field(z.nullable(uuid), { filter: 'uuid', references: { table: 'marketing.content_strategy', businessIdColumn: 'strategy_id' } }),
    campaign_id: field(z.nullable(uuid), { filter: 'uuid', references: { table: 'marketing.campaigns', businessIdColumn: 'campaign_id' } }),
    calendar_name: field(shortText(200), { write: 'required', filter: 'text' }),
    calendar_type: field(withMeta(z.nullable(z.string().check(z.maxLength(50))), { description: 'Free text, e.g. social, blog, email.' }), { filter: 'text' }),
    start_date: field(z.nullable(date), { filter: 'date' }),
    end_date: field(z.nullable(date), { filter: 'date' }),
    status: field(withMeta(shortText(30), { description: 'Free text; defaults to active.' }), { filter: 'text' }),
    created_at: readOnly(timestamp, { filter: 'timestamptz' }),
    updated_at: readOnly(timestamp),
  },
});

export const calendarItemResource = defineResource({
  noun: 'CalendarItem',
  plural: 'CalendarItems',
  tag: 'planning',
  schemaName: 'CalendarItem',
  table: 'marketing.calendar_items',
  collectionPath: '/v1/calendars/{calendarId}/items',
  parent: { param: 'calendarId', column: 'calendar_id', table: 'marketing.content_calendars', businessIdColumn: 'calendar_id' },
  businessIdColumn: 'calendar_item_id',
  defaultOrder: 'scheduled_date.asc',
  fields: {
    id: readOnly(uuid, { filter: 'uuid', orderable: true }),
    calendar_item_id: readOnly(z.string(), { filter: 'text', orderable: true }),
    // An item can move to another calendar by PATCHing calendar_id (the path names its current one).
    calendar_id: field(uuid, { write: 'update', references: { table: 'marketing.content_calendars', businessIdColumn: 'calendar_id' } }),
    content_id: field(z.nullable(uuid), { filter: 'uuid', references: { table: 'marketing.content', businessIdColumn: 'content_id' } }),
    library_asset_id: field(z.nullable(uuid), { references: { table: 'marketing.content_library', businessIdColumn: 'asset_id' } }),
    published_post_id: field(z.nullable(uuid), { references: { table: 'marketing.social_posts', businessIdColumn: 'social_post_id' } }),
    owner_contact_id: field(z.nullable(uuid), { filter: 'uuid' }),
    title: field(shortText(300), { write: 'required', filter: 'text' }),
    description: field(z.nullable(longText)),
    content_type: field(withMeta(z.nullable(z.string().check(z.maxLength(50))), { description: 'Free text, e.g. post, story, reel, blog.' }), { filter: 'text' }),
    platform: field(withMeta(z.nullable(z.string().check(z.maxLength(50))), { description: 'Target platform, e.g. instagram.' }), { filter: 'text' }),
    scheduled_date: field(date, { write: 'required', filter: 'date', orderable: true }),
    scheduled_time: field(withMeta(z.nullable(time), { description: 'HH:MM[:SS], UTC; null for an all-day item.' })),
    status: field(withMeta(shortText(30), { description: 'Free text, e.g. planned (default), created, scheduled, published.' }), { filter: 'text' }),
    priority: field(withMeta(shortText(30), { description: 'Free text, e.g. low, normal (default), high.' }), { filter: 'text' }),
    tags: field(z.nullable(boundedTextArray), { filter: 'text[]' }),
    created_at: readOnly(timestamp, { filter: 'timestamptz' }),
    updated_at: readOnly(timestamp),
  },
});
