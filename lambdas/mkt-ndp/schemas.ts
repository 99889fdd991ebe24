/**
 * zod schemas of the NDP research module (schema/71_mkt_ndp.sql); enum
 * lists mirror its CHECKs exactly.
 */
import * as z from 'zod/mini';
import { withMeta } from '../platform/schema-meta.js';

export const TOPIC_SOURCES = [
  'owner_interview',
  'guest_review',
  'survey',
  'sales_call',
  'support_ticket',
  'social_listening',
  'competitor_research',
  'market_data',
  'internal',
] as const;
export const TOPIC_STATUSES = ['draft', 'validated', 'archived'] as const;

/** smallint 1..5 (intensity, relevance CHECKs). */
export const oneToFive = z.int().check(z.minimum(1), z.maximum(5));

const codeOrUuid = z.string().check(z.regex(/^([a-z][a-z0-9_]{0,63}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/, 'must be a lower-case code or a uuid'));

export const codeParams = z.object({ code: codeOrUuid });

/** The topic list's own filters, besides the generic column filters. */
export const topicFilters = {
  category: withMeta(z.optional(codeOrUuid), { description: 'Only topics of this NDP category (code such as pain, or uuid).' }),
  segment: withMeta(z.optional(codeOrUuid), { description: 'Only topics linked to this segment (code such as prospective_owners, or uuid).' }),
};
