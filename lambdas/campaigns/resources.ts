/**
 * Campaigns, their event log and booking attribution as generic CRUD
 * resources (marketing.campaigns, marketing.campaign_events,
 * marketing.attribution), each declared once by its fields.
 */
import { z } from 'zod';
import { withinBytes } from '../platform/crud/byte-limits.js';
import { defineResource, field, readOnly } from '../platform/crud/index.js';
import { date, decimalString, jsonObject, numeric, timestamp, uuid } from '../platform/schemas.js';
import { campaignStatus, campaignType, eventType, metrics } from './schemas.js';

export const campaignResource = defineResource({
  noun: 'Campaign',
  plural: 'Campaigns',
  tag: 'campaigns',
  schemaName: 'Campaign',
  table: 'marketing.campaigns',
  collectionPath: '/v1/campaigns',
  businessIdColumn: 'campaign_id',
  // uuidv7 ids: newest first.
  defaultOrder: 'id.desc',
  authorColumn: 'created_by',
  fields: {
    id: readOnly(uuid, { filter: 'uuid', orderable: true }),
    campaign_id: readOnly(z.string().meta({ description: 'Business ID, CMP-NNNNNN.' }), { filter: 'text', orderable: true }),
    property_id: field(uuid.nullable().meta({ description: 'Property (null = company-wide).' }), { filter: 'uuid' }),
    segment_id: field(uuid.nullable().meta({ description: 'The audience segment (marketing.segments).' }), { filter: 'uuid', references: { table: 'marketing.segments', businessIdColumn: 'segment_id' } }),
    campaign_name: field(z.string().min(1).max(200), { write: 'required', filter: 'text' }),
    campaign_type: field(campaignType, { write: 'required', read: z.string(), filter: 'text' }),
    goal: field(z.string().max(2000).nullable()),
    budget: field(numeric(12, 2).nullable(), { read: decimalString.nullable(), filter: 'numeric' }),
    start_date: field(date.nullable(), { filter: 'date' }),
    end_date: field(date.nullable(), { filter: 'date' }),
    // Status moves only through POST /v1/campaigns/{id}/status (the workflow); new campaigns are drafts.
    status: readOnly(campaignStatus.nullable(), { filter: 'text', hint: 'change it with POST /v1/campaigns/{id}/status' }),
    target_metrics: field(metrics.nullable()),
    actual_metrics: field(metrics.nullable()),
    created_by: readOnly(z.string().nullable(), { filter: 'text' }),
    created_at: readOnly(timestamp.nullable(), { filter: 'timestamptz' }),
    updated_at: readOnly(timestamp.nullable(), { filter: 'timestamptz' }),
  },
  // The database has no CHECK for it, but a campaign ending before it starts is a typo.
  refineCreate: (derived) =>
    derived.refine((v) => typeof v.start_date !== 'string' || typeof v.end_date !== 'string' || v.end_date >= v.start_date, {
      message: 'must not be before start_date',
      path: ['end_date'],
    }),
});

/** The append-only event log: read here, written by the bulk ingest routes. */
export const campaignEventResource = defineResource({
  noun: 'CampaignEvent',
  plural: 'CampaignEvents',
  tag: 'campaigns',
  schemaName: 'CampaignEvent',
  table: 'marketing.campaign_events',
  collectionPath: '/v1/campaign-events',
  businessIdColumn: 'campaign_event_id',
  defaultOrder: 'id.desc',
  operations: ['list', 'get'],
  fields: {
    id: readOnly(uuid, { filter: 'uuid', orderable: true }),
    campaign_event_id: readOnly(z.string().meta({ description: 'Business ID, CEVT-NNNNNN.' }), { filter: 'text' }),
    campaign_id: readOnly(uuid, { filter: 'uuid' }),
    contact_id: readOnly(uuid, { filter: 'uuid' }),
    event_type: readOnly(eventType, { filter: 'text' }),
    event_timestamp: readOnly(timestamp.nullable(), { filter: 'timestamptz' }),
    event_data: readOnly(jsonObject.nullable()),
    channel: readOnly(z.string().nullable(), { filter: 'text' }),
    device_type: readOnly(z.string().nullable(), { filter: 'text' }),
    location: readOnly(z.string().nullable(), { filter: 'text' }),
  },
});

const touchColumns = (which: 'first' | 'last') => ({
  [`${which}_touch_campaign_id`]: field(uuid.nullable(), { filter: 'uuid', references: { table: 'marketing.campaigns', businessIdColumn: 'campaign_id' } }),
  [`${which}_touch_channel`]: field(z.string().max(50).nullable().meta({ description: 'email, social, paid, direct, ...' }), { filter: 'text' }),
  [`${which}_touch_source`]: field(z.string().max(200).nullable().meta({ description: 'airbnb, vrbo, google, newsletter, ...' }), { filter: 'text' }),
  [`${which}_touch_date`]: field(timestamp.nullable(), { filter: 'timestamptz' }),
});

export const attributionResource = defineResource({
  noun: 'Attribution',
  plural: 'Attributions',
  tag: 'attribution',
  schemaName: 'Attribution',
  table: 'marketing.attribution',
  collectionPath: '/v1/attribution',
  defaultOrder: 'id.desc',
  fields: {
    id: readOnly(uuid, { filter: 'uuid', orderable: true }),
    reservation_id: field(uuid, { write: 'required', filter: 'uuid' }),
    ...touchColumns('first'),
    ...touchColumns('last'),
    touchpoints: field(
      withinBytes(z.array(jsonObject).max(200)).nullable().meta({ description: 'The ordered touches, each an object (campaign_id, channel, date, weight, ...).' }),
    ),
    attribution_model: field(
      z
        .string()
        .regex(/^[a-z][a-z0-9_]{0,49}$/, 'must be a lower-case word such as first_touch, last_touch, linear, position_based, time_decay')
        .nullable(),
      { filter: 'text' },
    ),
    revenue_attributed: field(numeric(12, 2).nullable(), { read: decimalString.nullable(), filter: 'numeric' }),
    created_at: readOnly(timestamp.nullable(), { filter: 'timestamptz' }),
  },
});
