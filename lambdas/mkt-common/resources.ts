/**
 * Campaigns (public.mkt_campaigns) as one CRUD declaration. The business
 * code MCMP-NNNNNN comes from the column default; created_by is the caller's
 * profile, set by the database from the token's subject (schema/95).
 */
import * as z from 'zod/mini';
import { defineResource, field, readOnly, type CrudContext } from '../platform/crud/index.js';
import { date, decimalString, timestamp, uuid } from '../platform/schemas.js';
import { CAMPAIGN_OBJECTIVES, CAMPAIGN_STATUSES, currency, money } from './schemas.js';
import { withMeta } from '../platform/schema-meta.js';

/** The token's subject for the actor trigger (schema/95_mkt_actor_columns.sql). */
export const actorSettings = (context: CrudContext) => ({ 'app.actor': context.principal?.sub ?? null });

export const campaignResource = defineResource({
  noun: 'MktCampaign',
  plural: 'MktCampaigns',
  tag: 'mkt-campaigns',
  schemaName: 'MktCampaign',
  table: 'public.mkt_campaigns',
  collectionPath: '/v1/mkt/campaigns',
  businessIdColumn: 'campaign_code',
  // uuidv7 ids: newest first.
  defaultOrder: 'id.desc',
  hooks: { settings: actorSettings },
  fields: {
    id: readOnly(uuid, { filter: 'uuid', orderable: true }),
    campaign_code: readOnly(withMeta(z.string(), { description: 'Business ID, MCMP-NNNNNN.' }), { filter: 'text' }),
    name: field(z.string().check(z.minLength(1), z.maxLength(200)), { write: 'required', filter: 'text', orderable: true }),
    description: field(z.nullable(z.string().check(z.maxLength(5000))), { inList: false }),
    objective: field(z.enum(CAMPAIGN_OBJECTIVES), { filter: 'text' }),
    status: field(z.enum(CAMPAIGN_STATUSES), { filter: 'text', orderable: true }),
    start_date: field(z.nullable(date), { filter: 'date', orderable: true }),
    end_date: field(z.nullable(date), { filter: 'date', orderable: true }),
    budget_amount: field(z.nullable(money), { read: z.nullable(decimalString) }),
    currency: field(currency),
    primary_channel_id: field(z.nullable(uuid), { filter: 'uuid' }),
    owner_id: field(withMeta(z.nullable(uuid), { description: 'The responsible person (a profile).' }), { filter: 'uuid' }),
    created_by: readOnly(withMeta(z.nullable(uuid), { description: "The creator's profile, from the token." }), { filter: 'uuid' }),
    created_at: readOnly(timestamp, { filter: 'timestamptz', orderable: true }),
    updated_at: readOnly(timestamp),
  },
  // The same rule as CHECK mkt_campaigns_dates_check, with the field that breaks it.
  refineCreate: (derived) =>
    derived.check(z.refine((v) => typeof v.end_date !== 'string' || typeof v.start_date !== 'string' || v.end_date >= v.start_date, {
      message: 'must not be before start_date',
      path: ['end_date'],
    })),
});
