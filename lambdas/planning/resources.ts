/**
 * Planning resources over the generic CRUD: content strategies (per property),
 * content calendars (per property or company-wide) and their items.
 *
 * None of these columns has a CHECK in the schema (status, calendar_type,
 * content_type, platform, priority are free text in the seed), so zod bounds
 * their length only; the seed's example values are in the descriptions.
 */
import { z } from 'zod';
import type { ResourceSpec } from '../platform/crud/index.js';
import { withinBytes } from '../platform/crud/byte-limits.js';
import { date, jsonObject, textArray, time, timestamp, uuid } from '../platform/schemas.js';

const shortText = (max: number) => z.string().min(1).max(max);
// Caps in bytes (see byte-limits.ts): a row must stay readable through the Data API.
const longText = withinBytes(z.string().max(20_000), 20_000);
const json = withinBytes(z.union([jsonObject, z.array(z.unknown())]));
const boundedObject = withinBytes(jsonObject);
const boundedTextArray = withinBytes(textArray);

// ------------------------------------------------------------------ strategies

const strategyFields = {
  property_id: uuid.meta({ description: 'The property this strategy is for (required).' }),
  strategy_name: shortText(200),
  goals: json.nullable().meta({ description: 'Goals and KPIs (JSON).' }),
  themes: boundedTextArray.nullable(),
  posting_frequency: boundedObject.nullable().meta({ description: 'e.g. {"instagram": "3/week", "facebook": "2/week"}' }),
  target_audience: longText.nullable(),
  tone_guidelines: longText.nullable(),
  status: shortText(30).meta({ description: 'Free text; defaults to draft.' }),
  effective_date: date.nullable(),
  review_date: date.nullable(),
  created_by: z.string().max(200).nullable().meta({ description: 'Defaults to the caller (token subject).' }),
};

const strategyItem = z
  .object({ id: uuid, strategy_id: z.string(), ...strategyFields, created_at: timestamp, updated_at: timestamp })
  .meta({ id: 'ContentStrategy' });

const strategyCreate = z.object({
  property_id: strategyFields.property_id,
  strategy_name: strategyFields.strategy_name,
  goals: strategyFields.goals.optional(),
  themes: strategyFields.themes.optional(),
  posting_frequency: strategyFields.posting_frequency.optional(),
  target_audience: strategyFields.target_audience.optional(),
  tone_guidelines: strategyFields.tone_guidelines.optional(),
  status: strategyFields.status.optional(),
  effective_date: strategyFields.effective_date.optional(),
  review_date: strategyFields.review_date.optional(),
  created_by: strategyFields.created_by.optional(),
});

const strategySelect =
  'id, strategy_id, property_id, strategy_name, goals, themes, posting_frequency, target_audience, tone_guidelines, status, effective_date, review_date, created_by, created_at, updated_at';

const strategyColumns = {
  id: { type: 'uuid', orderable: true, nullable: false },
  strategy_id: { type: 'text', orderable: true, nullable: false },
  property_id: { type: 'uuid' },
  strategy_name: { type: 'text' },
  status: { type: 'text' },
  themes: { type: 'text[]' },
  effective_date: { type: 'date' },
  review_date: { type: 'date' },
  created_at: { type: 'timestamptz' },
} as const;

export const strategyResource: ResourceSpec = {
  noun: 'Strategy',
  plural: 'Strategies',
  domain: 'planning',
  tag: 'planning',
  table: 'marketing.content_strategy',
  collectionPath: '/v1/strategies',
  businessIdColumn: 'strategy_id',
  select: strategySelect,
  columns: strategyColumns,
  defaultOrder: 'strategy_id.asc',
  item: strategyItem,
  create: strategyCreate,
};

/** The strategies of one property: a read-only view of the same table under the property. */
export const propertyStrategyResource: ResourceSpec = {
  ...strategyResource,
  noun: 'PropertyStrategy',
  plural: 'PropertyStrategies',
  collectionPath: '/v1/properties/{propertyId}/strategies',
  parent: { param: 'propertyId', column: 'property_id', table: 'property.properties' },
  operations: ['list'],
};

// ------------------------------------------------------------------- calendars

const calendarFields = {
  property_id: uuid.nullable().meta({ description: 'Property; null for a company-wide calendar.' }),
  content_strategy_id: uuid.nullable(),
  campaign_id: uuid.nullable(),
  calendar_name: shortText(200),
  calendar_type: z.string().max(50).nullable().meta({ description: 'Free text, e.g. social, blog, email.' }),
  start_date: date.nullable(),
  end_date: date.nullable(),
  status: shortText(30).meta({ description: 'Free text; defaults to active.' }),
};

