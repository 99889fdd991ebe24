/**
 * zod schemas of booking attribution: the compute body, the summary query and
 * its result. Model names mirror ATTRIBUTION_MODELS (repository.ts).
 */
import * as z from 'zod/mini';
import { numeric, timestamp } from '../platform/schemas.js';
import { withMeta } from '../platform/schema-meta.js';

export const attributionModel = z.enum(['first_touch', 'last_touch', 'linear', 'position_based', 'time_decay']);

export const computeAttributionBody = z.object({
  reservation_id: z.uuid(),
  models: withMeta(z.optional(z.array(attributionModel).check(z.minLength(1), z.maxLength(5))), { description: 'Default: all five.' }),
  lookback_days: withMeta(z.optional(z.int().check(z.minimum(1), z.maximum(365))), { description: 'Touches this many days before the booking count (default 90).' }),
  revenue: withMeta(z.optional(numeric(12, 2)), { description: "Revenue to attribute; default the reservation's total_amount." }),
});

export const summaryQuery = z.object({
  from: withMeta(z.optional(timestamp), { description: 'Bookings (reservation created_at) at or after this instant.' }),
  to: withMeta(z.optional(timestamp), { description: 'Bookings before this instant.' }),
  model: withMeta(z.optional(attributionModel), { description: 'One model; default every model with computed rows.' }),
});

const summaryLine = z.object({
  key: withMeta(z.nullable(z.string()), { description: 'Campaign uuid or channel.' }),
  label: withMeta(z.nullable(z.string()), { description: 'Campaign business ID or channel.' }),
  revenue: withMeta(z.string(), { description: 'Exact decimal.' }),
  touches: z.int(),
  reservations: z.int(),
});

export const attributionSummaryResult = withMeta(z.object({
    from: z.nullable(timestamp),
    to: z.nullable(timestamp),
    truncated: withMeta(z.boolean(), { description: 'More than 2,000 lines: narrow the range or pick a model.' }),
    models: z.array(z.object({ model: z.string(), by_campaign: z.array(summaryLine), by_channel: z.array(summaryLine) })),
  }), { id: 'AttributionSummary' });
