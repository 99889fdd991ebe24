/**
 * zod schemas of the campaigns domain. Enum lists mirror the CHECKs of
 * schema/84_marketing_campaigns.sql exactly (campaign_type, status,
 * event_type), so a bad value fails here with a field path.
 */
import { z } from 'zod';
import { withinBytes } from '../platform/crud/byte-limits.js';
import { jsonObject, numeric, timestamp } from '../platform/schemas.js';
import { holdsNulCharacter, illFormedStrings, isWellFormed, KEY_NOT_WELL_FORMED, NOT_WELL_FORMED, NUL_MESSAGE, stringsWithNul } from '../platform/well-formed.js';

/** The ingest checks its own items' text (its routes declare `textChecks: 'per-item'`): NUL is refused per item too. */
const withoutNul = (text: string): boolean => !holdsNulCharacter(text);
import { CAMPAIGN_STATUSES } from './workflow.js';

export const CAMPAIGN_TYPES = ['email', 'social', 'paid', 'retargeting', 'sms', 'multi_channel'] as const;
export const campaignType = z.enum(CAMPAIGN_TYPES);
export const campaignStatus = z.enum(CAMPAIGN_STATUSES);

export const EVENT_TYPES = ['sent', 'delivered', 'opened', 'clicked', 'converted', 'bounced', 'unsubscribed', 'complained'] as const;
export const eventType = z.enum(EVENT_TYPES);

/** A metrics object (`{"open_rate": 0.3}`), capped so the row stays inside the Data API's 64 KB. */
export const metrics = withinBytes(jsonObject).meta({ description: 'Free-form metrics object, at most 8,000 bytes as JSON.' });

export const statusChange = z.object({ status: campaignStatus });

/** Largest number of events one ingest request takes. */
export const MAX_EVENTS_PER_REQUEST = 10_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** A contact by its uuid or by its e-mail address (matched case-insensitively against directory.contacts.email). */
export const contactRef = z
  .string()
  .min(3)
  .max(320)
  .refine((v) => UUID.test(v) || EMAIL.test(v), 'must be a contact uuid or an e-mail address')
  // An e-mail address may hold any character; a lone surrogate cannot reach the database as sent (platform/well-formed.ts).
  .refine(isWellFormed, NOT_WELL_FORMED)
  .refine(withoutNul, NUL_MESSAGE)
  .meta({ description: 'The contact: its uuid or its e-mail address.' });

const campaignRef = z
  .string()
  .regex(/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|CMP-\d{6,12})$/i, 'must be a campaign uuid or CMP-NNNNNN')
  .meta({ description: 'The campaign: its uuid or business ID (CMP-NNNNNN).' });

/** Largest event_data, in bytes of its JSON text. */
export const EVENT_DATA_MAX_BYTES = 4000;

/** Free text of an event: a lone surrogate cannot reach the database as sent (platform/well-formed.ts). */
const eventText = (max: number) => z.string().min(1).max(max).refine(isWellFormed, NOT_WELL_FORMED).refine(withoutNul, NUL_MESSAGE);

/**
 * event_data with every string and key well-formed and without NUL: jsonb
 * refuses a lone surrogate's `\ud800` escape and U+0000, which failed the
 * whole ingest statement. Each one is reported at its own path
 * (`event_data.notes[2]`).
 */
const eventData = jsonObject.superRefine((data, ctx) => {
  for (const { path, key } of illFormedStrings(data)) ctx.addIssue({ code: 'custom', message: key ? KEY_NOT_WELL_FORMED : NOT_WELL_FORMED, path });
  for (const { path } of stringsWithNul(data)) ctx.addIssue({ code: 'custom', message: NUL_MESSAGE, path });
});

/** One event as a client sends it to POST /v1/campaigns/{id}/events. */
export const eventInput = z.strictObject({
  contact: contactRef,
  event_type: eventType,
  event_timestamp: timestamp.optional().meta({ description: 'When it happened; default: when stored.' }),
  event_data: withinBytes(eventData, EVENT_DATA_MAX_BYTES).nullable().optional(),
  channel: eventText(50).nullable().optional(),
  device_type: eventText(50).nullable().optional(),
  location: eventText(200).nullable().optional(),
});
export type EventInput = z.output<typeof eventInput>;

/** One event of the cross-campaign batch: the same with its campaign. */
export const batchEventInput = eventInput.extend({ campaign: campaignRef });
export type BatchEventInput = z.output<typeof batchEventInput>;

/**
 * The ingest body. Items are checked one by one by the service (so a bad item
 * is reported by index while the good ones are stored); the list itself is
 * checked here. The item schema is given for the OpenAPI document.
 */