export const calendarResource: ResourceSpec = {
  noun: 'Calendar',
  plural: 'Calendars',
  domain: 'planning',
  tag: 'planning',
  table: 'marketing.content_calendars',
  collectionPath: '/v1/calendars',
  businessIdColumn: 'calendar_id',
  select:
    'id, calendar_id, property_id, content_strategy_id, campaign_id, calendar_name, calendar_type, start_date, end_date, status, created_at, updated_at',
  columns: {
    id: { type: 'uuid', orderable: true, nullable: false },
    calendar_id: { type: 'text', orderable: true, nullable: false },
    property_id: { type: 'uuid' },
    content_strategy_id: { type: 'uuid' },
    campaign_id: { type: 'uuid' },
    calendar_name: { type: 'text' },
    calendar_type: { type: 'text' },
    status: { type: 'text' },
    start_date: { type: 'date' },
    end_date: { type: 'date' },
    created_at: { type: 'timestamptz' },
  },
  defaultOrder: 'calendar_id.asc',
  item: z
    .object({ id: uuid, calendar_id: z.string(), ...calendarFields, created_at: timestamp, updated_at: timestamp })
    .meta({ id: 'ContentCalendar' }),
  create: z.object({
    calendar_name: calendarFields.calendar_name,
    property_id: calendarFields.property_id.optional(),
    content_strategy_id: calendarFields.content_strategy_id.optional(),
    campaign_id: calendarFields.campaign_id.optional(),
    calendar_type: calendarFields.calendar_type.optional(),
    start_date: calendarFields.start_date.optional(),
    end_date: calendarFields.end_date.optional(),
    status: calendarFields.status.optional(),
  }),
};

// -------------------------------------------------------------- calendar items

const itemFields = {
  content_id: uuid.nullable(),
  library_asset_id: uuid.nullable(),
  published_post_id: uuid.nullable(),
  owner_contact_id: uuid.nullable(),
  title: shortText(300),
  description: longText.nullable(),
  content_type: z.string().max(50).nullable().meta({ description: 'Free text, e.g. post, story, reel, blog.' }),
  platform: z.string().max(50).nullable().meta({ description: 'Target platform, e.g. instagram.' }),
  scheduled_date: date,
  scheduled_time: time.nullable().meta({ description: 'HH:MM[:SS], UTC; null for an all-day item.' }),
  status: shortText(30).meta({ description: 'Free text, e.g. planned (default), created, scheduled, published.' }),
  priority: shortText(30).meta({ description: 'Free text, e.g. low, normal (default), high.' }),
  tags: boundedTextArray.nullable(),
};

export const calendarItemSelect =
  'id, calendar_item_id, calendar_id, content_id, library_asset_id, published_post_id, owner_contact_id, title, description, content_type, platform, scheduled_date, scheduled_time, status, priority, tags, created_at, updated_at';

export const calendarItemSchema = z
  .object({ id: uuid, calendar_item_id: z.string(), calendar_id: uuid, ...itemFields, created_at: timestamp, updated_at: timestamp })
  .meta({ id: 'CalendarItem' });

const itemCreate = z.object({
  title: itemFields.title,
  scheduled_date: itemFields.scheduled_date,
  scheduled_time: itemFields.scheduled_time.optional(),
  description: itemFields.description.optional(),
  content_type: itemFields.content_type.optional(),
  platform: itemFields.platform.optional(),
  status: itemFields.status.optional(),
  priority: itemFields.priority.optional(),
  tags: itemFields.tags.optional(),
  content_id: itemFields.content_id.optional(),
  library_asset_id: itemFields.library_asset_id.optional(),
  published_post_id: itemFields.published_post_id.optional(),
  owner_contact_id: itemFields.owner_contact_id.optional(),
});

/** Filterable columns shared by the per-calendar list and the cross-calendar query. */
export const calendarItemColumns = {
  id: { type: 'uuid', orderable: true, nullable: false },
  calendar_item_id: { type: 'text', orderable: true, nullable: false },
  scheduled_date: { type: 'date', orderable: true, nullable: false },
  status: { type: 'text' },
  priority: { type: 'text' },
  platform: { type: 'text' },
  content_type: { type: 'text' },
  tags: { type: 'text[]' },
  title: { type: 'text' },
  content_id: { type: 'uuid' },
  owner_contact_id: { type: 'uuid' },
  created_at: { type: 'timestamptz' },
} as const;

export const calendarItemResource: ResourceSpec = {
  noun: 'CalendarItem',
  plural: 'CalendarItems',
  domain: 'planning',
  tag: 'planning',
  table: 'marketing.calendar_items',
  collectionPath: '/v1/calendars/{calendarId}/items',
  parent: { param: 'calendarId', column: 'calendar_id', table: 'marketing.content_calendars', businessIdColumn: 'calendar_id' },
  businessIdColumn: 'calendar_item_id',
  select: calendarItemSelect,
  columns: calendarItemColumns,
  defaultOrder: 'scheduled_date.asc',
  item: calendarItemSchema,
  create: itemCreate,
  // An item can move to another calendar by PATCHing calendar_id (the path names its current one).
  update: itemCreate.partial().extend({ calendar_id: uuid.optional() }),
};

export const planningResources = [strategyResource, propertyStrategyResource, calendarResource, calendarItemResource] as const;
