/**
 * zod schemas of the campaigns domain. Enum lists mirror the CHECKs of
 * schema/84_marketing_campaigns.sql exactly (campaign_type, status,
 * event_type), so a bad value fails here with a field path.
 */
import * as z from 'zod/mini';
import { withinBytes } from '../platform/crud/byte-limits.js';
import { jsonObject, timestamp } from '../platform/schemas.js';
import { holdsNulCharacter, illFormedStrings, isWellFormed, KEY_NOT_WELL_FORMED, NOT_WELL_FORMED, NUL_MESSAGE, stringsWithNul } from '../platform/well-formed.js';

/** The ingest checks its own items' text (its routes declare `textChecks: 'per-item'`): NUL is refused per item too. */
const withoutNul = (text: string): boolean => !holdsNulCharacter(text);
import { CAMPAIGN_STATUSES } from './workflow.js';
import { withMeta } from '../platform/schema-meta.js';

export const CAMPAIGN_TYPES = ['email', 'social', 'paid', 'retargeting', 'sms', 'multi_channel'] as const;
export const campaignType = z.enum(CAMPAIGN_TYPES);
export const campaignStatus = z.enum(CAMPAIGN_STATUSES);

export const EVENT_TYPES = ['sent', 'delivered', 'opened', 'clicked', 'converted', 'bounced', 'unsubscribed', 'complained'] as const;
export const eventType = z.enum(EVENT_TYPES);

/** A metrics object (`{"open_rate": 0.3}`), capped so the row stays inside the Data API's 64 KB. */
export const metrics = withMeta(withinBytes(jsonObject), { description: 'Free-form metrics object, at most 8,000 bytes as JSON.' });

export const statusChange = z.object({ status: campaignStatus });

/** Largest number of events one ingest request takes. */
export const MAX_EVENTS_PER_REQUEST = 10_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** A contact by its uuid or by its e-mail address (matched case-insensitively against directory.contacts.email). */
export const contactRef = withMeta(z.string().check(z.minLength(3), z.maxLength(320), z.refine((v) => UUID.test(v) || EMAIL.test(v), 'must be a contact uuid or an e-mail address'), z.refine(isWellFormed, NOT_WELL_FORMED), z.refine(withoutNul, NUL_MESSAGE)), { description: 'The contact: its uuid or its e-mail address.' });

const campaignRef = withMeta(z.string().check(z.regex(/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|CMP-\d{6,12})$/i, 'must be a campaign uuid or CMP-NNNNNN')), { description: 'The campaign: its uuid or business ID (CMP-NNNNNN).' });

/** Largest event_data, in bytes of its JSON text. */
export const EVENT_DATA_MAX_BYTES = 4000;

/** Free text of an event: a lone surrogate cannot reach the database as sent (platform/well-formed.ts). */
const eventText = (max: number) => z.string().check(z.minLength(1), z.maxLength(max), z.refine(isWellFormed, NOT_WELL_FORMED), z.refine(withoutNul, NUL_MESSAGE));

/**
 * event_data with every string and key well-formed and without NUL: jsonb
 * refuses a lone surrogate's `\ud800` escape and U+0000, which failed the
 * whole ingest statement. Each one is reported at its own path
 * (`event_data.notes[2]`).
 */
const eventData = jsonObject.check(z.superRefine((data, ctx) => {
  for (const { path, key } of illFormedStrings(data)) ctx.addIssue({ code: 'custom', message: key ? KEY_NOT_WELL_FORMED : NOT_WELL_FORMED, path });
  for (const { path } of stringsWithNul(data)) ctx.addIssue({ code: 'custom', message: NUL_MESSAGE, path });
}));

/** One event as a client sends it to POST /v1/campaigns/{id}/events. */
export const eventInput = z.strictObject({
  contact: contactRef,
  event_type: eventType,
  event_timestamp: withMeta(z.optional(timestamp), { description: 'When it happened; default: when stored.' }),
  event_data: z.optional(z.nullable(withinBytes(eventData, EVENT_DATA_MAX_BYTES))),
  channel: z.optional(z.nullable(eventText(50))),
  device_type: z.optional(z.nullable(eventText(50))),
  location: z.optional(z.nullable(eventText(200))),
});
export type EventInput = z.output<typeof eventInput>;

/** One event of the cross-campaign batch: the same with its campaign. */
export const batchEventInput = z.extend(eventInput, { campaign: campaignRef });
export type BatchEventInput = z.output<typeof batchEventInput>;

/**
 * The ingest body. Items are checked one by one by the service (so a bad item
 * is reported by index while the good ones are stored); the list itself is
 * checked here. The item schema is given for the OpenAPI document.
 */
function eventsBody(fields: string) {
  return z.object({
    events: withMeta(z.array(withMeta(z.unknown(), { description: `An event: { ${fields} }; checked item by item.` })).check(z.minLength(1), z.maxLength(MAX_EVENTS_PER_REQUEST)), { description: `1 to ${MAX_EVENTS_PER_REQUEST} events.` }),
  });
}

const EVENT_FIELDS = 'contact (uuid or e-mail), event_type, event_timestamp?, event_data?, channel?, device_type?, location?';
export const campaignEventsBody = eventsBody(EVENT_FIELDS);
export const batchEventsBody = eventsBody(`campaign (uuid or CMP-NNNNNN), ${EVENT_FIELDS}`);

export const ingestResult = withMeta(z.object({
    received: z.int(),
    stored: z.int(),
    rejected: z.int(),
    errors: withMeta(z.array(z.object({ path: z.string(), message: z.string() })), { description: 'One entry per rejected event, by index.' }),
  }), { id: 'CampaignEventIngestResult' });

export const deliveryResult = withMeta(z.object({
    stored: z.int(),
    duplicates: withMeta(z.int(), { description: 'Already stored (a redelivery): nothing changed.' }),
    unmatched: withMeta(z.int(), { description: 'No campaign (tag / custom argument) or no single contact with the address.' }),
    ignored: withMeta(z.int(), { description: 'Event types with no campaign event type (deferred, dropped, ...) or items missing fields.' }),
  }), { id: 'ProviderDeliveryResult' });

/** `?from=&to=`: a half-open range [from, to) of event timestamps; either end may be left open. */
export const metricsQuery = z.object({
    from: withMeta(z.optional(timestamp), { description: 'Events at or after this instant (ISO 8601).' }),
    to: withMeta(z.optional(timestamp), { description: 'Events before this instant (ISO 8601).' }),
  }).check(z.refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), {
    message: 'must be after from',
    path: ['to'],
    // Only when both are timestamps: a malformed one is reported as that alone.
    when: (payload) => payload.issues.length === 0,
  }));

const perEventType = z.object(Object.fromEntries(EVENT_TYPES.map((t) => [t, z.int()])));
const rate = z.nullable(z.number());

export const campaignMetrics = withMeta(z.object({
    campaign_id: z.uuid(),
    from: z.nullable(timestamp),
    to: z.nullable(timestamp),
    events: withMeta(perEventType, { description: 'Events per type.' }),
    contacts: withMeta(perEventType, { description: 'Distinct contacts per type.' }),
    unique_contacts: z.int(),
    rates: withMeta(z.object({
        delivery_rate: rate,
        open_rate: rate,
        click_rate: rate,
        conversion_rate: rate,
        bounce_rate: rate,
        unsubscribe_rate: rate,
        complaint_rate: rate,
      }), { description: 'Distinct contacts over the step before (sent or delivered), 4 decimals; null when that step has none.' }),
  }), { id: 'CampaignMetrics' });

export const refreshBody = z.optional(z.strictObject({}));
