/**
 * zod schemas of the WhatsApp module (schema/74_mkt_whatsapp.sql); enum
 * lists and formats mirror its CHECKs exactly.
 */
import * as z from 'zod/mini';
import { uuid } from '../platform/schemas.js';
import { withMeta } from '../platform/schema-meta.js';

export const ACCOUNT_STATUSES = ['pending', 'active', 'suspended', 'disconnected'] as const;
export const QUALITY_RATINGS = ['unknown', 'green', 'yellow', 'red'] as const;
export const GROUP_TYPES = ['community', 'announcement', 'owners', 'investors', 'guests', 'partners', 'internal'] as const;
export const GROUP_STATUSES = ['active', 'archived'] as const;
export const OPT_IN_STATUSES = ['unknown', 'opted_in', 'opted_out'] as const;
export const MESSAGE_DIRECTIONS = ['outbound', 'inbound'] as const;
export const MESSAGE_TYPES = ['text', 'template', 'image', 'video', 'document', 'audio', 'interactive', 'location', 'reaction'] as const;
export const MESSAGE_STATUSES = ['scheduled', 'queued', 'sent', 'delivered', 'read', 'failed', 'received'] as const;
/** What a message written through the API starts as (the sender and the webhook move it on). */
export const NEW_MESSAGE_STATUSES = ['scheduled', 'queued'] as const;

/** A write-only secret: sealed before it is stored, never returned or logged. */
export const secretInput = (description: string) => withMeta(z.string().check(z.minLength(1), z.maxLength(8192)), { description: `${description} Write-only; stored encrypted (KMS envelope), never returned.`, writeOnly: true });

/** The body parameters of a template message, in order ({{1}}, {{2}}, …), each a text parameter. */
export const templateParameters = z.array(z.string().check(z.minLength(1), z.maxLength(1024))).check(z.maxLength(20));

export const phoneE164 = z.string().check(z.regex(/^\+[1-9][0-9]{6,14}$/, 'must be an E.164 number such as +15551234567'));

export const campaignParams = z.object({ campaignId: withMeta(z.string().check(z.minLength(1), z.maxLength(64)), { description: 'The campaign uuid or MCMP-NNNNNN.' }) });

export const campaignStats = withMeta(z.object({
    campaign_id: uuid,
    outbound: z.int(),
    scheduled: z.int(),
    queued: z.int(),
    sent: withMeta(z.int(), { description: 'Messages that reached at least "sent".' }),
    delivered: withMeta(z.int(), { description: 'Messages that reached at least "delivered".' }),
    read: z.int(),
    failed: z.int(),
    outcome_unknown: withMeta(z.int(), { description: 'Messages whose send got no answer: check before resending (never resent automatically).' }),
    replies: withMeta(z.int(), { description: 'Inbound messages from the campaign\'s contacts after the campaign first wrote to them.' }),
    pricing_categories: withMeta(z.record(z.string(), z.int()), { description: "Messages per Meta pricing category (marketing, utility, …), from their billable statuses." }),
  }), { id: 'MktWhatsappCampaignStats' });
