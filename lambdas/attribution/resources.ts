/**
 * Booking attribution records (marketing.attribution) as generic CRUD, declared
 * once by their fields; computed rows come from POST /v1/attribution/compute.
 */
import * as z from 'zod/mini';
import { withinBytes } from '../platform/crud/byte-limits.js';
import { defineResource, field, readOnly } from '../platform/crud/index.js';
import { decimalString, jsonObject, numeric, timestamp, uuid } from '../platform/schemas.js';
import { withMeta } from '../platform/schema-meta.js';

const touchColumns = (which: 'first' | 'last') => ({
  [`${which}_touch_campaign_id`]: field(z.nullable(uuid), { filter: 'uuid', references: { table: 'marketing.campaigns', businessIdColumn: 'campaign_id' } }),
  [`${which}_touch_channel`]: field(withMeta(z.nullable(z.string().check(z.maxLength(50))), { description: 'email, social, paid, direct, ...' }), { filter: 'text' }),
  [`${which}_touch_source`]: field(withMeta(z.nullable(z.string().check(z.maxLength(200))), { description: 'airbnb, vrbo, google, newsletter, ...' }), { filter: 'text' }),
  [`${which}_touch_date`]: field(z.nullable(timestamp), { filter: 'timestamptz' }),
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
      withMeta(z.nullable(withinBytes(z.array(jsonObject).check(z.maxLength(200)))), { description: 'The ordered touches, each an object (campaign_id, channel, date, weight, ...).' }),
    ),
    attribution_model: field(
      z.nullable(z.string().check(z.regex(/^[a-z][a-z0-9_]{0,49}$/, 'must be a lower-case word such as first_touch, last_touch, linear, position_based, time_decay'))),
      { filter: 'text' },
    ),
    revenue_attributed: field(z.nullable(numeric(12, 2)), { read: z.nullable(decimalString), filter: 'numeric' }),
    created_at: readOnly(z.nullable(timestamp), { filter: 'timestamptz' }),
  },
});
