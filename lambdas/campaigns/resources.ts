/**
 * Campaigns and their event log as generic CRUD resources
 * (marketing.campaigns, marketing.campaign_events), each declared once by its
 * fields.
 */
import * as z from 'zod/mini';
import { defineResource, field, readOnly } from '../platform/crud/index.js';
import { date, decimalString, jsonObject, numeric, timestamp, uuid } from '../platform/schemas.js';
import { campaignStatus, campaignType, eventType, metrics } from './schemas.js';
import { withMeta } from '../platform/schema-meta.js';

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
    campaign_id: readOnly(withMeta(z.string(), { description: 'Business ID, CMP-NNNNNN.' }), { filter: 'text', orderable: true }),
    property_id: field(withMeta(z.nullable(uuid), { description: 'Property (null = company-wide).' }), { filter: 'uuid' }),
    segment_id: field(withMeta(z.nullable(uuid), { description: 'The audience segment (marketing.segments).' }), { filter: 'uuid', references: { table: 'marketing.segments', businessIdColumn: 'segment_id' } }),
    campaign_name: field(z.string().check(z.minLength(1), z.maxLength(200)), { write: 'required', filter: 'text' }),
    campaign_type: field(campaignType, { write: 'required', read: z.string(), filter: 'text' }),
    goal: field(z.nullable(z.string().check(z.maxLength(2000)))),
    budget: field(z.nullable(numeric(12, 2)), { read: z.nullable(decimalString), filter: 'numeric' }),
    start_date: field(z.nullable(date), { filter: 'date' }),
    end_date: field(z.nullable(date), { filter: 'date' }),
    // Status moves only through POST /v1/campaigns/{id}/status (the workflow); new campaigns are drafts.
    status: readOnly(z.nullable(campaignStatus), { filter: 'text', hint: 'change it with POST /v1/campaigns/{id}/status' }),
    target_metrics: field(z.nullable(metrics)),
    actual_metrics: field(z.nullable(metrics)),
    created_by: readOnly(z.nullable(z.string()), { filter: 'text' }),
    created_at: readOnly(z.nullable(timestamp), { filter: 'timestamptz' }),
    updated_at: readOnly(z.nullable(timestamp), { filter: 'timestamptz' }),
  },
  // The database has no CHECK for it, but a campaign ending before it starts is a typo.
  refineCreate: (derived) =>
    derived.check(z.refine((v) => typeof v.start_date !== 'string' || typeof v.end_date !== 'string' || v.end_date >= v.start_date, {
      message: 'must not be before start_date',
      path: ['end_date'],
    })),
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
    campaign_event_id: readOnly(withMeta(z.string(), { description: 'Business ID, CEVT-NNNNNN.' }), { filter: 'text' }),
    campaign_id: readOnly(uuid, { filter: 'uuid' }),
    contact_id: readOnly(uuid, { filter: 'uuid' }),
    event_type: readOnly(eventType, { filter: 'text' }),
    event_timestamp: readOnly(z.nullable(timestamp), { filter: 'timestamptz' }),
    event_data: readOnly(z.nullable(jsonObject)),
    channel: readOnly(z.nullable(z.string()), { filter: 'text' }),
    device_type: readOnly(z.nullable(z.string()), { filter: 'text' }),
    location: readOnly(z.nullable(z.string()), { filter: 'text' }),
  },
});