function eventsBody(fields: string) {
  return z.object({
    events: z
      .array(z.unknown().meta({ description: `An event: { ${fields} }; checked item by item.` }))
      .min(1)
      .max(MAX_EVENTS_PER_REQUEST)
      .meta({ description: `1 to ${MAX_EVENTS_PER_REQUEST} events.` }),
  });
}

const EVENT_FIELDS = 'contact (uuid or e-mail), event_type, event_timestamp?, event_data?, channel?, device_type?, location?';
export const campaignEventsBody = eventsBody(EVENT_FIELDS);
export const batchEventsBody = eventsBody(`campaign (uuid or CMP-NNNNNN), ${EVENT_FIELDS}`);

export const ingestResult = z
  .object({
    received: z.number().int(),
    stored: z.number().int(),
    rejected: z.number().int(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).meta({ description: 'One entry per rejected event, by index.' }),
  })
  .meta({ id: 'CampaignEventIngestResult' });

export const deliveryResult = z
  .object({
    stored: z.number().int(),
    duplicates: z.number().int().meta({ description: 'Already stored (a redelivery): nothing changed.' }),
    unmatched: z.number().int().meta({ description: 'No campaign (tag / custom argument) or no single contact with the address.' }),
    ignored: z.number().int().meta({ description: 'Event types with no campaign event type (deferred, dropped, ...) or items missing fields.' }),
  })
  .meta({ id: 'ProviderDeliveryResult' });

/** `?from=&to=`: a half-open range [from, to) of event timestamps; either end may be left open. */
export const metricsQuery = z
  .object({
    from: timestamp.optional().meta({ description: 'Events at or after this instant (ISO 8601).' }),
    to: timestamp.optional().meta({ description: 'Events before this instant (ISO 8601).' }),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), {
    message: 'must be after from',
    path: ['to'],
    // Only when both are timestamps: a malformed one is reported as that alone.
    when: (payload) => payload.issues.length === 0,
  });

const perEventType = z.object(Object.fromEntries(EVENT_TYPES.map((t) => [t, z.number().int()])));
const rate = z.number().nullable();

export const campaignMetrics = z
  .object({
    campaign_id: z.uuid(),
    from: timestamp.nullable(),
    to: timestamp.nullable(),
    events: perEventType.meta({ description: 'Events per type.' }),
    contacts: perEventType.meta({ description: 'Distinct contacts per type.' }),
    unique_contacts: z.number().int(),
    rates: z
      .object({
        delivery_rate: rate,
        open_rate: rate,
        click_rate: rate,
        conversion_rate: rate,
        bounce_rate: rate,
        unsubscribe_rate: rate,
        complaint_rate: rate,
      })
      .meta({ description: 'Distinct contacts over the step before (sent or delivered), 4 decimals; null when that step has none.' }),
  })
  .meta({ id: 'CampaignMetrics' });

export const refreshBody = z.strictObject({}).optional();

export const attributionModel = z.enum(['first_touch', 'last_touch', 'linear', 'position_based', 'time_decay']);

export const computeAttributionBody = z.object({
  reservation_id: z.uuid(),
  models: z.array(attributionModel).min(1).max(5).optional().meta({ description: 'Default: all five.' }),
  lookback_days: z.number().int().min(1).max(365).optional().meta({ description: 'Touches this many days before the booking count (default 90).' }),
  revenue: numeric(12, 2).optional().meta({ description: "Revenue to attribute; default the reservation's total_amount." }),
});

export const summaryQuery = z.object({
  from: timestamp.optional().meta({ description: 'Bookings (reservation created_at) at or after this instant.' }),
  to: timestamp.optional().meta({ description: 'Bookings before this instant.' }),
  model: attributionModel.optional().meta({ description: 'One model; default every model with computed rows.' }),
});

const summaryLine = z.object({
  key: z.string().nullable().meta({ description: 'Campaign uuid or channel.' }),
  label: z.string().nullable().meta({ description: 'Campaign business ID or channel.' }),
  revenue: z.string().meta({ description: 'Exact decimal.' }),
  touches: z.number().int(),
  reservations: z.number().int(),
});

export const attributionSummaryResult = z
  .object({
    from: timestamp.nullable(),
    to: timestamp.nullable(),
    truncated: z.boolean().meta({ description: 'More than 2,000 lines: narrow the range or pick a model.' }),
    models: z.array(z.object({ model: z.string(), by_campaign: z.array(summaryLine), by_channel: z.array(summaryLine) })),
  })
  .meta({ id: 'AttributionSummary' });
