/**
 * Planning resources over the generic CRUD: content strategies (per property),
 * content calendars (per property or company-wide) and their items, each
 * declared once by its fields.
 *
 * None of these columns has a CHECK in the schema (status, calendar_type,
 * content_type, platform, priority are free text in the seed), so zod bounds
 * their length only; the seed's example values are in the descriptions.
 */
import { z } from 'zod';
import { defineResource, field, readOnly } from '../platform/crud/index.js';
import { withinBytes } from '../platform/crud/byte-limits.js';
import { date, jsonObject, textArray, time, timestamp, uuid } from '../platform/schemas.js';

const shortText = (max: number) => z.string().min(1).max(max);
// Caps in bytes (see byte-limits.ts): a row must stay readable through the Data API.
const longText = withinBytes(z.string().max(20_000), 20_000);
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
    property_id: field(uuid.meta({ description: 'The property this strategy is for (required).' }), { write: 'required', filter: 'uuid' }),
    strategy_name: field(shortText(200), { write: 'required', filter: 'text' }),
    goals: field(json.nullable().meta({ description: 'Goals and KPIs (JSON).' })),
    themes: field(boundedTextArray.nullable(), { filter: 'text[]' }),
    posting_frequency: field(boundedObject.nullable().meta({ description: 'e.g. {"instagram": "3/week", "facebook": "2/week"}' })),
    target_audience: field(longText.nullable()),
    tone_guidelines: field(longText.nullable()),
    status: field(shortText(30).meta({ description: 'Free text; defaults to draft.' }), { filter: 'text' }),
    effective_date: field(date.nullable(), { filter: 'date' }),
    review_date: field(date.nullable(), { filter: 'date' }),
    created_by: readOnly(z.string().nullable().meta({ description: 'The caller who created it (token subject).' })),
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
    property_id: field(uuid.nullable().meta({ description: 'Property; null for a company-wide calendar.' }), { filter: 'uuid' }),
    content_strategy_id: field(uuid.nullable(), { filter: 'uuid', references: { table: 'marketing.content_strategy', businessIdColumn: 'strategy_id' } }),
    campaign_id: field(uuid.nullable(), { filter: 'uuid', references: { table: 'marketing.campaigns', businessIdColumn: 'campaign_id' } }),
    calendar_name: field(shortText(200), { write: 'required', filter: 'text' }),
    calendar_type: field(z.string().max(50).nullable().meta({ description: 'Free text, e.g. social, blog, email.' }), { filter: 'text' }),
    start_date: field(date.nullable(), { filter: 'date' }),
    end_date: field(date.nullable(), { filter: 'date' }),
    status: field(shortText(30).meta({ description: 'Free text; defaults to active.' }), { filter: 'text' }),
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
    content_id: field(uuid.nullable(), { filter: 'uuid', references: { table: 'marketing.content', businessIdColumn: 'content_id' } }),
    library_asset_id: field(uuid.nullable(), { references: { table: 'marketing.content_library', businessIdColumn: 'asset_id' } }),
    published_post_id: field(uuid.nullable(), { references: { table: 'marketing.social_posts', businessIdColumn: 'social_post_id' } }),
    owner_contact_id: field(uuid.nullable(), { filter: 'uuid' }),
    title: field(shortText(300), { write: 'required', filter: 'text' }),
    description: field(longText.nullable()),
    content_type: field(z.string().max(50).nullable().meta({ description: 'Free text, e.g. post, story, reel, blog.' }), { filter: 'text' }),
    platform: field(z.string().max(50).nullable().meta({ description: 'Target platform, e.g. instagram.' }), { filter: 'text' }),
    scheduled_date: field(date, { write: 'required', filter: 'date', orderable: true }),
    scheduled_time: field(time.nullable().meta({ description: 'HH:MM[:SS], UTC; null for an all-day item.' })),
    status: field(shortText(30).meta({ description: 'Free text, e.g. planned (default), created, scheduled, published.' }), { filter: 'text' }),
    priority: field(shortText(30).meta({ description: 'Free text, e.g. low, normal (default), high.' }), { filter: 'text' }),
    tags: field(boundedTextArray.nullable(), { filter: 'text[]' }),
    created_at: readOnly(timestamp, { filter: 'timestamptz' }),
    updated_at: readOnly(timestamp),
  },
});
